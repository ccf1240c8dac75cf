// name: synthetic-needs
// title: Synthetic needs among given needs
// description: Of the needs named in needs, those that are synthetic (made by
//   the seeded demo generator, not assessed) and that the viewer may see. The
//   explorer asks it of the needs in a table before exporting, to mark the
//   file as holding synthetic data.
// result: table
// columns: need
// param: needs: list[text] = [] ; ids of the needs to look at; empty gives no rows
// mode: read
UNWIND $needs AS id
MATCH (n:Need {id: id})
WHERE coalesce(n.synthetic, false)
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
RETURN DISTINCT n.id AS need
ORDER BY need

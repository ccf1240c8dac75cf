// name: decisions
// title: Decisions: the audit trail of recorded links
// description: Every decision recorded through tagraph (tagraph link, or the
//   explorer), newest first: the link's status and note before and after, who
//   decided and when. Decisions about needs the viewer may not see are left
//   out.
// result: table
// columns: decision, at, need, programme, status_before, status_after, note_before, note_after, decided_on, by
// param: need: text = "" ; id of one need; "" for all ; from: needs
// param: programme: text = "" ; id of one programme; "" for all ; from: programmes
// param: limit: int = 200 ; at most this many decisions
// mode: read
MATCH (d:Decision)-[:CONCERNS]->(n:Need)-[:OF_STATE]->(s:State)
WHERE ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  AND ($need = '' OR d.need = $need)
  AND ($programme = '' OR d.programme = $programme)
RETURN d.id AS decision,
       d.at AS at,
       d.need AS need,
       d.programme AS programme,
       d.status_before AS status_before,
       d.status_after AS status_after,
       d.note_before AS note_before,
       d.note_after AS note_after,
       d.decided_on AS decided_on,
       d.by AS by
ORDER BY at DESC, decision
LIMIT $limit

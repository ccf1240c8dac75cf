// name: need-candidates-for-programme
// title: Open needs a programme could address
// description: For one programme, the gaps it is a candidate for, best first:
//   needs with status open that no programme addresses (no link with status
//   agreed, delivering or completed), in a State the programme covers, sharing
//   a theme with it, identified before its period ended; the programme must be
//   neither cancelled nor completed. link is the status of an existing link
//   from this programme (proposed or declined), if any.
// score: score = shared_themes + geography + shared_resolutions, as in the
//   candidates query (geography 1 for a listed State, 0.5 through a region,
//   0.25 through global scope).
// result: table
// columns: need, title, state, priority, identified, coverage, shared_themes, geography, shared_resolutions, link, score
// param: programme: text = "" ; id of the programme; "" gives no rows ; from: programmes
// param: limit: int = 500 ; at most this many needs, the best first
// mode: read

MATCH (p:Programme {id: $programme})
WHERE NOT p.status IN ['cancelled', 'completed']
WITH p,
     COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code } AS programme_themes,
     COLLECT { MATCH (p)-[:COVERS]->(x:State) RETURN x.iso3 } AS listed,
     COLLECT {
       MATCH (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(x:State)
       RETURN DISTINCT x.iso3
     } AS through_regions
// The open needs nobody addresses in the States it covers (all States for
// global scope), read from the needs' derived facts (state_code, theme_codes,
// addressed), kept up to date by every load and decision.
MATCH (n:Need {status: 'open'})
USING INDEX n:Need(status)
WHERE NOT n.addressed
  AND (p.scope = 'global'
       OR n.state_code IN listed
       OR n.state_code IN through_regions)
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND (p.end IS NULL OR p.end >= n.identified)
WITH p, listed, through_regions, n,
     size([code IN n.theme_codes WHERE code IN programme_themes]) AS shared_themes
WHERE shared_themes > 0
WITH p, n, shared_themes,
     CASE
       WHEN n.state_code IN listed THEN 'state'
       WHEN n.state_code IN through_regions THEN 'region'
       ELSE 'global'
     END AS coverage
WITH p, n, shared_themes, coverage,
     CASE coverage WHEN 'state' THEN 1.0 WHEN 'region' THEN 0.5 ELSE 0.25 END
       AS geography
WITH p, n, shared_themes, coverage, geography,
     COUNT { (n)-[:UNDER]->(:Resolution)<-[:SERVES]-(p) } AS shared_resolutions
OPTIONAL MATCH (p)-[a:ADDRESSES]->(n)
RETURN n.id AS need,
       n.title AS title,
       n.state_code AS state,
       n.priority AS priority,
       n.identified AS identified,
       coverage,
       shared_themes,
       geography,
       shared_resolutions,
       a.status AS link,
       shared_themes + geography + shared_resolutions AS score
ORDER BY score DESC, need
LIMIT $limit

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
     COLLECT { MATCH (p)-[:COVERS]->(x:State) RETURN x.iso3 } AS listed
// The open needs in the States it covers: all States for global scope.
CALL (p) {
  WITH p WHERE p.scope = 'global'
  MATCH (n:Need {status: 'open'})-[:OF_STATE]->(s:State)
  RETURN n, s
  UNION
  WITH p WHERE p.scope <> 'global'
  MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
  WITH DISTINCT s
  MATCH (n:Need {status: 'open'})-[:OF_STATE]->(s)
  RETURN n, s
}
WITH p, programme_themes, listed, n, s
WHERE ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  AND (p.end IS NULL OR p.end >= n.identified)
  AND NOT EXISTS {
    (:Programme)-[a:ADDRESSES]->(n)
    WHERE a.status IN ['agreed', 'delivering', 'completed']
  }
WITH p, programme_themes, listed, n, s,
     size(COLLECT {
       MATCH (n)-[:ON_THEME]->(t:Theme)
       WHERE t.code IN programme_themes
       RETURN t
     }) AS shared_themes
WHERE shared_themes > 0
WITH p, n, s, shared_themes,
     CASE
       WHEN s.iso3 IN listed THEN 'state'
       WHEN p.scope = 'global'
            AND NOT EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) }
       THEN 'global'
       ELSE 'region'
     END AS coverage
WITH p, n, s, shared_themes, coverage,
     CASE coverage WHEN 'state' THEN 1.0 WHEN 'region' THEN 0.5 ELSE 0.25 END
       AS geography,
     COUNT { (n)-[:UNDER]->(:Resolution)<-[:SERVES]-(p) } AS shared_resolutions
OPTIONAL MATCH (p)-[a:ADDRESSES]->(n)
RETURN n.id AS need,
       n.title AS title,
       s.iso3 AS state,
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

// name: candidate-pairs
// title: Candidate pairs: every gap with every candidate programme
// description: One row per gap (an open need that no programme addresses) and
//   candidate programme, with the candidate score, the programme's stated
//   capacity (null when not given) and its load: how many visible needs it
//   already addresses under a link with status agreed or delivering. link is
//   the status of an existing link between the two (proposed or declined).
//   This is the input of the assignment proposal in tagraph.queries.analytics.
// score: score = shared_themes + geography + shared_resolutions, as in the
//   candidates query.
// result: table
// columns: need, state, priority, programme, score, link, capacity, load
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes match; "" for all ; from: themes
// mode: read
MATCH (n:Need {status: 'open'})-[:OF_STATE]->(s:State)
WHERE ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
  AND ($theme = ''
       OR EXISTS { (n)-[:ON_THEME]->(:Theme)-[:PART_OF*0..]->(:Theme {code: $theme}) })
  AND NOT EXISTS {
    (:Programme)-[a:ADDRESSES]->(n)
    WHERE a.status IN ['agreed', 'delivering', 'completed']
  }
MATCH (n)-[:ON_THEME]->(t:Theme)<-[:ON_THEME]-(p:Programme)
WHERE NOT p.status IN ['cancelled', 'completed']
  AND (p.end IS NULL OR p.end >= n.identified)
WITH n, s, p, count(DISTINCT t) AS shared_themes,
     CASE
       WHEN EXISTS { (p)-[:COVERS]->(s) } THEN 1.0
       WHEN EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) } THEN 0.5
       WHEN p.scope = 'global' THEN 0.25
     END AS geography
WHERE geography IS NOT NULL
OPTIONAL MATCH (p)-[a:ADDRESSES]->(n)
RETURN n.id AS need,
       s.iso3 AS state,
       n.priority AS priority,
       p.id AS programme,
       shared_themes + geography
         + COUNT { (n)-[:UNDER]->(:Resolution)<-[:SERVES]-(p) } AS score,
       a.status AS link,
       p.capacity AS capacity,
       COUNT {
         MATCH (p)-[l:ADDRESSES]->(m:Need)-[:OF_STATE]->(ms:State)
         WHERE l.status IN ['agreed', 'delivering']
           AND ($access_all OR m.confidentiality = 'public' OR ms.iso3 IN $access_states)
       } AS load
ORDER BY need, score DESC, programme

// name: candidates
// title: Candidate programmes for a need
// description: The programmes that are candidates for one need, best first. A
//   candidate is neither cancelled nor completed, covers the need's State
//   (listed, through one of its regions, or global scope), shares at least one
//   theme with the need, and its period had not ended when the need was
//   identified. coverage says how it covers the State (state, region or
//   global); link is the status of an existing link between the two, if any
//   (a declined link does not stop a programme being a candidate).
// score: score = shared_themes + geography + shared_resolutions, where
//   shared_themes is the number of the need's themes the programme works on,
//   geography is 1 when the programme lists the State, 0.5 when it covers it
//   through a region and 0.25 when only through global scope, and
//   shared_resolutions is the number of resolutions the need falls under that
//   the programme serves.
// result: table
// columns: programme, title, lead_provider, status, coverage, shared_themes, geography, shared_resolutions, link, score
// param: need: text = "" ; id of the need; "" gives no rows ; from: needs
// mode: read

MATCH (n:Need {id: $need})-[:OF_STATE]->(s:State)
WHERE $access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states
MATCH (lead:Provider)-[:LEADS]->(p:Programme)
WHERE NOT p.status IN ['cancelled', 'completed']
  AND (p.end IS NULL OR p.end >= n.identified)
WITH n, s, p, lead,
     CASE
       WHEN EXISTS { (p)-[:COVERS]->(s) } THEN 'state'
       WHEN EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) } THEN 'region'
       WHEN p.scope = 'global' THEN 'global'
     END AS coverage
WHERE coverage IS NOT NULL
WITH n, p, lead, coverage,
     COUNT { MATCH (p)-[:ON_THEME]->(t:Theme)<-[:ON_THEME]-(n) RETURN DISTINCT t }
       AS shared_themes
WHERE shared_themes > 0
WITH n, p, lead, coverage, shared_themes,
     CASE coverage WHEN 'state' THEN 1.0 WHEN 'region' THEN 0.5 ELSE 0.25 END
       AS geography,
     COUNT { (n)-[:UNDER]->(:Resolution)<-[:SERVES]-(p) } AS shared_resolutions
OPTIONAL MATCH (p)-[a:ADDRESSES]->(n)
RETURN p.id AS programme,
       p.title AS title,
       lead.id AS lead_provider,
       p.status AS status,
       coverage,
       shared_themes,
       geography,
       shared_resolutions,
       a.status AS link,
       shared_themes + geography + shared_resolutions AS score
ORDER BY score DESC, programme

// name: programme-footprint
// title: Programme footprints
// description: For each programme that is not cancelled, its lead provider,
//   themes and every State it covers (listed, through regions, or all States
//   for global scope). The programme network in tagraph.queries.analytics is
//   built from these rows.
// result: table
// columns: programme, title, lead_provider, status, scope, themes, states
// param: status: list[text] = [] ; programme statuses to keep (cancelled ones never appear); empty for all ; choices: pipeline, active, completed
// mode: read
MATCH (lead:Provider)-[:LEADS]->(p:Programme)
WHERE p.status <> 'cancelled'
  AND (size($status) = 0 OR p.status IN $status)
RETURN p.id AS programme,
       p.title AS title,
       lead.id AS lead_provider,
       p.status AS status,
       p.scope AS scope,
       COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
         AS themes,
       CASE
         WHEN p.scope = 'global'
         THEN COLLECT { MATCH (s:State) RETURN s.iso3 ORDER BY s.iso3 }
         ELSE COLLECT {
           MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
           RETURN DISTINCT s.iso3 AS iso3 ORDER BY iso3
         }
       END AS states
ORDER BY programme

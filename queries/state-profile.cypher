// name: state-profile
// title: State profile
// description: For each State (or one), where it lies, its active needs (open or
//   in progress) and how far they are addressed, the themes of those needs,
//   and the programmes covering it (listed, through a region, or global scope;
//   cancelled ones cover nothing) with their lead providers. addressed,
//   uncovered and unlinked have the meanings of the gaps query.
// score: coverage = addressed / active_needs, rounded to 3 decimals (null with
//   no active need).
// result: table
// columns: state, name, region, subregion, active_needs, open_needs, addressed, uncovered, unlinked, coverage, themes, programmes, providers
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// mode: read
MATCH (s:State)
WHERE ($state = '' OR s.iso3 = $state)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
CALL (s) {
  OPTIONAL MATCH (n:Need)-[:OF_STATE]->(s)
  WHERE n.status IN ['open', 'in-progress']
    AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  WITH n,
       n IS NOT NULL AND EXISTS {
         (:Programme)-[a:ADDRESSES]->(n)
         WHERE a.status IN ['agreed', 'delivering', 'completed']
       } AS addressed
  WITH n, addressed, n.status = 'open' AND NOT addressed AS gap
  WITH n, addressed, gap,
       gap AND EXISTS {
         MATCH (n)-[:ON_THEME]->(:Theme)<-[:ON_THEME]-(p:Programme)
         WHERE NOT p.status IN ['cancelled', 'completed']
           AND (p.end IS NULL OR p.end >= n.identified)
           AND (p.scope = 'global'
                OR EXISTS { (p)-[:COVERS]->(s) }
                OR EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) })
       } AS unlinked
  RETURN count(n) AS active_needs,
         count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
         count(CASE WHEN addressed THEN 1 END) AS addressed,
         count(CASE WHEN gap AND NOT unlinked THEN 1 END) AS uncovered,
         count(CASE WHEN unlinked THEN 1 END) AS unlinked,
         collect(n) AS active
}
CALL (s) {
  OPTIONAL MATCH (p:Programme)<-[:LEADS]-(lead:Provider)
  WHERE p.status <> 'cancelled'
    AND (p.scope = 'global'
         OR EXISTS { (p)-[:COVERS]->(s) }
         OR EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) })
  RETURN count(DISTINCT p) AS programmes, count(DISTINCT lead) AS providers
}
RETURN s.iso3 AS state,
       s.name AS name,
       s.region AS region,
       s.subregion AS subregion,
       active_needs,
       open_needs,
       addressed,
       uncovered,
       unlinked,
       CASE WHEN active_needs = 0 THEN null
            ELSE round(toFloat(addressed) / active_needs, 3) END AS coverage,
       COLLECT {
         MATCH (t:Theme)<-[:ON_THEME]-(n:Need)
         WHERE n IN active
         RETURN DISTINCT t.code AS code ORDER BY code
       } AS themes,
       programmes,
       providers
ORDER BY state

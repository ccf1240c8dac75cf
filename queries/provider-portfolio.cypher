// name: provider-portfolio
// title: Provider portfolio
// description: For each provider (or one), the programmes it leads or takes part
//   in that are not cancelled: how many, how many it leads, how many are
//   active, their themes, how many States they cover together (listed,
//   through regions, or all for global scope) and how many visible needs they
//   address (links with status agreed, delivering or completed).
// result: table
// columns: provider, name, kind, programmes, programmes_led, active_programmes, themes, states_covered, needs_addressed
// param: provider: text = "" ; id of one provider; "" for all ; from: providers
// mode: read
MATCH (v:Provider)
WHERE $provider = '' OR v.id = $provider
CALL (v) {
  OPTIONAL MATCH (v)-[role:LEADS|PARTNER_IN]->(p:Programme)
  WHERE p.status <> 'cancelled'
  RETURN count(DISTINCT p) AS programmes,
         count(DISTINCT CASE WHEN type(role) = 'LEADS' THEN p END) AS programmes_led,
         count(DISTINCT CASE WHEN p.status = 'active' THEN p END) AS active_programmes,
         collect(DISTINCT p) AS portfolio
}
RETURN v.id AS provider,
       v.name AS name,
       v.kind AS kind,
       programmes,
       programmes_led,
       active_programmes,
       COLLECT {
         MATCH (p:Programme)-[:ON_THEME]->(t:Theme)
         WHERE p IN portfolio
         RETURN DISTINCT t.code AS code ORDER BY code
       } AS themes,
       CASE
         WHEN any(p IN portfolio WHERE p.scope = 'global')
         THEN COUNT { MATCH (:State) }
         ELSE COUNT {
           MATCH (p:Programme)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
           WHERE p IN portfolio
           RETURN DISTINCT s
         }
       END AS states_covered,
       COUNT {
         MATCH (p:Programme)-[a:ADDRESSES]->(n:Need)-[:OF_STATE]->(s:State)
         WHERE p IN portfolio
           AND a.status IN ['agreed', 'delivering', 'completed']
           AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
         RETURN DISTINCT n
       } AS needs_addressed
ORDER BY provider

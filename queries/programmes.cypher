// name: programmes
// title: Programmes
// description: The programme catalogue. states and regions are those the
//   programme lists; covered_states counts every State it covers (listed,
//   through a region, or all States for global scope; none when cancelled).
//   needs_addressed counts the visible needs it links to with status agreed,
//   delivering or completed. With state set, only programmes that cover that
//   State are listed.
// result: table
// columns: programme, title, lead_provider, provider_name, status, scope, start, end, themes, states, regions, covered_states, capacity, budget_usd, needs_addressed
// param: provider: text = "" ; id of a provider that leads or takes part; "" for all ; from: providers
// param: theme: text = "" ; theme code; programmes on it or on one of its sub-themes match; "" for all ; from: themes
// param: status: list[text] = [] ; programme statuses to keep; empty for all ; choices: pipeline, active, completed, cancelled
// param: state: text = "" ; ISO3 code of a State the programme must cover; "" for all ; from: states
// mode: read
MATCH (lead:Provider)-[:LEADS]->(p:Programme)
WHERE (size($status) = 0 OR p.status IN $status)
  AND ($provider = ''
       OR lead.id = $provider
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(p) })
  AND ($theme = ''
       OR EXISTS { (p)-[:ON_THEME]->(:Theme)-[:PART_OF*0..]->(:Theme {code: $theme}) })
  AND ($state = ''
       OR (p.status <> 'cancelled'
           AND (p.scope = 'global'
                OR EXISTS { (p)-[:COVERS]->(:State {iso3: $state}) }
                OR EXISTS {
                  (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(:State {iso3: $state})
                })))
WITH p, lead,
     CASE
       WHEN p.status = 'cancelled' THEN 0
       WHEN p.scope = 'global' THEN COUNT { MATCH (:State) }
       ELSE COUNT {
         MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(c:State)
         RETURN DISTINCT c
       }
     END AS covered_states
RETURN p.id AS programme,
       p.title AS title,
       lead.id AS lead_provider,
       lead.name AS provider_name,
       p.status AS status,
       p.scope AS scope,
       p.start AS start,
       p.end AS end,
       COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
         AS themes,
       COLLECT { MATCH (p)-[:COVERS]->(x:State) RETURN x.iso3 ORDER BY x.iso3 }
         AS states,
       COLLECT { MATCH (p)-[:COVERS]->(r:Region) RETURN r.code ORDER BY r.code }
         AS regions,
       covered_states,
       p.capacity AS capacity,
       p.budget_usd AS budget_usd,
       COUNT {
         MATCH (p)-[a:ADDRESSES]->(n:Need)
         WHERE a.status IN ['agreed', 'delivering', 'completed']
           AND ($access_all OR n.confidentiality = 'public'
                OR n.state_code IN $access_states)
       } AS needs_addressed
ORDER BY programme

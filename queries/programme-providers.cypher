// name: programme-providers
// title: Providers on each programme
// description: One row per provider and programme it leads or takes part in,
//   for programmes that are not cancelled. role is lead for the lead provider,
//   otherwise the IATI role of its PARTNER_IN link. The provider network in
//   tagraph.queries.analytics is built from these rows.
// result: table
// columns: programme, provider, provider_name, role
// param: provider: text = "" ; id of one provider; "" for all ; from: providers
// mode: read
MATCH (v:Provider)-[r:LEADS|PARTNER_IN]->(p:Programme)
WHERE p.status <> 'cancelled'
  AND ($provider = '' OR v.id = $provider)
RETURN p.id AS programme,
       v.id AS provider,
       v.name AS provider_name,
       CASE type(r) WHEN 'LEADS' THEN 'lead' ELSE r.role END AS role
ORDER BY programme, provider, role

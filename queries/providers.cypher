// name: providers
// title: Providers
// description: Providers of technical assistance, with how many programmes each
//   leads and how many it takes part in as a partner (any status).
// result: table
// columns: provider, name, kind, acronym, programmes_led, programmes_partner
// param: kind: list[text] = [] ; provider kinds to keep; empty for all ; choices: un-entity, multilateral, regional-organization, bilateral-donor, civil-society, private-sector
// mode: read
MATCH (v:Provider)
WHERE size($kind) = 0 OR v.kind IN $kind
RETURN v.id AS provider,
       v.name AS name,
       v.kind AS kind,
       v.acronym AS acronym,
       COUNT { (v)-[:LEADS]->(:Programme) } AS programmes_led,
       COUNT { MATCH (v)-[:PARTNER_IN]->(p:Programme) RETURN DISTINCT p }
         AS programmes_partner
ORDER BY provider

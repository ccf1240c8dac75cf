// name: resolution-coverage
// title: Coverage by resolution
// description: For each Security Council resolution, the active needs (open or
//   in progress) that fall under it, how many some programme addresses (links
//   with status agreed, delivering or completed), and how many programmes
//   serve it (not cancelled; with state or region set, only those covering a
//   State there).
// score: share = addressed / needs, rounded to 3 decimals (null with no need).
// result: chart
// columns: resolution, year, title, needs, addressed, share, programmes
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// mode: read

// The needs under each resolution, gathered in one pass over the needs.
// (The needs' derived facts state_code, region_codes and addressed are kept
// up to date by every load and decision.)
CALL () {
  MATCH (r:Resolution)<-[:UNDER]-(n:Need)
  WHERE n.status IN ['open', 'in-progress']
    AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
    AND ($state = '' OR n.state_code = $state)
    AND ($region = '' OR $region IN n.region_codes)
  WITH r, count(n) AS needs, count(CASE WHEN n.addressed THEN 1 END) AS addressed
  RETURN collect({number: r.number, needs: needs, addressed: addressed}) AS figures
}
MATCH (r:Resolution)
WITH r, [x IN figures WHERE x.number = r.number][0] AS x
CALL (r) {
  OPTIONAL MATCH (r)<-[:SERVES]-(p:Programme)
  WHERE p.status <> 'cancelled'
    AND (($state = '' AND $region = '')
         OR p.scope = 'global'
         OR EXISTS {
           MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
           WHERE ($state = '' OR s.iso3 = $state)
             AND ($region = ''
                  OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
         })
  RETURN count(DISTINCT p) AS programmes
}
WITH r, coalesce(x.needs, 0) AS needs, coalesce(x.addressed, 0) AS addressed,
     programmes
RETURN r.number AS resolution,
       r.year AS year,
       r.title AS title,
       needs,
       addressed,
       CASE WHEN needs = 0 THEN null
            ELSE round(toFloat(addressed) / needs, 3) END AS share,
       programmes
ORDER BY resolution

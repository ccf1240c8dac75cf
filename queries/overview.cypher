// name: overview
// title: Overview: the key figures
// description: One row of key figures for the home page. needs counts every
//   need the viewer may see; active_needs those open or in progress;
//   addressed_share the share of active needs that some programme addresses (a
//   link with status agreed, delivering or completed); gaps the open needs no
//   programme addresses, split into uncovered (no candidate programme) and
//   unlinked (candidates exist, none linked); programmes those not cancelled,
//   active_programmes those with status active.
// score: addressed_share = addressed active needs / active needs, rounded to 3
//   decimals (null when there is no active need).
// result: table
// columns: states, needs, open_needs, active_needs, addressed_share, gaps, uncovered, unlinked, programmes, active_programmes, providers
// mode: read
CALL () {
  MATCH (s:State)
  RETURN count(s) AS states
}
CALL () {
  MATCH (n:Need)-[:OF_STATE]->(s:State)
  WHERE $access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states
  WITH n, s, n.status IN ['open', 'in-progress'] AS active,
       EXISTS {
         (:Programme)-[a:ADDRESSES]->(n)
         WHERE a.status IN ['agreed', 'delivering', 'completed']
       } AS addressed
  WITH n, s, active, addressed, n.status = 'open' AND NOT addressed AS gap
  WITH n, active, addressed, gap,
       gap AND EXISTS {
         MATCH (n)-[:ON_THEME]->(:Theme)<-[:ON_THEME]-(p:Programme)
         WHERE NOT p.status IN ['cancelled', 'completed']
           AND (p.end IS NULL OR p.end >= n.identified)
           AND (p.scope = 'global'
                OR EXISTS { (p)-[:COVERS]->(s) }
                OR EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) })
       } AS unlinked
  RETURN count(n) AS needs,
         count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
         count(CASE WHEN active THEN 1 END) AS active_needs,
         count(CASE WHEN active AND addressed THEN 1 END) AS addressed_needs,
         count(CASE WHEN gap THEN 1 END) AS gaps,
         count(CASE WHEN unlinked THEN 1 END) AS unlinked
}
CALL () {
  MATCH (p:Programme)
  WHERE p.status <> 'cancelled'
  RETURN count(p) AS programmes,
         count(CASE WHEN p.status = 'active' THEN 1 END) AS active_programmes
}
CALL () {
  MATCH (v:Provider)
  RETURN count(v) AS providers
}
RETURN states,
       needs,
       open_needs,
       active_needs,
       CASE WHEN active_needs = 0 THEN null
            ELSE round(toFloat(addressed_needs) / active_needs, 3) END
         AS addressed_share,
       gaps,
       gaps - unlinked AS uncovered,
       unlinked,
       programmes,
       active_programmes,
       providers

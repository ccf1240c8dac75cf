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

// Programmes that can be candidates (neither cancelled nor completed), read
// once, then narrowed to those covering each State.
CALL () {
  MATCH (p:Programme)
  WHERE NOT p.status IN ['cancelled', 'completed']
  RETURN collect({
    end: p.end,
    global: p.scope = 'global',
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(x:State)
      RETURN DISTINCT x.iso3
    },
    themes: COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code }
  }) AS eligible
}
CALL (eligible) {
  MATCH (n:Need)-[:OF_STATE]->(s:State)
  WHERE $access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states
  WITH eligible, s, collect(n) AS needs
  WITH s, needs, [c IN eligible WHERE c.global OR s.iso3 IN c.states] AS covering
  UNWIND needs AS n
  WITH n, covering, n.status IN ['open', 'in-progress'] AS active,
       EXISTS {
         (:Programme)-[a:ADDRESSES]->(n)
         WHERE a.status IN ['agreed', 'delivering', 'completed']
       } AS addressed
  WITH n, covering, active, addressed, n.status = 'open' AND NOT addressed AS gap
  WITH n, covering, active, addressed, gap,
       CASE WHEN gap
            THEN COLLECT { MATCH (n)-[:ON_THEME]->(t:Theme) RETURN t.code }
            ELSE [] END AS themes
  WITH n, active, addressed, gap,
       gap AND any(c IN covering
                   WHERE (c.end IS NULL OR c.end >= n.identified)
                     AND any(code IN c.themes WHERE code IN themes)) AS unlinked
  RETURN count(n) AS needs,
         count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
         count(CASE WHEN active THEN 1 END) AS active_needs,
         count(CASE WHEN active AND addressed THEN 1 END) AS addressed_needs,
         count(CASE WHEN gap THEN 1 END) AS gaps,
         count(CASE WHEN unlinked THEN 1 END) AS unlinked
}
CALL () {
  MATCH (s:State)
  RETURN count(s) AS states
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

// name: overview
// title: Overview: the key figures
// description: One row of key figures for the home page. needs counts every
//   need the viewer may see; active_needs those open or in progress;
//   addressed_share the share of active needs that some programme addresses (a
//   link with status agreed, delivering or completed); gaps the open needs no
//   programme addresses, split into uncovered (no candidate programme) and
//   unlinked (candidates exist, none linked); programmes those not cancelled,
//   active_programmes those with status active; synthetic_needs the needs
//   made by the seeded demo generator (not assessed).
// score: addressed_share = addressed active needs / active needs, rounded to 3
//   decimals (null when there is no active need).
// result: table
// columns: states, needs, open_needs, active_needs, addressed_share, gaps, uncovered, unlinked, programmes, active_programmes, providers, synthetic_needs
// mode: read

// Reads the needs' derived facts (state_code, addressed, candidates), kept up
// to date by every load and decision.
CALL () {
  MATCH (n:Need)
  WHERE ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  WITH n,
       n.status IN ['open', 'in-progress'] AS active,
       n.status = 'open' AND NOT n.addressed AS gap
  RETURN count(n) AS needs,
         count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
         count(CASE WHEN active THEN 1 END) AS active_needs,
         count(CASE WHEN active AND n.addressed THEN 1 END) AS addressed_needs,
         count(CASE WHEN gap THEN 1 END) AS gaps,
         count(CASE WHEN gap AND n.candidates > 0 THEN 1 END) AS unlinked,
         count(CASE WHEN n.synthetic THEN 1 END) AS synthetic_needs
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
       providers,
       synthetic_needs

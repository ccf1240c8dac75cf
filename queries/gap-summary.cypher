// name: gap-summary
// title: Gap summary by State, region or theme
// description: Needs that are open or in progress (the active needs), grouped by
//   State, by region, sub-region or intermediate region (through the State's
//   IN_REGION links), or by theme (a need with several themes counts under each
//   of them; themes are not rolled up to their parents). open_needs counts
//   those with status open; addressed those some programme addresses (a link
//   with status agreed, delivering or completed); uncovered and unlinked split
//   the gaps (open, not addressed) by whether any candidate programme exists,
//   as in the gaps query. Groups without an active need are left out.
// score: coverage = addressed / active_needs, rounded to 3 decimals: the share of
//   open or in-progress needs that some programme addresses.
// result: chart
// columns: code, name, active_needs, open_needs, addressed, uncovered, unlinked, coverage
// param: by: text = "state" ; how to group ; choices: state, region, subregion, intermediate, theme
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: priority: list[text] = [] ; priorities to keep; empty for all ; choices: high, medium, low
// param: year_from: int = null ; earliest year the need was identified; null for no limit
// param: year_to: int = null ; latest year the need was identified; null for no limit
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
MATCH (n:Need)-[:OF_STATE]->(s:State)
WHERE n.status IN ['open', 'in-progress']
  AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
  AND (size($priority) = 0 OR n.priority IN $priority)
  AND ($year_from IS NULL OR n.identified.year >= $year_from)
  AND ($year_to IS NULL OR n.identified.year <= $year_to)
WITH eligible, s, collect(n) AS needs
WITH s, needs, [c IN eligible WHERE c.global OR s.iso3 IN c.states] AS covering
UNWIND needs AS n
WITH n, s, covering,
     EXISTS {
       (:Programme)-[a:ADDRESSES]->(n)
       WHERE a.status IN ['agreed', 'delivering', 'completed']
     } AS addressed
WITH n, s, covering, addressed, n.status = 'open' AND NOT addressed AS gap
WITH n, s, covering, addressed, gap,
     CASE WHEN gap
          THEN COLLECT { MATCH (n)-[:ON_THEME]->(t:Theme) RETURN t.code }
          ELSE [] END AS themes
WITH n, s, addressed, gap,
     gap AND any(c IN covering
                 WHERE (c.end IS NULL OR c.end >= n.identified)
                   AND any(code IN c.themes WHERE code IN themes)) AS unlinked
CALL (n, s) {
  WITH s WHERE $by = 'state'
  RETURN s.iso3 AS code, s.name AS name
  UNION
  WITH s WHERE $by IN ['region', 'subregion', 'intermediate']
  MATCH (s)-[:IN_REGION]->(r:Region {level: $by})
  RETURN r.code AS code, r.name AS name
  UNION
  WITH n WHERE $by = 'theme'
  MATCH (n)-[:ON_THEME]->(t:Theme)
  RETURN t.code AS code, t.name AS name
}
WITH code, name,
     count(n) AS active_needs,
     count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
     count(CASE WHEN addressed THEN 1 END) AS addressed,
     count(CASE WHEN gap AND NOT unlinked THEN 1 END) AS uncovered,
     count(CASE WHEN unlinked THEN 1 END) AS unlinked
RETURN code, name, active_needs, open_needs, addressed, uncovered, unlinked,
       round(toFloat(addressed) / active_needs, 3) AS coverage
ORDER BY code

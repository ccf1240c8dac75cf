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

// Reads the needs' derived facts (state_code, region_codes, theme_codes,
// addressed, candidates), kept up to date by every load and decision.
// Counted per State (or theme) first, then named and rolled up to regions.
MATCH (n:Need)
WHERE n.status IN ['open', 'in-progress']
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($region = '' OR $region IN n.region_codes)
  AND (size($priority) = 0 OR n.priority IN $priority)
  AND ($year_from IS NULL OR n.identified.year >= $year_from)
  AND ($year_to IS NULL OR n.identified.year <= $year_to)
WITH n, n.status = 'open' AND NOT n.addressed AS gap
UNWIND CASE WHEN $by = 'theme' THEN n.theme_codes ELSE [n.state_code] END AS key
WITH key,
     count(n) AS active,
     count(CASE WHEN n.status = 'open' THEN 1 END) AS open,
     count(CASE WHEN n.addressed THEN 1 END) AS addressed,
     count(CASE WHEN gap AND n.candidates = 0 THEN 1 END) AS uncovered,
     count(CASE WHEN gap AND n.candidates > 0 THEN 1 END) AS unlinked
CALL (key) {
  WITH key WHERE $by = 'state'
  MATCH (s:State {iso3: key})
  RETURN s.iso3 AS code, s.name AS name
  UNION
  WITH key WHERE $by IN ['region', 'subregion', 'intermediate']
  MATCH (:State {iso3: key})-[:IN_REGION]->(r:Region {level: $by})
  RETURN r.code AS code, r.name AS name
  UNION
  WITH key WHERE $by = 'theme'
  MATCH (t:Theme {code: key})
  RETURN t.code AS code, t.name AS name
}
WITH code, name,
     sum(active) AS active_needs,
     sum(open) AS open_needs,
     sum(addressed) AS addressed,
     sum(uncovered) AS uncovered,
     sum(unlinked) AS unlinked
RETURN code, name, active_needs, open_needs, addressed, uncovered, unlinked,
       round(toFloat(addressed) / active_needs, 3) AS coverage
ORDER BY code

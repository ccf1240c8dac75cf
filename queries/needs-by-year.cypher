// name: needs-by-year
// title: Needs by year identified
// description: The trend of needs over time: for each year in which a visible
//   need was identified, how many were identified, how many of those are still
//   open, and how many are addressed today (links with status agreed,
//   delivering or completed).
// result: chart
// columns: year, needs, open, addressed
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes count; "" for all ; from: themes
// mode: read
MATCH (n:Need)
WHERE ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($state = '' OR n.state_code = $state)
  AND ($region = '' OR $region IN n.region_codes)
  AND ($theme = '' OR $theme IN n.theme_scope)
RETURN n.identified.year AS year,
       count(n) AS needs,
       count(CASE WHEN n.status = 'open' THEN 1 END) AS open,
       count(CASE WHEN n.addressed THEN 1 END) AS addressed
ORDER BY year

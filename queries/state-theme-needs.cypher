// name: state-theme-needs
// title: Needs per State and theme
// description: How many visible needs each State has on each theme (a need with
//   several themes counts under each), by default counting needs that are open
//   or in progress. The State similarity network in tagraph.queries.analytics
//   is built from these rows.
// result: table
// columns: state, state_name, theme, needs
// param: status: list[text] = ["open", "in-progress"] ; need statuses to count; empty for all ; choices: open, in-progress, met, withdrawn
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// mode: read
MATCH (n:Need)
WHERE (size($status) = 0 OR n.status IN $status)
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($region = '' OR $region IN n.region_codes)
UNWIND n.theme_codes AS theme
WITH n.state_code AS iso3, theme, count(n) AS needs
MATCH (s:State {iso3: iso3})
RETURN s.iso3 AS state,
       s.name AS state_name,
       theme,
       needs
ORDER BY state, theme

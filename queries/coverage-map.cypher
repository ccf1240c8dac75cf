// name: coverage-map
// title: Coverage map: how much of each State's need is addressed
// description: One row per State, for a choropleth: its active needs (open or
//   in progress), how many of them are open, how many some programme addresses
//   (a link with status agreed, delivering or completed), and the coverage
//   ratio. States with no active need have coverage null.
// score: coverage = addressed / active_needs, rounded to 3 decimals.
// result: map
// columns: iso3, name, m49, active_needs, open_needs, addressed, coverage
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes count; "" for all ; from: themes
// param: priority: list[text] = [] ; priorities to count; empty for all ; choices: high, medium, low
// mode: read

// The figures of every State with needs, gathered in one pass over the needs'
// derived facts (state_code, theme_scope, addressed).
CALL () {
  MATCH (n:Need)
  WHERE n.status IN ['open', 'in-progress']
    AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
    AND ($theme = '' OR $theme IN n.theme_scope)
    AND (size($priority) = 0 OR n.priority IN $priority)
  WITH n.state_code AS iso3,
       count(n) AS active_needs,
       count(CASE WHEN n.status = 'open' THEN 1 END) AS open_needs,
       count(CASE WHEN n.addressed THEN 1 END) AS addressed
  RETURN collect({
    iso3: iso3, active: active_needs, open: open_needs, addressed: addressed
  }) AS figures
}
MATCH (s:State)
WITH s, [x IN figures WHERE x.iso3 = s.iso3][0] AS x
WITH s,
     coalesce(x.active, 0) AS active_needs,
     coalesce(x.open, 0) AS open_needs,
     coalesce(x.addressed, 0) AS addressed
RETURN s.iso3 AS iso3,
       s.name AS name,
       s.m49 AS m49,
       active_needs,
       open_needs,
       addressed,
       CASE WHEN active_needs = 0 THEN null
            ELSE round(toFloat(addressed) / active_needs, 3) END AS coverage
ORDER BY iso3

// name: needs
// title: Needs
// description: The needs the viewer may see, filtered by place, theme, priority,
//   status and year. addressed is true when some programme links to the need
//   with status agreed, delivering or completed; addressed_by lists those
//   programmes.
// result: table
// columns: need, title, state, state_name, themes, priority, identified, status, confidentiality, addressed, addressed_by, synthetic
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes match; "" for all ; from: themes
// param: priority: list[text] = [] ; priorities to keep; empty for all ; choices: high, medium, low
// param: status: list[text] = [] ; need statuses to keep; empty for all ; choices: open, in-progress, met, withdrawn
// param: year_from: int = null ; earliest year the need was identified; null for no limit
// param: year_to: int = null ; latest year the need was identified; null for no limit
// param: limit: int = 500 ; at most this many rows, by need id
// mode: read
MATCH (n:Need)
WHERE ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($state = '' OR n.state_code = $state)
  AND ($region = '' OR $region IN n.region_codes)
  AND ($theme = '' OR $theme IN n.theme_scope)
  AND (size($priority) = 0 OR n.priority IN $priority)
  AND (size($status) = 0 OR n.status IN $status)
  AND ($year_from IS NULL OR n.identified.year >= $year_from)
  AND ($year_to IS NULL OR n.identified.year <= $year_to)
WITH n
ORDER BY n.id
LIMIT $limit
MATCH (s:State {iso3: n.state_code})
WITH n, s,
     CASE WHEN n.addressed
          THEN COLLECT {
            MATCH (p:Programme)-[a:ADDRESSES]->(n)
            WHERE a.status IN ['agreed', 'delivering', 'completed']
            RETURN p.id ORDER BY p.id
          }
          ELSE [] END AS addressed_by
RETURN n.id AS need,
       n.title AS title,
       s.iso3 AS state,
       s.name AS state_name,
       n.theme_codes AS themes,
       n.priority AS priority,
       n.identified AS identified,
       n.status AS status,
       n.confidentiality AS confidentiality,
       n.addressed AS addressed,
       addressed_by,
       coalesce(n.synthetic, false) AS synthetic
ORDER BY need

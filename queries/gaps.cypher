// name: gaps
// title: Gaps: open needs nobody addresses
// description: Every need with status open that no programme addresses: no link
//   to it has status agreed, delivering or completed (proposed and declined
//   links do not count). kind is uncovered when no programme is a candidate for
//   the need and unlinked when candidates exist but none is linked; candidates
//   says how many there are. A candidate is a programme that is neither
//   cancelled nor completed, covers the need's State (listed, through one of
//   its regions, or global scope), shares at least one theme with the need, and
//   whose period had not ended when the need was identified.
// result: table
// columns: need, title, state, state_name, themes, priority, identified, kind, candidates
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes match; "" for all ; from: themes
// param: priority: list[text] = [] ; priorities to keep; empty for all ; choices: high, medium, low
// param: kind: list[text] = [] ; kinds of gap to keep; empty for both ; choices: uncovered, unlinked
// param: year_from: int = null ; earliest year the need was identified; null for no limit
// param: year_to: int = null ; latest year the need was identified; null for no limit
// param: limit: int = 1000 ; at most this many rows, the first in the order shown (priority, then the day identified)
// mode: read

// Reads the needs' derived facts (state_code, region_codes, theme_scope,
// addressed, candidates), kept up to date by every load and decision.
MATCH (n:Need {status: 'open'})
USING INDEX n:Need(status)
WHERE NOT n.addressed
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($state = '' OR n.state_code = $state)
  AND ($region = '' OR $region IN n.region_codes)
  AND ($theme = '' OR $theme IN n.theme_scope)
  AND (size($priority) = 0 OR n.priority IN $priority)
  AND ($year_from IS NULL OR n.identified.year >= $year_from)
  AND ($year_to IS NULL OR n.identified.year <= $year_to)
WITH n, CASE WHEN n.candidates = 0 THEN 'uncovered' ELSE 'unlinked' END AS kind
WHERE size($kind) = 0 OR kind IN $kind
WITH n, kind
ORDER BY CASE n.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
         n.identified, n.id
LIMIT $limit
MATCH (s:State {iso3: n.state_code})
RETURN n.id AS need,
       n.title AS title,
       s.iso3 AS state,
       s.name AS state_name,
       n.theme_codes AS themes,
       n.priority AS priority,
       n.identified AS identified,
       kind,
       n.candidates AS candidates
ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
         identified, need

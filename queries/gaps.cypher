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
MATCH (n:Need {status: 'open'})
USING INDEX n:Need(status)
WHERE (size($priority) = 0 OR n.priority IN $priority)
  AND ($year_from IS NULL OR n.identified.year >= $year_from)
  AND ($year_to IS NULL OR n.identified.year <= $year_to)
MATCH (n)-[:OF_STATE]->(s:State)
WHERE ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  AND ($state = '' OR s.iso3 = $state)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
WITH eligible, n, s
WHERE ($theme = ''
       OR EXISTS { (n)-[:ON_THEME]->(:Theme)-[:PART_OF*0..]->(:Theme {code: $theme}) })
  AND NOT EXISTS {
    (:Programme)-[a:ADDRESSES]->(n)
    WHERE a.status IN ['agreed', 'delivering', 'completed']
  }
WITH eligible, s, collect(n) AS needs
WITH s, needs, [c IN eligible WHERE c.global OR s.iso3 IN c.states] AS covering
UNWIND needs AS n
WITH n, s, covering,
     COLLECT { MATCH (n)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
       AS themes
WITH n, s, themes,
     size([c IN covering
           WHERE (c.end IS NULL OR c.end >= n.identified)
             AND any(code IN c.themes WHERE code IN themes)]) AS candidates
WITH n, s, themes, candidates,
     CASE WHEN candidates = 0 THEN 'uncovered' ELSE 'unlinked' END AS kind
WHERE size($kind) = 0 OR kind IN $kind
RETURN n.id AS need,
       n.title AS title,
       s.iso3 AS state,
       s.name AS state_name,
       themes,
       n.priority AS priority,
       n.identified AS identified,
       kind,
       candidates
ORDER BY CASE n.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
         n.identified, n.id
LIMIT $limit

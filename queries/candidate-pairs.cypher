// name: candidate-pairs
// title: Candidate pairs: every gap with every candidate programme
// description: One row per gap (an open need that no programme addresses) and
//   candidate programme, with the candidate score, the programme's stated
//   capacity (null when not given) and its load: how many visible needs it
//   already addresses under a link with status agreed or delivering. link is
//   the status of an existing link between the two (proposed or declined).
//   This is the input of the assignment proposal in tagraph.queries.analytics,
//   which asks for every gap (limit null); the default limit keeps a look in
//   the explorer quick.
// score: score = shared_themes + geography + shared_resolutions, as in the
//   candidates query.
// result: table
// columns: need, state, priority, programme, score, link, capacity, load
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// param: theme: text = "" ; theme code; needs on it or on one of its sub-themes match; "" for all ; from: themes
// param: limit: int? = 2000 ; at most this many gaps, each with all its candidates, the first by need id; null for every gap
// mode: read

// Programmes that can be candidates (neither cancelled nor completed), read
// once with what the score needs, then narrowed to those covering each State.
CALL () {
  MATCH (p:Programme)
  WHERE NOT p.status IN ['cancelled', 'completed']
  RETURN collect({
    id: p.id,
    end: p.end,
    capacity: p.capacity,
    global: p.scope = 'global',
    listed: COLLECT { MATCH (p)-[:COVERS]->(x:State) RETURN x.iso3 },
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(x:State)
      RETURN DISTINCT x.iso3
    },
    themes: COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code },
    resolutions: COLLECT { MATCH (p)-[:SERVES]->(r:Resolution) RETURN r.number },
    load: COUNT {
      MATCH (p)-[l:ADDRESSES]->(m:Need)
      WHERE l.status IN ['agreed', 'delivering']
        AND ($access_all OR m.confidentiality = 'public'
             OR m.state_code IN $access_states)
    }
  }) AS eligible
}
// The gaps, read from the needs' derived facts (state_code, region_codes,
// theme_scope, theme_codes, addressed, candidates), kept up to date by every
// load and decision; a need without candidates has no pair.
MATCH (n:Need {status: 'open'})
USING INDEX n:Need(status)
WHERE NOT n.addressed
  AND n.candidates > 0
  AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
  AND ($region = '' OR $region IN n.region_codes)
  AND ($theme = '' OR $theme IN n.theme_scope)
WITH eligible, n
ORDER BY n.id
// Every gap when no limit is given: more than any graph holds.
LIMIT coalesce($limit, 1000000000)
WITH eligible, n.state_code AS iso3, collect(n) AS needs
WITH iso3, needs, [c IN eligible WHERE c.global OR iso3 IN c.states] AS covering
UNWIND needs AS n
WITH n, iso3, covering, n.theme_codes AS themes,
     COLLECT { MATCH (n)-[:UNDER]->(r:Resolution) RETURN r.number } AS resolutions,
     COLLECT {
       MATCH (p:Programme)-[a:ADDRESSES]->(n)
       RETURN {programme: p.id, status: a.status}
     } AS links
UNWIND [c IN covering
        WHERE (c.end IS NULL OR c.end >= n.identified)
          AND any(code IN c.themes WHERE code IN themes)] AS c
RETURN n.id AS need,
       iso3 AS state,
       n.priority AS priority,
       c.id AS programme,
       size([code IN themes WHERE code IN c.themes])
         + CASE WHEN iso3 IN c.listed THEN 1.0
                WHEN iso3 IN c.states THEN 0.5
                ELSE 0.25 END
         + size([number IN resolutions WHERE number IN c.resolutions]) AS score,
       [x IN links WHERE x.programme = c.id | x.status][0] AS link,
       c.capacity AS capacity,
       c.load AS load
ORDER BY need, score DESC, programme

// name: synergies
// title: Synergies: programmes whose work could join up
// description: Pairs of programmes with different lead providers, neither
//   cancelled, whose periods intersect, that cover at least one same State
//   (listed, through regions, or global scope), and whose work is
//   complementary in at least one way: related but different themes (a theme
//   of one is RELATED_TO a theme of the other, either way, or is its parent or
//   child by PART_OF); both address the same need (links with status agreed,
//   delivering or completed); or both serve a resolution R under which some
//   need lies in a State both cover. programme_a comes before programme_b in
//   id order. Only needs the viewer may see count. why says in words what
//   the pair has in common.
// score: score = theme_relation + 2 x shared_needs + shared_resolutions
//   + 0.1 x min(geography, 10) + 0.1 x min(time, 10), rounded to 2 decimals,
//   where geography is the number of States both cover, time the years the
//   periods share (overlap_months / 12, rounded to 2 decimals; an open-ended
//   period counts up to as_of), theme_relation the number of distinct related
//   theme pairs, shared_needs the needs both address and shared_resolutions
//   the resolutions R as above.
// result: table
// columns: programme_a, title_a, provider_a, programme_b, title_b, provider_b, states, overlap_months, geography, time, theme_relation, shared_needs, shared_resolutions, score, why
// param: provider: text = "" ; id of a provider leading or taking part in either programme; "" for all ; from: providers
// param: state: text = "" ; ISO3 code of a State both must cover; "" for all ; from: states
// param: as_of: date = null ; the day open-ended periods are counted to; null for today
// param: limit: int = 500 ; at most this many pairs
// mode: read

// Every programme that is not cancelled, with its lead, the States it covers
// (all of them for global scope), its themes with their related themes, and
// the resolutions it serves, read once.
CALL () {
  MATCH (lead:Provider)-[:LEADS]->(p:Programme)
  WHERE p.status <> 'cancelled'
  RETURN collect({
    programme: p,
    id: p.id,
    start: p.start,
    end: p.end,
    lead: lead,
    global: p.scope = 'global',
    states: CASE
      WHEN p.scope = 'global' THEN []
      ELSE COLLECT {
        MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
        RETURN DISTINCT s.iso3 AS iso3 ORDER BY iso3
      }
    END,
    themes: COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code },
    related: COLLECT {
      MATCH (p)-[:ON_THEME]->(x:Theme)-[:RELATED_TO|PART_OF]-(y:Theme)
      WHERE x <> y
      RETURN DISTINCT [x.code, y.code]
    },
    resolutions: COLLECT {
      MATCH (p)-[:SERVES]->(r:Resolution) RETURN r.number ORDER BY r.number
    }
  }) AS footprints
}
// Needs two or more programmes address, as pairs of programmes, read once
// from the needs' side; only visible needs count.
CALL () {
  MATCH (p:Programme)-[r:ADDRESSES]->(n:Need)
  WHERE r.status IN ['agreed', 'delivering', 'completed']
  WITH n, collect(DISTINCT p.id) AS addressers
  WHERE size(addressers) > 1
    AND ($access_all OR n.confidentiality = 'public'
         OR n.state_code IN $access_states)
  UNWIND addressers AS x
  UNWIND addressers AS y
  WITH x, y, n.id AS need
  WHERE x < y
  ORDER BY need
  WITH x, y, collect(need) AS needs
  RETURN collect({a: x, b: y, needs: needs}) AS shared
}
// The States with visible needs under each resolution some programme serves.
CALL () {
  MATCH (r:Resolution)
  WHERE EXISTS { (r)<-[:SERVES]-(:Programme) }
  CALL (r) {
    MATCH (r)<-[:UNDER]-(n:Need)
    WHERE $access_all OR n.confidentiality = 'public'
       OR n.state_code IN $access_states
    RETURN collect(DISTINCT n.state_code) AS states
  }
  RETURN collect({number: r.number, states: states}) AS under
}
// Every State, for programmes of global scope (their footprint lists none).
CALL () {
  MATCH (s:State)
  WITH s.iso3 AS iso3
  ORDER BY iso3
  RETURN collect(iso3) AS every
}
UNWIND footprints AS fa
UNWIND footprints AS fb
WITH fa, fb, shared, under, every
WHERE fa.id < fb.id
  AND fa.lead <> fb.lead
  AND (fb.end IS NULL OR fa.start <= fb.end)
  AND (fa.end IS NULL OR fb.start <= fa.end)
WITH fa, fb, shared, under,
     CASE
       WHEN fa.global AND fb.global THEN every
       WHEN fa.global THEN fb.states
       WHEN fb.global THEN fa.states
       ELSE [x IN fa.states WHERE x IN fb.states]
     END AS states
WHERE size(states) > 0
  AND ($state = '' OR $state IN states)
WITH fa.programme AS a, fb.programme AS b, fa.lead AS la, fb.lead AS lb, states,
     // Related theme pairs: a theme of one related to (or parent or child of)
     // a different theme of the other, each pair once, as A-B in code order.
     COLLECT {
       UNWIND [r IN fa.related WHERE r[1] IN fb.themes |
               CASE WHEN r[0] < r[1] THEN r[0] + '-' + r[1]
                    ELSE r[1] + '-' + r[0] END] AS pair
       RETURN DISTINCT pair ORDER BY pair
     }
       AS theme_pairs,
     coalesce([x IN shared
               WHERE x.a = fa.id AND x.b = fb.id][0].needs, [])
       AS needs,
     [number IN fa.resolutions
      WHERE number IN fb.resolutions
        AND any(x IN under
                WHERE x.number = number
                  AND any(iso3 IN x.states WHERE iso3 IN states))] AS resolutions
WHERE ($provider = ''
       OR $provider IN [la.id, lb.id]
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(a) }
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(b) })
WITH a, b, la, lb, states, theme_pairs, needs, resolutions
WHERE size(theme_pairs) + size(needs) + size(resolutions) > 0
WITH a, b, la, lb, states, theme_pairs, needs, resolutions,
     CASE WHEN a.start > b.start THEN a.start ELSE b.start END AS from,
     coalesce($as_of, date()) AS as_of
WITH a, b, la, lb, states, theme_pairs, needs, resolutions, from,
     CASE
       WHEN coalesce(a.end + duration('P1D'), as_of)
            < coalesce(b.end + duration('P1D'), as_of)
       THEN coalesce(a.end + duration('P1D'), as_of)
       ELSE coalesce(b.end + duration('P1D'), as_of)
     END AS until
WITH a, b, la, lb, states, theme_pairs, needs, resolutions,
     CASE WHEN until > from THEN duration.inMonths(from, until).months ELSE 0 END
       AS overlap_months
WITH a, b, la, lb, states, theme_pairs, needs, resolutions, overlap_months,
     size(states) AS geography,
     round(overlap_months / 12.0, 2) AS time
RETURN a.id AS programme_a,
       a.title AS title_a,
       la.id AS provider_a,
       b.id AS programme_b,
       b.title AS title_b,
       lb.id AS provider_b,
       states,
       overlap_months,
       geography,
       time,
       size(theme_pairs) AS theme_relation,
       size(needs) AS shared_needs,
       size(resolutions) AS shared_resolutions,
       round(size(theme_pairs) + 2 * size(needs) + size(resolutions)
             + 0.1 * CASE WHEN geography > 10 THEN 10 ELSE geography END
             + 0.1 * CASE WHEN time > 10 THEN 10.0 ELSE time END, 2) AS score,
       'Both cover '
         + reduce(text = '', s IN states[..5] |
                  text + CASE WHEN text = '' THEN '' ELSE ', ' END + s)
         + CASE WHEN size(states) > 5
                THEN ' and ' + toString(size(states) - 5) + ' more States'
                ELSE '' END
         + CASE WHEN size(theme_pairs) = 0 THEN ''
                ELSE '; related themes '
                     + reduce(text = '', p IN theme_pairs |
                              text + CASE WHEN text = '' THEN '' ELSE ', ' END + p)
           END
         + CASE WHEN size(needs) = 0 THEN ''
                ELSE '; both address '
                     + reduce(text = '', n IN needs |
                              text + CASE WHEN text = '' THEN '' ELSE ', ' END + n)
           END
         + CASE WHEN size(resolutions) = 0 THEN ''
                ELSE '; both serve resolution '
                     + reduce(text = '', r IN resolutions |
                              text + CASE WHEN text = '' THEN '' ELSE ', ' END
                              + toString(r))
                     + ' with needs in a State both cover'
           END
         + '.' AS why
ORDER BY score DESC, programme_a, programme_b
LIMIT $limit

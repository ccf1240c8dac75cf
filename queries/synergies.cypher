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

// Every programme that is not cancelled, with its lead and the States it
// covers (all of them for global scope), read once.
CALL () {
  MATCH (lead:Provider)-[:LEADS]->(p:Programme)
  WHERE p.status <> 'cancelled'
  RETURN collect({
    programme: p,
    lead: lead,
    states: CASE
      WHEN p.scope = 'global'
      THEN COLLECT { MATCH (s:State) RETURN s.iso3 ORDER BY s.iso3 }
      ELSE COLLECT {
        MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
        RETURN DISTINCT s.iso3 AS iso3 ORDER BY iso3
      }
    END
  }) AS footprints
}
UNWIND footprints AS fa
UNWIND footprints AS fb
WITH fa.programme AS a, fb.programme AS b, fa.lead AS la, fb.lead AS lb,
     fa.states AS states_a, fb.states AS states_b
WHERE a.id < b.id
  AND la <> lb
  AND (b.end IS NULL OR a.start <= b.end)
  AND (a.end IS NULL OR b.start <= a.end)
  AND ($provider = ''
       OR $provider IN [la.id, lb.id]
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(a) }
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(b) })
WITH a, b, la, lb, [x IN states_a WHERE x IN states_b] AS states
WHERE size(states) > 0
  AND ($state = '' OR $state IN states)
  AND (EXISTS {
         MATCH (a)-[:ON_THEME]->(x:Theme)-[:RELATED_TO|PART_OF]-(y:Theme)
               <-[:ON_THEME]-(b)
         WHERE x <> y
       }
       OR EXISTS { (a)-[:SERVES]->(:Resolution)<-[:SERVES]-(b) }
       OR EXISTS {
         MATCH (a)-[ra:ADDRESSES]->(:Need)<-[rb:ADDRESSES]-(b)
         WHERE ra.status IN ['agreed', 'delivering', 'completed']
           AND rb.status IN ['agreed', 'delivering', 'completed']
       })
CALL (a, b) {
  MATCH (a)-[:ON_THEME]->(x:Theme)-[:RELATED_TO|PART_OF]-(y:Theme)<-[:ON_THEME]-(b)
  WHERE x <> y
  WITH DISTINCT CASE WHEN x.code < y.code THEN x.code + '-' + y.code
                     ELSE y.code + '-' + x.code END AS pair
  ORDER BY pair
  RETURN collect(pair) AS theme_pairs
}
CALL (a, b) {
  MATCH (a)-[ra:ADDRESSES]->(n:Need)<-[rb:ADDRESSES]-(b),
        (n)-[:OF_STATE]->(s:State)
  WHERE ra.status IN ['agreed', 'delivering', 'completed']
    AND rb.status IN ['agreed', 'delivering', 'completed']
    AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  WITH DISTINCT n.id AS need
  ORDER BY need
  RETURN collect(need) AS needs
}
CALL (a, b, states) {
  MATCH (a)-[:SERVES]->(r:Resolution)<-[:SERVES]-(b)
  WHERE EXISTS {
    MATCH (r)<-[:UNDER]-(n:Need)-[:OF_STATE]->(s:State)
    WHERE s.iso3 IN states
      AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  }
  WITH DISTINCT r.number AS number
  ORDER BY number
  RETURN collect(number) AS resolutions
}
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

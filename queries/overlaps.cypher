// name: overlaps
// title: Overlaps: programmes that may duplicate each other
// description: Pairs of programmes with different lead providers, neither
//   cancelled nor of global scope, that cover at least one same State (listed
//   in states, or through regions), share at least one theme, and whose
//   periods intersect (a period with no end is still running). programme_a
//   comes before programme_b in id order. overlap_months counts the whole
//   months the periods share, from the later start to the day after the
//   earlier end; an open-ended period counts up to as_of. shared_needs counts
//   the visible needs both address (links with status agreed, delivering or
//   completed).
// score: score = shared_states x shared_themes x overlap_months / 12
//   + 2 x shared_needs, rounded to 2 decimals, where shared_states and
//   shared_themes are the sizes of the two lists.
// result: table
// columns: programme_a, title_a, provider_a, programme_b, title_b, provider_b, shared_states, shared_themes, overlap_months, shared_needs, score
// param: provider: text = "" ; id of a provider leading or taking part in either programme; "" for all ; from: providers
// param: state: text = "" ; ISO3 code of a State both must cover; "" for all ; from: states
// param: region: text = "" ; M49 code of a region at any level where both cover a State; "" for all ; from: regions
// param: theme: text = "" ; theme code both must share (or one of its sub-themes); "" for all ; from: themes
// param: as_of: date = null ; the day open-ended periods are counted to; null for today
// mode: read

// Programmes that are neither cancelled nor global, with their lead and the
// States they cover, read once.
CALL () {
  MATCH (lead:Provider)-[:LEADS]->(p:Programme)
  WHERE p.status <> 'cancelled' AND p.scope <> 'global'
  RETURN collect({
    programme: p,
    lead: lead,
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(s:State)
      RETURN DISTINCT s.iso3 AS iso3 ORDER BY iso3
    }
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
WITH a, b, la, lb, [x IN states_a WHERE x IN states_b] AS shared_states
WHERE size(shared_states) > 0
  AND ($state = '' OR $state IN shared_states)
  AND ($region = ''
       OR EXISTS {
         MATCH (x:State)-[:IN_REGION]->(:Region {code: $region})
         WHERE x.iso3 IN shared_states
       })
  AND ($provider = ''
       OR $provider IN [la.id, lb.id]
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(a) }
       OR EXISTS { (:Provider {id: $provider})-[:PARTNER_IN]->(b) })
WITH a, b, la, lb, shared_states,
     COLLECT {
       MATCH (a)-[:ON_THEME]->(x:Theme)<-[:ON_THEME]-(b)
       RETURN x ORDER BY x.code
     } AS themes
WHERE size(themes) > 0
  AND ($theme = ''
       OR any(x IN themes
              WHERE EXISTS { (x)-[:PART_OF*0..]->(:Theme {code: $theme}) }))
WITH a, b, la, lb, shared_states, themes,
     CASE WHEN a.start > b.start THEN a.start ELSE b.start END AS from,
     coalesce($as_of, date()) AS as_of
WITH a, b, la, lb, themes, shared_states, from,
     CASE
       WHEN coalesce(a.end + duration('P1D'), as_of)
            < coalesce(b.end + duration('P1D'), as_of)
       THEN coalesce(a.end + duration('P1D'), as_of)
       ELSE coalesce(b.end + duration('P1D'), as_of)
     END AS until
WITH a, b, la, lb, themes, shared_states,
     CASE WHEN until > from THEN duration.inMonths(from, until).months ELSE 0 END
       AS overlap_months,
     COUNT {
       MATCH (a)-[ra:ADDRESSES]->(n:Need)<-[rb:ADDRESSES]-(b),
             (n)-[:OF_STATE]->(s:State)
       WHERE ra.status IN ['agreed', 'delivering', 'completed']
         AND rb.status IN ['agreed', 'delivering', 'completed']
         AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
     } AS shared_needs
RETURN a.id AS programme_a,
       a.title AS title_a,
       la.id AS provider_a,
       b.id AS programme_b,
       b.title AS title_b,
       lb.id AS provider_b,
       shared_states,
       [x IN themes | x.code] AS shared_themes,
       overlap_months,
       shared_needs,
       round(size(shared_states) * size(themes) * overlap_months / 12.0
             + 2 * shared_needs, 2) AS score
ORDER BY score DESC, programme_a, programme_b

// name: state-profile
// title: State profile
// description: For each State (or one), where it lies, its active needs (open or
//   in progress) and how far they are addressed, the themes of those needs,
//   and the programmes covering it (listed, through a region, or global scope;
//   cancelled ones cover nothing) with their lead providers. addressed,
//   uncovered and unlinked have the meanings of the gaps query.
// score: coverage = addressed / active_needs, rounded to 3 decimals (null with
//   no active need).
// result: table
// columns: state, name, region, subregion, active_needs, open_needs, addressed, uncovered, unlinked, coverage, themes, programmes, providers
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// mode: read

// Programmes that are not cancelled, read once: the States they cover.
CALL () {
  MATCH (lead:Provider)-[:LEADS]->(p:Programme)
  WHERE p.status <> 'cancelled'
  RETURN collect({
    lead: lead.id,
    global: p.scope = 'global',
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(x:State)
      RETURN DISTINCT x.iso3
    }
  }) AS programmes
}
// The figures of every State with active needs, in one pass over the needs'
// derived facts (state_code, region_codes, theme_codes, addressed,
// candidates), kept up to date by every load and decision.
CALL () {
  MATCH (n:Need)
  WHERE n.status IN ['open', 'in-progress']
    AND ($access_all OR n.confidentiality = 'public' OR n.state_code IN $access_states)
    AND ($state = '' OR n.state_code = $state)
    AND ($region = '' OR $region IN n.region_codes)
  WITH n, n.status = 'open' AND NOT n.addressed AS gap
  WITH n.state_code AS iso3,
       count(n) AS active,
       count(CASE WHEN n.status = 'open' THEN 1 END) AS open,
       count(CASE WHEN n.addressed THEN 1 END) AS addressed,
       count(CASE WHEN gap AND n.candidates = 0 THEN 1 END) AS uncovered,
       count(CASE WHEN gap AND n.candidates > 0 THEN 1 END) AS unlinked,
       collect(n.theme_codes) AS theme_lists
  RETURN collect({
    iso3: iso3, active: active, open: open, addressed: addressed,
    uncovered: uncovered, unlinked: unlinked,
    themes: COLLECT {
      UNWIND theme_lists AS codes
      UNWIND codes AS code
      RETURN DISTINCT code ORDER BY code
    }
  }) AS figures
}
MATCH (s:State)
WHERE ($state = '' OR s.iso3 = $state)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
WITH s, [x IN figures WHERE x.iso3 = s.iso3][0] AS x,
     [c IN programmes WHERE c.global OR s.iso3 IN c.states] AS covering
WITH s, x, size(covering) AS programmes,
     size(reduce(leads = [], c IN covering |
                 CASE WHEN c.lead IN leads THEN leads ELSE leads + c.lead END))
       AS providers
WITH s, x, programmes, providers, coalesce(x.active, 0) AS active_needs
RETURN s.iso3 AS state,
       s.name AS name,
       s.region AS region,
       s.subregion AS subregion,
       active_needs,
       coalesce(x.open, 0) AS open_needs,
       coalesce(x.addressed, 0) AS addressed,
       coalesce(x.uncovered, 0) AS uncovered,
       coalesce(x.unlinked, 0) AS unlinked,
       CASE WHEN active_needs = 0 THEN null
            ELSE round(toFloat(x.addressed) / active_needs, 3) END AS coverage,
       coalesce(x.themes, []) AS themes,
       programmes,
       providers
ORDER BY state

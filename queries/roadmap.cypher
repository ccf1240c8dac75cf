// name: roadmap
// title: Roadmap of a State, step by step
// description: The steps of one State's roadmap in their order, each with the
//   State's status on it (null when none is recorded), the tailored
//   recommendation, the visible needs behind it, and the programmes that can
//   assist it: programmes that cover the State (listed, through one of its
//   regions, or global scope), are neither cancelled nor completed, and share
//   at least one theme with the step. gap is true when the step's status is
//   not-started or in-progress (no status counts as not-started) and no
//   programme can assist. Without roadmap, the State's latest roadmap is shown.
//   needs and programmes are lists of maps; rests_on lists the resolutions
//   (as "res. N"), good practices and standards the step rests on.
// result: table
// columns: roadmap, state, state_name, date, assessment, template, template_title, order, step, step_title, description, themes, rests_on, step_source, status, recommendation, needs, programmes, gap, status_source, synthetic
// param: state: text = "" ; ISO3 code of the State; "" with no roadmap gives no rows ; from: states
// param: roadmap: text = "" ; id of one roadmap; "" for the State's latest ; from: roadmaps
// mode: read
MATCH (r:Roadmap)-[:OF_STATE]->(s:State)
WHERE CASE WHEN $roadmap = '' THEN s.iso3 = $state ELSE r.id = $roadmap END
WITH s, r
ORDER BY r.date DESC, r.id DESC
WITH s, head(collect(r)) AS r
MATCH (r)-[:FOLLOWS]->(tpl:RoadmapTemplate)-[:HAS_STEP]->(step:RoadmapStep)
OPTIONAL MATCH (r)-[:HAS_STATUS]->(st:StepStatus)-[:FOR_STEP]->(step)
CALL (st) {
  OPTIONAL MATCH (st)-[:BACKED_BY]->(n:Need)-[:OF_STATE]->(s:State)
  WHERE ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  WITH n
  ORDER BY n.id
  RETURN collect(CASE WHEN n IS NULL THEN null ELSE {
    id: n.id, title: n.title, priority: n.priority, status: n.status,
    source: n.source, synthetic: coalesce(n.synthetic, false)
  } END) AS needs
}
CALL (step, s) {
  OPTIONAL MATCH (step)-[:ON_THEME]->(:Theme)<-[:ON_THEME]-(p:Programme)
  WHERE NOT p.status IN ['cancelled', 'completed']
    AND (p.scope = 'global'
         OR EXISTS { (p)-[:COVERS]->(s) }
         OR EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) })
  WITH DISTINCT p
  ORDER BY p.id
  OPTIONAL MATCH (lead:Provider)-[:LEADS]->(p)
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {
    id: p.id, title: p.title, status: p.status,
    lead_provider: lead.id, provider_name: lead.name,
    partners: COLLECT {
      MATCH (x:Provider)-[:PARTNER_IN]->(p) RETURN DISTINCT x.id ORDER BY x.id
    },
    shared_themes: COLLECT {
      MATCH (step)-[:ON_THEME]->(t:Theme)<-[:ON_THEME]-(p)
      RETURN t.code ORDER BY t.code
    },
    source: p.source
  } END) AS programmes
}
RETURN r.id AS roadmap,
       s.iso3 AS state,
       s.name AS state_name,
       r.date AS date,
       head(COLLECT { MATCH (r)-[:IDENTIFIED_IN]->(a:Assessment) RETURN a.id })
         AS assessment,
       tpl.id AS template,
       tpl.title AS template_title,
       step.order AS order,
       step.id AS step,
       step.title AS step_title,
       step.description AS description,
       COLLECT { MATCH (step)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
         AS themes,
       COLLECT {
         MATCH (step)-[:UNDER]->(x:Resolution)
         RETURN 'res. ' + toString(x.number) AS item ORDER BY item
       }
       + COLLECT {
         MATCH (step)-[:UNDER]->(x:GoodPractice) RETURN x.id AS item ORDER BY item
       }
       + coalesce(step.standards, []) AS rests_on,
       step.source AS step_source,
       st.status AS status,
       st.recommendation AS recommendation,
       needs,
       programmes,
       coalesce(st.status, 'not-started') IN ['not-started', 'in-progress']
         AND size(programmes) = 0 AS gap,
       st.source AS status_source,
       coalesce(r.synthetic, false) OR coalesce(st.synthetic, false) AS synthetic
ORDER BY step.order, step.id

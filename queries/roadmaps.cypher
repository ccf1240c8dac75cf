// name: roadmaps
// title: Roadmaps of States
// description: Every State roadmap (or those of one State or region), newest
//   first, with the template it follows, the assessment it came from, how many
//   of its template's steps are at each status (a step with no recorded status
//   counts as not-started) and how many are gaps: not-started or in-progress
//   steps that no programme can assist (see the roadmap query).
// result: table
// columns: roadmap, state, state_name, date, template, assessment, steps, in_place, in_progress, not_started, not_applicable, gaps, synthetic, source
// param: state: text = "" ; ISO3 code of one State; "" for all ; from: states
// param: region: text = "" ; M49 code of a region at any level; "" for all ; from: regions
// mode: read
MATCH (r:Roadmap)-[:OF_STATE]->(s:State),
      (r)-[:FOLLOWS]->(tpl:RoadmapTemplate)
WHERE ($state = '' OR s.iso3 = $state)
  AND ($region = '' OR EXISTS { (s)-[:IN_REGION]->(:Region {code: $region}) })
CALL (r, s, tpl) {
  MATCH (tpl)-[:HAS_STEP]->(step:RoadmapStep)
  OPTIONAL MATCH (r)-[:HAS_STATUS]->(st:StepStatus)-[:FOR_STEP]->(step)
  WITH step, coalesce(st.status, 'not-started') AS status
  WITH step, status,
       status IN ['not-started', 'in-progress'] AND NOT EXISTS {
         MATCH (step)-[:ON_THEME]->(:Theme)<-[:ON_THEME]-(p:Programme)
         WHERE NOT p.status IN ['cancelled', 'completed']
           AND (p.scope = 'global'
                OR EXISTS { (p)-[:COVERS]->(s) }
                OR EXISTS { (p)-[:COVERS]->(:Region)<-[:IN_REGION]-(s) })
       } AS gap
  RETURN count(step) AS steps,
         count(CASE WHEN status = 'in-place' THEN 1 END) AS in_place,
         count(CASE WHEN status = 'in-progress' THEN 1 END) AS in_progress,
         count(CASE WHEN status = 'not-started' THEN 1 END) AS not_started,
         count(CASE WHEN status = 'not-applicable' THEN 1 END) AS not_applicable,
         count(CASE WHEN gap THEN 1 END) AS gaps
}
RETURN r.id AS roadmap,
       s.iso3 AS state,
       s.name AS state_name,
       r.date AS date,
       tpl.id AS template,
       head(COLLECT { MATCH (r)-[:IDENTIFIED_IN]->(a:Assessment) RETURN a.id })
         AS assessment,
       steps,
       in_place,
       in_progress,
       not_started,
       not_applicable,
       gaps,
       coalesce(r.synthetic, false) AS synthetic,
       r.source AS source
ORDER BY date DESC, roadmap

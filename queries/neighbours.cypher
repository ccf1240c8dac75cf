// name: neighbours
// title: Neighbours of a node
// description: One node, chosen by label and key, and every node one
//   relationship away, as a graph: one row per relationship, in its stored
//   direction. source and target are written Label:key. Needs the viewer may
//   not see are left out, and so are decisions about them; a hidden need asked
//   for by key gives no rows. A node with no neighbours gives one row with an
//   empty type and target.
// result: graph
// columns: source, source_label, source_name, source_properties, type, properties, target, target_label, target_name, target_properties
// param: label: text = "State" ; label of the node ; choices: State, Region, Theme, Resolution, Provider, Programme, Need, Assessment, GoodPractice, RoadmapTemplate, RoadmapStep, Roadmap, StepStatus
// param: key: text = "" ; its key: iso3, code, resolution number or id
// param: limit: int = 300 ; at most this many relationships
// mode: read
CALL () {
  MATCH (c:State {iso3: $key}) WHERE $label = 'State' RETURN c
  UNION
  MATCH (c:Region {code: $key}) WHERE $label = 'Region' RETURN c
  UNION
  MATCH (c:Theme {code: $key}) WHERE $label = 'Theme' RETURN c
  UNION
  MATCH (c:Resolution) WHERE $label = 'Resolution' AND c.number = toInteger($key)
  RETURN c
  UNION
  MATCH (c:Provider {id: $key}) WHERE $label = 'Provider' RETURN c
  UNION
  MATCH (c:Programme {id: $key}) WHERE $label = 'Programme' RETURN c
  UNION
  MATCH (c:Need {id: $key})-[:OF_STATE]->(s:State)
  WHERE $label = 'Need'
    AND ($access_all OR c.confidentiality = 'public' OR s.iso3 IN $access_states)
  RETURN c
  UNION
  MATCH (c:Assessment {id: $key}) WHERE $label = 'Assessment' RETURN c
  UNION
  MATCH (c:GoodPractice {id: $key}) WHERE $label = 'GoodPractice' RETURN c
  UNION
  MATCH (c:RoadmapTemplate {id: $key}) WHERE $label = 'RoadmapTemplate' RETURN c
  UNION
  MATCH (c:RoadmapStep {id: $key}) WHERE $label = 'RoadmapStep' RETURN c
  UNION
  MATCH (c:Roadmap {id: $key}) WHERE $label = 'Roadmap' RETURN c
  UNION
  MATCH (c:StepStatus {id: $key}) WHERE $label = 'StepStatus' RETURN c
}
OPTIONAL CALL (c) {
  MATCH (c)-[r]-(m)
  WHERE NOT m:Load
    AND (NOT m:Need
         OR $access_all
         OR m.confidentiality = 'public'
         OR m.state_code IN $access_states)
    AND (NOT m:Decision
         OR EXISTS {
           MATCH (m)-[:CONCERNS]->(dn:Need)
           WHERE $access_all
              OR dn.confidentiality = 'public'
              OR dn.state_code IN $access_states
         })
  RETURN r, m
  ORDER BY type(r), elementId(m)
  LIMIT $limit
}
WITH c, r, m,
     CASE WHEN r IS NULL THEN c ELSE startNode(r) END AS a,
     CASE WHEN r IS NULL THEN null ELSE endNode(r) END AS b
WITH r, a, b,
     [x IN [a, b] |
       CASE WHEN x IS NULL THEN null ELSE {
         id: head(labels(x)) + ':'
             + toString(coalesce(x.iso3, x.code, x.number, x.id)),
         label: head(labels(x)),
         name: toString(coalesce(x.name, x.title, x.id, x.code, x.number)),
         properties: properties(x)
       } END] AS ends
RETURN ends[0].id AS source,
       ends[0].label AS source_label,
       ends[0].name AS source_name,
       ends[0].properties AS source_properties,
       type(r) AS type,
       properties(r) AS properties,
       ends[1].id AS target,
       ends[1].label AS target_label,
       ends[1].name AS target_name,
       ends[1].properties AS target_properties
ORDER BY type, source, target

// name: programme-profile
// title: Programme profile
// description: For each programme (or one): its lead and partner providers,
//   period, themes, how many States it covers (listed, through regions, or all
//   for global scope; none when cancelled), and its links to visible needs:
//   needs_addressed (status agreed, delivering or completed), links_proposed
//   and links_declined. candidate_needs counts the gaps (open needs nobody
//   addresses) it is a candidate for, as in need-candidates-for-programme.
// result: table
// columns: programme, title, lead_provider, partners, status, scope, start, end, themes, covered_states, capacity, needs_addressed, links_proposed, links_declined, candidate_needs
// param: programme: text = "" ; id of one programme; "" for all ; from: programmes
// mode: read

// Gaps in the States each eligible programme covers, and how many of them it
// is a candidate for; read once for all programmes.
CALL () {
  MATCH (p:Programme)
  WHERE NOT p.status IN ['cancelled', 'completed']
    AND ($programme = '' OR p.id = $programme)
  RETURN collect({
    id: p.id,
    end: p.end,
    global: p.scope = 'global',
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(x:State)
      RETURN DISTINCT x.iso3
    },
    themes: COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code }
  }) AS eligible
}
CALL (eligible) {
  MATCH (n:Need {status: 'open'})-[:OF_STATE]->(s:State)
  WHERE size(eligible) > 0
    AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
    AND NOT EXISTS {
      (:Programme)-[a:ADDRESSES]->(n)
      WHERE a.status IN ['agreed', 'delivering', 'completed']
    }
  WITH eligible, s, collect(n) AS needs
  WITH needs, [c IN eligible WHERE c.global OR s.iso3 IN c.states] AS covering
  WHERE size(covering) > 0
  UNWIND needs AS n
  WITH n, covering,
       COLLECT { MATCH (n)-[:ON_THEME]->(t:Theme) RETURN t.code } AS themes
  UNWIND [c IN covering
          WHERE (c.end IS NULL OR c.end >= n.identified)
            AND any(code IN c.themes WHERE code IN themes) | c.id] AS id
  WITH id, count(*) AS candidate_needs
  RETURN collect({id: id, needs: candidate_needs}) AS candidacies
}
MATCH (lead:Provider)-[:LEADS]->(p:Programme)
WHERE $programme = '' OR p.id = $programme
CALL (p) {
  OPTIONAL MATCH (p)-[a:ADDRESSES]->(n:Need)-[:OF_STATE]->(s:State)
  WHERE $access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states
  RETURN count(CASE WHEN a.status IN ['agreed', 'delivering', 'completed']
                    THEN 1 END) AS needs_addressed,
         count(CASE WHEN a.status = 'proposed' THEN 1 END) AS links_proposed,
         count(CASE WHEN a.status = 'declined' THEN 1 END) AS links_declined
}
RETURN p.id AS programme,
       p.title AS title,
       lead.id AS lead_provider,
       COLLECT {
         MATCH (v:Provider)-[:PARTNER_IN]->(p)
         RETURN DISTINCT v.id AS id ORDER BY id
       } AS partners,
       p.status AS status,
       p.scope AS scope,
       p.start AS start,
       p.end AS end,
       COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
         AS themes,
       CASE
         WHEN p.status = 'cancelled' THEN 0
         WHEN p.scope = 'global' THEN COUNT { MATCH (:State) }
         ELSE COUNT {
           MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(c:State)
           RETURN DISTINCT c
         }
       END AS covered_states,
       p.capacity AS capacity,
       needs_addressed,
       links_proposed,
       links_declined,
       coalesce([x IN candidacies WHERE x.id = p.id][0].needs, 0) AS candidate_needs
ORDER BY programme

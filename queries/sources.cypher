// name: sources
// title: Where facts come from
// description: The source of each named need, programme and provider, and
//   whether it is synthetic (a need's synthetic mark; for programmes and
//   providers, a source beginning with "synthetic:"). Needs the viewer may not
//   see are left out. Documents use it to cite every statement.
// result: table
// columns: label, key, source, synthetic
// param: needs: list[text] = [] ; ids of needs
// param: programmes: list[text] = [] ; ids of programmes
// param: providers: list[text] = [] ; ids of providers
// mode: read
CALL () {
  MATCH (n:Need)-[:OF_STATE]->(s:State)
  WHERE n.id IN $needs
    AND ($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)
  RETURN 'Need' AS label, n.id AS key, n.source AS source,
         coalesce(n.synthetic, false) AS synthetic
  UNION ALL
  MATCH (p:Programme)
  WHERE p.id IN $programmes
  RETURN 'Programme' AS label, p.id AS key, p.source AS source,
         coalesce(p.source STARTS WITH 'synthetic:', false) AS synthetic
  UNION ALL
  MATCH (v:Provider)
  WHERE v.id IN $providers
  RETURN 'Provider' AS label, v.id AS key, v.source AS source,
         coalesce(v.source STARTS WITH 'synthetic:', false) AS synthetic
}
RETURN label, key, source, synthetic
ORDER BY label, key

// name: search
// title: Search the graph
// description: Full-text search over the names, titles and codes of States,
//   regions, themes, resolutions, providers, programmes and needs (the
//   node_search index). text uses the index's query syntax: words, "phrases",
//   trailing * wildcards. Needs the viewer may not see are left out. key is the
//   node's own key (iso3, code, number, id).
// score: the full-text index's relevance of the match (Lucene), rounded to 3
//   decimals; higher is better. It follows the index's term statistics, which
//   do not depend on who is looking.
// result: table
// columns: label, key, name, score
// param: text: text = "" ; what to look for; "" finds nothing
// param: limit: int = 50 ; at most this many rows
// mode: read
WITH trim($text) AS text
WHERE text <> ''
CALL db.index.fulltext.queryNodes('node_search', text) YIELD node, score
OPTIONAL MATCH (node:Need)-[:OF_STATE]->(s:State)
WITH node, score, s
WHERE NOT node:Need
   OR $access_all
   OR node.confidentiality = 'public'
   OR s.iso3 IN $access_states
WITH node, score,
     [label IN labels(node)
      WHERE label IN ['State', 'Region', 'Theme', 'Resolution', 'Provider',
                      'Programme', 'Need']][0] AS label
RETURN label,
       toString(coalesce(node.id, node.iso3, node.code, node.number)) AS key,
       coalesce(node.title, node.name) AS name,
       round(score, 3) AS score
ORDER BY score DESC, label, key
LIMIT $limit

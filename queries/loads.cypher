// name: loads
// title: Loads
// description: The history of dataset loads, newest first. counts (rows written
//   per table, as JSON text) is shown to viewers with full access only, since
//   it counts restricted and confidential needs too.
// result: table
// columns: load, source, checksum, started_at, finished_at, tables, counts
// param: limit: int = 50 ; at most this many loads
// mode: read
MATCH (l:Load)
RETURN l.id AS load,
       l.source AS source,
       l.checksum AS checksum,
       l.started_at AS started_at,
       l.finished_at AS finished_at,
       l.tables AS tables,
       CASE WHEN $access_all THEN l.counts END AS counts
ORDER BY l.finished_at DESC, l.id
LIMIT $limit

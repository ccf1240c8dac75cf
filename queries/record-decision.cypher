// name: record-decision
// title: Record a decision on a link between a programme and a need
// description: Creates or updates the (:Programme)-[:ADDRESSES]->(:Need) link
//   with the decided status, day, note and decider, and in the same
//   transaction keeps an audit record, a (:Decision) node linked by CONCERNS
//   to the need and the programme, holding the status and note before and
//   after, who decided and when. Every decision is kept. When the need or the
//   programme does not exist nothing is written, and need_found or
//   programme_found says which is missing. The need's derived addressed fact
//   is recomputed in the same write.
// result: table
// columns: need_found, programme_found, decision, need, programme, status_before, status_after, note_before, note_after, decided_on, by, at
// param: need: text ; id of the need
// param: programme: text ; id of the programme
// param: status: text ; the link's status after the decision ; choices: proposed, agreed, delivering, completed, declined
// param: note: text ; why, in a sentence; may be empty
// param: by: text ; who decided
// param: decided_on: date ; the day of the decision
// mode: write
OPTIONAL MATCH (n:Need {id: $need})
OPTIONAL MATCH (p:Programme {id: $programme})
OPTIONAL CALL (n, p) {
  WITH n, p
  WHERE n IS NOT NULL AND p IS NOT NULL
  OPTIONAL MATCH (p)-[old:ADDRESSES]->(n)
  WITH n, p, old.status AS status_before, old.note AS note_before
  MERGE (p)-[a:ADDRESSES]->(n)
  SET a.status = $status,
      a.decided_on = $decided_on,
      a.note = CASE WHEN $note = '' THEN null ELSE $note END,
      a.decided_by = $by
  // Keep the need's derived fact in step with its links.
  SET n.addressed = EXISTS {
    (:Programme)-[x:ADDRESSES]->(n)
    WHERE x.status IN ['agreed', 'delivering', 'completed']
  }
  CREATE (d:Decision {
    id: randomUUID(),
    need: n.id,
    programme: p.id,
    status_before: status_before,
    status_after: $status,
    note_before: note_before,
    note_after: a.note,
    decided_on: $decided_on,
    by: $by,
    at: datetime()
  })
  CREATE (d)-[:CONCERNS]->(n), (d)-[:CONCERNS]->(p)
  RETURN d
}
RETURN n IS NOT NULL AS need_found,
       p IS NOT NULL AS programme_found,
       d.id AS decision,
       d.need AS need,
       d.programme AS programme,
       d.status_before AS status_before,
       d.status_after AS status_after,
       d.note_before AS note_before,
       d.note_after AS note_after,
       d.decided_on AS decided_on,
       d.by AS by,
       d.at AS at

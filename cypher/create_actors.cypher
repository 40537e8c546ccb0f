// Create the actors of $rows = [{id, props}] that do not exist yet, with both labels.
// (With update_actors this is an upsert: ArcadeDB's MERGE on two labels scans instead of
// using the id index, so the lookup is done on the indexed class label alone.)
UNWIND $rows AS row
OPTIONAL MATCH (old:Actor {id: row.id})
WITH row, old
WHERE old IS NULL
CREATE (n:Actor:{{label}})
SET n = row.props

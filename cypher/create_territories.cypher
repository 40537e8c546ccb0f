// Create the territories of $rows = [{id, props}] that do not exist yet, with both labels.
// (With update_territories this is an upsert: ArcadeDB's MERGE on two labels scans instead of
// using the id index, so the lookup is done on the indexed class label alone.)
UNWIND $rows AS row
OPTIONAL MATCH (old:Territory {id: row.id})
WITH row, old
WHERE old IS NULL
CREATE (n:Territory:{{label}})
SET n = row.props

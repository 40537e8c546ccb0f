// Update the territories of one second label that already exist: $rows = [{id, props}];
// properties set to exactly props. Runs after delete_stale_territories, so a match has the right labels.
UNWIND $rows AS row
MATCH (n:Territory {id: row.id})
SET n = row.props

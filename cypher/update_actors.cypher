// Update the actors of one second label that already exist: $rows = [{id, props}];
// properties set to exactly props. Runs after delete_stale_actors, so a match has the right labels.
UNWIND $rows AS row
MATCH (n:Actor {id: row.id})
SET n = row.props

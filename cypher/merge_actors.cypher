// Upsert actors of one type: $rows = [{id, props}]; the properties are set to exactly props.
UNWIND $rows AS row
MERGE (n:Actor:{{label}} {id: row.id})
SET n = row.props

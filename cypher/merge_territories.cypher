// Upsert territories of one level: $rows = [{id, props}]; properties set to exactly props.
UNWIND $rows AS row
MERGE (n:Territory:{{label}} {id: row.id})
SET n = row.props

// Upsert contracts: $rows = [{id, props}]; properties set to exactly props.
UNWIND $rows AS row
MERGE (n:Contract {id: row.id})
SET n = row.props

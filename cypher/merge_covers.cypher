// Upsert COVERS relationships: $rows = [{source, target, props}]; properties set to exactly props.
UNWIND $rows AS row
MATCH (a:Contract {id: row.source})
MATCH (b:Territory {id: row.target})
MERGE (a)-[r:COVERS]->(b)
SET r = row.props

// Upsert PART_OF relationships: $rows = [{source, target, props}]; properties set to exactly props.
UNWIND $rows AS row
MATCH (a:Territory {id: row.source})
MATCH (b:Territory {id: row.target})
MERGE (a)-[r:PART_OF]->(b)
SET r = row.props

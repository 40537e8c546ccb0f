// Upsert MEMBER_OF relationships: $rows = [{source, target, props}]; properties set to exactly props.
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (b:Actor {id: row.target})
MERGE (a)-[r:MEMBER_OF]->(b)
SET r = row.props

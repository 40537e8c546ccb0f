// Upsert BASED_IN relationships: $rows = [{source, target, props}]; properties set to exactly props.
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (b:Territory {id: row.target})
MERGE (a)-[r:BASED_IN]->(b)
SET r = row.props

// Upsert PARTY_TO relationships: $rows = [{source, target, props}]; properties set to exactly props.
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (b:Contract {id: row.target})
MERGE (a)-[r:PARTY_TO]->(b)
SET r = row.props

// Create MEMBER_OF relationships when the graph was empty at the start of the load (fresh database
// or --replace), so none can exist yet: $rows = [{source, target, props}].
UNWIND $rows AS row
MATCH (a:Actor {id: row.source})
MATCH (b:Actor {id: row.target})
CREATE (a)-[r:MEMBER_OF]->(b)
SET r = row.props

// Create MEMBER_OF relationships when the graph was empty at the start of the load (fresh database
// or --replace), so none can exist yet: $rows = [[source, target, props]].
UNWIND $rows AS row
MATCH (a:Actor {id: row[0]})
MATCH (b:Actor {id: row[1]})
CREATE (a)-[r:MEMBER_OF]->(b)
SET r = row[2]

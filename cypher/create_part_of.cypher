// Create PART_OF relationships when the graph was empty at the start of the load (fresh database
// or --replace), so none can exist yet: $rows = [[source, target, props]].
UNWIND $rows AS row
MATCH (a:Territory {id: row[0]})
MATCH (b:Territory {id: row[1]})
CREATE (a)-[r:PART_OF]->(b)
SET r = row[2]

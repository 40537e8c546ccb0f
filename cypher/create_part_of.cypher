// Create PART_OF relationships when the graph was empty at the start of the load (fresh database
// or --replace), so none can exist yet: $rows = [{source, target, props}].
UNWIND $rows AS row
MATCH (a:Territory {id: row.source})
MATCH (b:Territory {id: row.target})
CREATE (a)-[r:PART_OF]->(b)
SET r = row.props

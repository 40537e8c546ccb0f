// Create contracts when the graph was empty at the start of the load: $rows = [{id, props}].
UNWIND $rows AS row
CREATE (n:Contract)
SET n = row.props

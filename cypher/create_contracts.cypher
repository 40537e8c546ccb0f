// Create contracts when the graph was empty at the start of the load: $rows = [props] (each
// holds the id).
UNWIND $rows AS props
CREATE (n:Contract)
SET n = props

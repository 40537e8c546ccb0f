// Create the actors when the graph was empty at the start of the load (fresh database or
// --replace), so none can exist yet: $rows = [props] (each holds the id), both labels.
UNWIND $rows AS props
CREATE (n:Actor:{{label}})
SET n = props

// Write the measures of $rows = [{id, props}] onto the existing Actor nodes (analyse --write),
// as Neo4j GDS's write mode does; a null value removes the property.
UNWIND $rows AS row
MATCH (n:Actor {id: row.id})
SET n += row.props
RETURN count(n) AS written

// Delete the territories of $ids whose labels are not exactly Territory + {{label}}
// (level changed); MERGE then recreates them (see delete_stale_actors.cypher).
UNWIND $ids AS id
MATCH (n:Territory {id: id})
WHERE NOT n:{{label}} OR size(labels(n)) <> 2
DETACH DELETE n

// Delete the actors of $ids whose labels are not exactly Actor + {{label}} (type changed);
// MERGE then recreates them. A label change is a delete + create in ArcadeDB, which
// refuses two label changes of one node in a transaction; this works on both servers.
UNWIND $ids AS id
MATCH (n:Actor {id: id})
WHERE NOT n:{{label}} OR size(labels(n)) <> 2
DETACH DELETE n

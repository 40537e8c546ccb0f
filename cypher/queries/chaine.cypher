// Chaîne la plus courte entre deux organisations, par les contrats communs et les adhésions (au plus 10 liens).
// $actor : id de la première organisation
// $other : id de la seconde organisation
MATCH (a:Actor {id: $actor}), (b:Actor {id: $other})
MATCH p = shortestPath((a)-[:PARTY_TO|MEMBER_OF*..10]-(b))
RETURN length(p) AS liens, [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS noms

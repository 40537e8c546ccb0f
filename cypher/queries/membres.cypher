// Membres d'une organisation (fédération, association régionale, réseau) et leur rôle.
// $organisation : id de l'organisation
MATCH (m:Actor)-[r:MEMBER_OF]->(o:Actor {id: $organisation})
RETURN m.id AS id, m.name AS nom, m.type AS type, r.role AS role
ORDER BY type, id

// Contrats d'une organisation, avec son rôle, la nature, les dates et le nombre de parties.
// $actor : id de l'organisation
MATCH (a:Actor {id: $actor})-[r:PARTY_TO]->(c:Contract)
OPTIONAL MATCH (c)<-[:PARTY_TO]-(other:Actor)
RETURN c.id AS id, c.name AS nom, c.kind AS nature, r.role AS role, c.start AS debut, c.end AS fin,
       c.amount_eur AS montant_eur, count(other) AS parties
ORDER BY debut, id

// Partenaires d'une organisation : les acteurs avec qui elle est partie à au moins un contrat, du plus lié au moins lié.
// $actor : id de l'organisation (ex. regie-paris19)
// $as_of : date AAAA-MM-JJ, facultatif ; seuls les contrats en vigueur à cette date comptent
MATCH (a:Actor {id: $actor})-[:PARTY_TO]->(c:Contract)<-[:PARTY_TO]-(p:Actor)
WHERE p <> a
  AND ($as_of IS NULL
       OR ((c.start IS NULL OR c.start <= date($as_of)) AND (c.end IS NULL OR date($as_of) <= c.end)))
WITH p, c
ORDER BY c.id
RETURN p.id AS id, p.name AS nom, p.type AS type, count(c) AS contrats, collect(c.id) AS ids_contrats
ORDER BY contrats DESC, id

// Contrats arrivant à échéance : date de fin avant une date donnée (et, au choix, après une autre), avec leurs parties.
// $before : date AAAA-MM-JJ ; contrats dont la fin est antérieure à cette date
// $after : date AAAA-MM-JJ, facultatif ; ignore les contrats terminés avant cette date
MATCH (c:Contract)
WHERE c.end IS NOT NULL AND c.end < date($before)
  AND ($after IS NULL OR c.end >= date($after))
OPTIONAL MATCH (c)<-[:PARTY_TO]-(a:Actor)
WITH c, a
ORDER BY a.id
RETURN c.id AS id, c.name AS nom, c.kind AS nature, c.end AS fin, collect(a.id) AS parties
ORDER BY fin, id

// Acteurs isolés : partie à aucun contrat (un constat en soi : aucun partenariat connu).
// $type : type d'acteur (bailleur, regie…), facultatif
MATCH (a:Actor)
WHERE ($type IS NULL OR a.type = $type)
  AND NOT EXISTS { MATCH (a)-[:PARTY_TO]->(:Contract) }
RETURN a.id AS id, a.name AS nom, a.type AS type
ORDER BY type, id

// Contrats couvrant un territoire : couverture déclarée sur ce territoire ou sur un territoire qui l'englobe.
// $territory : id du territoire (ex. commune:59512)
// $kind : nature du contrat (contrat_de_ville, prestation…), facultatif
MATCH (t:Territory {id: $territory})-[:PART_OF*0..]->(via:Territory)<-[:COVERS]-(c:Contract)
WHERE $kind IS NULL OR c.kind = $kind
RETURN DISTINCT c.id AS id, c.name AS nom, c.kind AS nature, c.start AS debut, c.end AS fin,
       via.id AS couverture_declaree_sur
ORDER BY nature, id, couverture_declaree_sur

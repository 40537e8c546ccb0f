// Acteurs présents dans un territoire : présence déclarée sur ce territoire ou sur un territoire qui l'englobe (une présence dans un EPCI vaut pour ses communes et QPV).
// $territory : id du territoire (ex. qpv:QN05991M)
// $type : type d'acteur (bailleur, regie…), facultatif
MATCH (t:Territory {id: $territory})-[:PART_OF*0..]->(via:Territory)<-[p:PRESENT_IN]-(a:Actor)
WHERE $type IS NULL OR a.type = $type
RETURN a.id AS id, a.name AS nom, a.type AS type, via.id AS presence_declaree_sur,
       via.level AS niveau, p.dwellings AS logements
ORDER BY type, id, presence_declaree_sur

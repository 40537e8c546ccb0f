// Nombre d'acteurs par type, avec le nombre de ceux qui sont partie à au moins un contrat.
MATCH (a:Actor)
WITH a.type AS type, a, EXISTS { MATCH (a)-[:PARTY_TO]->(:Contract) } AS lie
RETURN type, count(a) AS acteurs, sum(CASE WHEN lie THEN 1 ELSE 0 END) AS avec_contrat
ORDER BY type

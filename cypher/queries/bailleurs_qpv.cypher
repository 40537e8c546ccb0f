// Bailleurs logeant dans les QPV d'un territoire : logements déclarés par QPV, pour un territoire englobant (ou tous les QPV).
// $territory : id d'un territoire englobant (ex. epci:200093201), facultatif ; tous les QPV sinon
MATCH (b:Actor:Bailleur)-[h:PRESENT_IN]->(q:Territory:Qpv)
WHERE h.dwellings > 0
  AND ($territory IS NULL OR EXISTS { MATCH (q)-[:PART_OF*0..]->(:Territory {id: $territory}) })
RETURN q.id AS qpv, q.name AS nom_qpv, b.id AS bailleur, b.name AS nom_bailleur, h.dwellings AS logements
ORDER BY qpv, logements DESC, bailleur

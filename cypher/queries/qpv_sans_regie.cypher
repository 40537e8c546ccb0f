// QPV où un bailleur a des logements mais aucun contrat (prestation ou partenariat) couvrant le QPV avec une régie de quartier.
// $landlord : id du bailleur, facultatif ; tous les bailleurs sinon
// $as_of : date AAAA-MM-JJ, facultatif ; seuls les contrats en vigueur à cette date comptent
MATCH (b:Actor:Bailleur)-[h:PRESENT_IN]->(q:Territory:Qpv)
WHERE h.dwellings > 0 AND ($landlord IS NULL OR b.id = $landlord)
  AND NOT EXISTS {
    MATCH (q)-[:PART_OF*0..]->(:Territory)<-[:COVERS]-(c:Contract)<-[:PARTY_TO]-(b),
          (c)<-[:PARTY_TO]-(:Actor:Regie)
    WHERE c.kind IN ['prestation', 'partenariat']
      AND ($as_of IS NULL
           OR ((c.start IS NULL OR c.start <= date($as_of)) AND (c.end IS NULL OR date($as_of) <= c.end)))
  }
RETURN q.id AS qpv, q.name AS nom_qpv, b.id AS bailleur, b.name AS nom_bailleur, h.dwellings AS logements
ORDER BY logements DESC, qpv, bailleur

// Every relationship of the model types between model nodes, with its properties.
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
  AND (a:Actor OR a:Territory OR a:Contract)
  AND (b:Actor OR b:Territory OR b:Contract)
  AND a.id IS NOT NULL AND b.id IS NOT NULL
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type

// Number of relationships per type among model nodes.
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
  AND (a:Actor OR a:Territory OR a:Contract)
RETURN type(r) AS type, count(*) AS count
ORDER BY type

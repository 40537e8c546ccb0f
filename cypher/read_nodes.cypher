// Every node of the model with its labels and properties, by id.
MATCH (n)
WHERE (n:Actor OR n:Territory OR n:Contract) AND n.id IS NOT NULL
RETURN labels(n) AS labels, properties(n) AS props
ORDER BY n.id

// Which of the given ids name a node of the model (to say which parameter names nothing).
MATCH (n)
WHERE (n:Actor OR n:Territory OR n:Contract) AND n.id IN $ids
RETURN DISTINCT n.id AS id

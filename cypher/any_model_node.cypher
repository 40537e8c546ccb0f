// One model node if there is any: an empty result means the graph is empty (create-only load).
MATCH (n)
WHERE n:Actor OR n:Territory OR n:Contract
RETURN n.id AS id
LIMIT 1

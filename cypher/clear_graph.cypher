// Delete every node of the model (and its relationships); other labels are left alone.
MATCH (n)
WHERE n:Actor OR n:Territory OR n:Contract
DETACH DELETE n

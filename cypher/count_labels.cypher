// Number of model nodes per label (class and second label).
MATCH (n)
WHERE n:Actor OR n:Territory OR n:Contract
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label

// Index on the contract kind (contrat_de_ville, prestation...).
CREATE INDEX contract_kind IF NOT EXISTS FOR (n:Contract) ON (n.kind)

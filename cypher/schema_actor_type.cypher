// Index on the actor type (bailleur, regie...).
CREATE INDEX actor_type IF NOT EXISTS FOR (n:Actor) ON (n.type)

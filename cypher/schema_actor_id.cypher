// Uniqueness of actor ids (also indexes the lookups of every load).
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE

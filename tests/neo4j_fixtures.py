"""Real Bolt server fixtures (owned by the store step; filled in there)."""

"""hlmgraph: map and analyse the partnership network of French social housing."""

__version__ = "0.1.0"

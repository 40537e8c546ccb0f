"""Entry point for ``python -m hlmgraph``."""

from hlmgraph.cli import main

main()

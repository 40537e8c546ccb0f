"""Data step: generate realistic synthetic datasets on the real French geography.

Territories come from the real COG 2026 hierarchy and the real contrats de ville
2024-2030 (tables shipped in ``hlmgraph/data/geo``); QPV, landlords, régies,
associations and every contract are synthetic, with clearly fictional names and
deliberate partnership gaps (spec/gap-rules.md). Same scale and seed: byte-identical
files.
"""

from hlmgraph.generate.build import build_tables
from hlmgraph.generate.scope import REFERENCE_DATE, SCALES, SCOPES
from hlmgraph.generate.writing import generate_dataset

__all__ = ["REFERENCE_DATE", "SCALES", "SCOPES", "build_tables", "generate_dataset"]

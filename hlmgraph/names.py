"""Name comparison step: organisation names folded and normalised so that variants meet."""

from __future__ import annotations

import re
import unicodedata

_NOISE = frozenset({"ASSOCIATION", "ASSOC", "ASSO", "ASS", "L", "D", "DE", "DU", "DES", "LA",
                    "LE", "LES", "ET", "POUR", "A", "AU", "AUX", "EN"})
"""Words left out when comparing names (legal form, articles)."""


def fold_words(name: str) -> str:
    """Upper case, accents removed, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def normalise(name: str) -> str:
    """A name for comparison: ``fold_words`` without legal form words and articles."""
    words = fold_words(name).split()
    kept = [w for w in words if w not in _NOISE]
    return " ".join(kept or words)

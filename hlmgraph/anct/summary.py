"""Import step: what an ANCT import kept, as a DataFrame (``hlmgraph import anct`` words it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hlmgraph import fr
from hlmgraph.anct.build import ImportSummary

if TYPE_CHECKING:
    import pandas as pd

def summary_frame(summary: ImportSummary) -> pd.DataFrame:
    """Employers by type: type, French label, count, of which doubtful."""
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    doubtful: dict[str, int] = {}
    types = dict(summary.types)
    for aid, _, _ in summary.uncertain:
        doubtful[types[aid]] = doubtful.get(types[aid], 0) + 1
    rows = [{"type": kind, "libelle": fr.type_label(kind), "employeurs": n,
             "a_verifier": doubtful.get(kind, 0)}
            for kind, n in sorted(summary.by_type.items(), key=lambda item: (-item[1], item[0]))]
    return pd.DataFrame(rows, columns=["type", "libelle", "employeurs", "a_verifier"])

"""Gaps step: a recommended pair as a record with its French reason, and the pandas table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.gaps.wording import organisation
from hlmgraph.places import Places
from hlmgraph.recommend.pairs import Candidate
from hlmgraph.recommend.score import Network

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: tuple[str, ...] = (
    "rank",
    "actor",
    "actor_name",
    "actor_type",
    "partner",
    "partner_name",
    "partner_type",
    "score",
    "shared_territories",
    "shared_territory_names",
    "common_partners",
    "common_partner_names",
    "framework_contracts",
    "framework_contract_names",
    "message",
)
"""Columns of a suggestion record (CSV, JSON, XLSX, DataFrame)."""
TABLE_COLUMNS: tuple[str, ...] = (
    "rank",
    "actor_name",
    "partner_name",
    "score",
    "shared_territory_names",
    "common_partner_names",
)
"""Columns shown in the terminal table."""
LISTED = 3
"""Names quoted in a message before « et N autres »."""


def make_record(
    rank: int, pair: Candidate, network: Network, G: nx.MultiDiGraph, places: Places,
    as_of: dt.date | None,
) -> dict[str, Any]:
    """One suggestion record with its reasons and French sentence."""
    x, y = pair.actor, pair.partner
    territories = sorted(pair.shared, key=lambda t: (-places.rank(t), _name(G, t), t))
    A = network.graph
    common = sorted(set(A[x]) & set(A[y]), key=lambda v: (_name(G, v), str(v)))
    frameworks = network.ties.cosigned(x, y)
    ties = network.ties
    record = {
        "rank": rank,
        "actor": x,
        "actor_name": _name(G, x),
        "actor_type": ties.graph.nodes[x].get("type", ""),
        "partner": y,
        "partner_name": _name(G, y),
        "partner_type": ties.graph.nodes[y].get("type", ""),
        "score": pair.score,
        "shared_territories": territories,
        "shared_territory_names": [fr.territory_title(G.nodes[t]) for t in territories],
        "common_partners": common,
        "common_partner_names": [_name(G, v) for v in common],
        "framework_contracts": frameworks,
        "framework_contract_names": [_name(G, c) for c in frameworks],
    }
    record["message"] = _message(G, record, as_of)
    return record


def recommendations_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Suggestions of ``recommend`` as a pandas DataFrame, columns ``COLUMNS`` in order.

    Example::

        recommendations_frame(recommend(G, top=20)).head()
    """
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    return pd.DataFrame([dict(r) for r in records], columns=list(COLUMNS))


def _message(G: nx.MultiDiGraph, record: dict[str, Any], as_of: dt.date | None) -> str:
    """The French sentence explaining a suggestion."""
    when = f" au {fr.date(as_of)}" if as_of else ""
    places = fr.names([fr.territory(G.nodes[t]) for t in record["shared_territories"]], LISTED)
    text = (
        f"{_who(G, record['actor'])} et {_who(G, record['partner'])} n'ont aucun contrat "
        f"opérationnel en vigueur{when} ni adhésion en commun mais agissent tous deux sur {places}"
    )
    clauses = []
    if record["common_partner_names"]:
        count = len(record["common_partner_names"])
        noun = fr.noun(count, "partenaire commun", "partenaires communs")
        clauses.append(
            f"ont {fr.in_words(count)} {noun} ({fr.names(record['common_partner_names'], LISTED)})"
        )
    if record["framework_contracts"]:
        cosigned = fr.names([fr.contract(G.nodes[c]) for c in record["framework_contracts"]], LISTED)
        clauses.append(f"sont déjà cosignataires {_de(cosigned)}")
    if clauses:
        text += ", " + " et ".join(clauses) if len(clauses) > 1 else " et " + clauses[0]
    return fr.typography(text[:1].upper() + text[1:] + " : un partenariat est à étudier.")


def _who(G: nx.MultiDiGraph, actor: str) -> str:
    """The actor in a sentence (``gaps.wording.organisation``)."""
    data = G.nodes[actor]
    return organisation(_name(G, actor), str(data.get("type", "")), str(data.get("subtype", "")))


def _de(phrase: str) -> str:
    """« de » before a phrase starting with an article: « du contrat … », « de la convention … »."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if phrase.startswith(article):
            return contracted + phrase[len(article):]
    return "de " + phrase


def _name(G: nx.MultiDiGraph, node: str) -> str:
    """The name of a node, or its id."""
    return str(G.nodes[node].get("name", node)) if node in G else str(node)

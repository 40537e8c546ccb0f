"""Diff step: the changes in French — sections, a table for people, an HTML page, JSON."""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hlmgraph import fr, jsontext
from hlmgraph.columns import CHANGE
from hlmgraph.diff.compare import Changes, compare_with
from hlmgraph.errors import OutputError
from hlmgraph.files import write_text
from hlmgraph.gaps import Gap, load_rules
from hlmgraph.output import EXCEL_FR, write_records

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

FORMATS: tuple[str, ...] = ("json", "csv", "xlsx", "html")
COLUMNS: tuple[str, ...] = tuple(CHANGE)
"""Fields of the table of changes (one row per change; French headers in ``columns``)."""
HTML_SHOWN = 500
"""Items listed per list of the HTML page (the tables hold them all)."""


def heading(changes: Changes) -> str:
    """« ANCIEN (au …) à NOUVEAU (au …) : », or one dataset at two dates."""
    old, new = changes.old, changes.new
    if old.path == new.path:
        return f"{old.path} au {fr.date(old.as_of)} puis au {fr.date(new.as_of)} :"
    return f"De {old.path} (au {fr.date(old.as_of)}) à {new.path} (au {fr.date(new.as_of)}) :"


def sections(
    changes: Changes, shown: int | None = None
) -> list[tuple[str, tuple[str, list[str]], tuple[str, list[str]]]]:
    """(label, (gained text, names), (lost text, names)) for each kind of change.

    With ``shown``, only the first ``shown`` items of a list are named (national diffs
    hold a hundred thousand partnerships); the others stay empty strings, still counted.
    """
    name = changes.name

    def pair(p: tuple[str, str]) -> str:
        """Two actor names joined."""
        return f"{name(p[0])} – {name(p[1])}"

    def named(items: Sequence[Any], say: Callable[[Any], str]) -> list[str]:
        """The first ``shown`` items said (all without ``shown``), the others left unnamed."""
        kept = items if shown is None else items[:shown]
        return [say(item) for item in kept] + [""] * (len(items) - len(kept))

    return [
        ("Organisations",
         (fr.count(len(changes.actors_added), "ajoutée"), named(changes.actors_added, name)),
         (fr.count(len(changes.actors_removed), "retirée"), named(changes.actors_removed, name))),
        ("Partenariats",
         (fr.count(len(changes.partnerships_gained), "gagné"),
          named(changes.partnerships_gained, pair)),
         (fr.count(len(changes.partnerships_lost), "perdu"),
          named(changes.partnerships_lost, pair))),
        ("Contrats en vigueur",
         (fr.count(len(changes.contracts_added), "nouveau", "nouveaux"),
          named(changes.contracts_added, name)),
         (fr.count(len(changes.contracts_removed), "retiré ou terminé", "retirés ou terminés"),
          named(changes.contracts_removed, name))),
        ("Manques",
         (fr.count(len(changes.gaps_opened), "ouvert"), named(changes.gaps_opened, _gap)),
         (fr.count(len(changes.gaps_closed), "fermé"), named(changes.gaps_closed, _gap))),
    ]


def _gap(gap: Gap) -> str:
    """A gap in a few words: its actors and territory (the full message is in the tables)."""
    who = fr.quote(fr.names(gap.actor_names, 2) if gap.actor_names else gap.rule)
    return f"{who} ({gap.territory_name})" if gap.territory_name else who


def change_rows(changes: Changes) -> list[dict[str, str]]:
    """One record per change (fields of ``columns.CHANGE``), values in French."""
    name = changes.name
    rows: list[dict[str, str]] = []
    for change, ids in (("ajoutée", changes.actors_added), ("retirée", changes.actors_removed)):
        rows += [{"section": "organisation", "change": change, "id": a, "name": name(a)}
                 for a in ids]
    for change, pairs in (("gagné", changes.partnerships_gained),
                          ("perdu", changes.partnerships_lost)):
        rows += [{"section": "partenariat", "change": change, "id": a, "name": name(a),
                  "id_2": b, "name_2": name(b)} for a, b in pairs]
    for change, ids in (("nouveau", changes.contracts_added),
                        ("retiré ou terminé", changes.contracts_removed)):
        rows += [{"section": "contrat", "change": change, "id": c, "name": name(c)} for c in ids]
    for change, gaps in (("ouvert", changes.gaps_opened), ("fermé", changes.gaps_closed)):
        rows += [{"section": "manque", "change": change, "id": g.rule,
                  "name": ", ".join(g.actor_names), "id_2": g.contract,
                  "name_2": g.contract_name, "territory": g.territory_name,
                  "message": g.message} for g in gaps]
    return [{column: row.get(column, "") for column in COLUMNS} for row in rows]


def write_changes(
    changes: Changes, fmt: str, out: str | os.PathLike[str] | None, dialect: str = EXCEL_FR
) -> str | None:
    """Write the changes as ``json``, ``csv``, ``xlsx`` or ``html`` to ``out`` (text if None).

    ``dialect``: CSV for Excel in French (default) or ``rfc4180`` (``--csv-dialect``).
    """
    if fmt == "json":
        text = jsontext.dumps(changes.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = html_page(changes)
    elif fmt in ("csv", "xlsx"):
        return write_records(change_rows(changes), COLUMNS, fmt, out, sheet="changements",
                             record_type="change", dialect=dialect)
    else:
        raise OutputError(f"Format « {fmt} » inconnu : choisissez {', '.join(FORMATS)}.")
    if out is None:
        return text
    write_text(out, text)
    return None


def html_page(changes: Changes) -> str:
    """A self-contained page (no script, no network) listing the changes."""
    body = [f"<h1>{html.escape(fr.typography('Ce qui a changé'))}</h1>",
            f"<p>{html.escape(fr.typography(heading(changes)))}</p>", section_html(changes, level=2)]
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n<title>Ce qui a changé</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "line-height:1.4}li{margin:.2rem 0}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def section_html(changes: Changes, level: int = 2) -> str:
    """The changes as HTML headings and lists (every data string escaped)."""
    parts: list[str] = []
    for label, gained, lost in sections(changes, HTML_SHOWN):
        parts.append(f"<h{level}>{html.escape(label)}</h{level}>")
        for text, items in (gained, lost):
            parts.append(f"<p>{html.escape(fr.typography(text))}</p>")
            if items:
                shown = [f"<li>{html.escape(i)}</li>" for i in items[:HTML_SHOWN]]
                if len(items) > HTML_SHOWN:
                    rest = fr.count(len(items) - HTML_SHOWN, "autre")
                    shown.append(f"<li>… {html.escape(rest)} (voir le CSV ou le XLSX)</li>")
                parts.append("<ul>" + "".join(shown) + "</ul>")
    return "\n".join(parts)


def changes_frame(changes: Changes) -> pd.DataFrame:
    """The changes as a pandas DataFrame (one row per change, fields of ``columns.CHANGE``)."""
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    return pd.DataFrame(change_rows(changes), columns=list(COLUMNS))


@dataclass(frozen=True)
class ReportChanges:
    """The changes as ``report --compare`` shows them: a sentence and a section."""

    changes: Changes

    def sentence(self) -> str:
        """« Depuis ANCIEN : 3 organisations ajoutées et 1 retirée, … »."""
        c = self.changes
        parts = [
            f"{fr.count(len(c.actors_added), 'organisation ajoutée', 'organisations ajoutées')} "
            f"et {fr.count(len(c.actors_removed), 'retirée')}",
            f"{fr.count(len(c.partnerships_gained), 'partenariat gagné', 'partenariats gagnés')} "
            f"et {fr.count(len(c.partnerships_lost), 'perdu')}",
            f"{fr.count(len(c.contracts_added), 'contrat nouveau', 'contrats nouveaux')} et "
            f"{fr.count(len(c.contracts_removed), 'retiré ou terminé', 'retirés ou terminés')}",
            f"{fr.count(len(c.gaps_opened), 'manque ouvert', 'manques ouverts')} et "
            f"{fr.count(len(c.gaps_closed), 'fermé')}",
        ]
        return fr.typography(f"Depuis {c.old.path} (au {fr.date(c.old.as_of)}) : "
                             + ", ".join(parts) + ".")

    def section(self) -> str:
        """The section body: what changed, by kind, with names (escaped)."""
        intro = f"<p>{html.escape(self.sentence())}</p>"
        return intro + "\n" + section_html(self.changes, level=3)


def report_changes(
    old: str | os.PathLike[str],
    graph: nx.MultiDiGraph,
    *,
    as_of: dt.date | None = None,
    rules: str | os.PathLike[str] | None = None,
) -> ReportChanges:
    """What changed since dataset ``old``, for ``report --compare`` (same date and rules)."""
    return ReportChanges(compare_with(old, graph, as_of=as_of, rules=load_rules(Path(rules) if rules else None)))

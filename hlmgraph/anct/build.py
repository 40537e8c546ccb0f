"""Import step: turn ANCT posts into the rows of a dataset (actors, contracts, parties, presence).

Posts are kept when their contrat de ville is in the shipped ANCT list (and inside
``--territory`` when given); the others are counted per file, never dropped silently.
Employers are merged across files by SIREN; one without SIRET takes the SIREN of an
employer of the same normalised name in the same département, else a slug.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from hlmgraph import cog
from hlmgraph.anct.employers import Typing, classify, siren_of, slug
from hlmgraph.anct.read import Post, PostsFile
from hlmgraph.names import normalise
from hlmgraph.prefill import ANCT_SOURCE, Tables, carriers_for, contract_tables, territory_rows
from hlmgraph.progress import Count

Rows = list[dict[str, str]]
COUNT_EVERY = 250
"""Posts between two progress counts."""


@dataclass
class FileCount:
    """What became of the rows of one file."""

    label: str
    rows: int = 0
    kept: int = 0
    duplicates: int = 0
    """Kept rows repeated identically (same post, contrat, employer, amount): counted once."""
    no_code: int = 0
    unknown: Counter[str] = field(default_factory=Counter)
    """Contract codes not in the ANCT list, with their row counts."""
    outside: int = 0
    """Rows whose contrat de ville lies outside ``--territory``."""


@dataclass
class ImportSummary:
    """Counts of an import, for the French summary."""

    files: list[FileCount]
    tables: dict[str, int]
    by_type: Counter[str]
    uncertain: list[tuple[str, str, str]]
    """(actor id, name, reason) of employers whose type a person should check."""
    matched_by_name: int = 0
    """Employers without SIRET given the SIREN of a same-name employer of the same département."""
    types: dict[str, str] = field(default_factory=dict)
    """Employer id -> its actor type."""


@dataclass
class _Employer:
    """One employer being merged from several rows and files."""

    id: str
    siren: str
    names: Counter[str] = field(default_factory=Counter)
    departements: Counter[str] = field(default_factory=Counter)
    sources: set[str] = field(default_factory=set)
    posts: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    """Contract code -> post id -> amount."""


def build_import(files: list[PostsFile], territory: str | None = None,
                 count: Count | None = None) -> tuple[dict[str, Rows], ImportSummary]:
    """The dataset tables built from the posts files, and the summary of what was kept;
    ``count(done, total)`` follows the posts being merged into employers."""
    counts = [FileCount(f.label) for f in files]
    kept = [(f, post) for f, file_count in zip(files, counts, strict=True)
            for post in _kept_posts(f, file_count, territory)]
    employers, matched = _employers(kept, count)
    typings = {e.id: classify(_name(e), e.siren) for e in employers.values()}
    codes = sorted({post.contract for _, post in kept})
    tables = contract_tables(codes, ANCT_SOURCE)
    _add_employers(tables, employers, typings)
    touched = {row["territory"] for row in tables.presence.values()} | {
        row["territory"] for row in tables.coverage.values()} | {
        row["territory"] for row in tables.actors.values() if row["territory"]}
    rows = tables.as_rows(territory_rows(touched, within=territory))
    summary = ImportSummary(
        counts, {name: len(r) for name, r in rows.items()},
        Counter(typings[e].type for e in employers),
        sorted((e, _name(employers[e]), t.reason) for e, t in typings.items() if t.uncertain),
        matched, {e: t.type for e, t in sorted(typings.items())})
    return rows, summary


def _kept_posts(posts_file: PostsFile, count: FileCount, territory: str | None) -> list[Post]:
    """The posts of one file whose contrat de ville is known (and inside ``territory``)."""
    inside = carriers_for(territory) if territory else None
    seen: set[tuple[str, str, str, str, float | None]] = set()
    kept: list[Post] = []
    for post in posts_file.posts:
        count.rows += 1
        contract = cog.contract(post.contract) if post.contract else None
        key = (post.post_id, post.contract, post.siret, post.name, post.amount)
        if not post.contract:
            count.no_code += 1
        elif contract is None:
            count.unknown[post.contract] += 1
        elif inside is not None and cog.carrier(contract) not in inside:
            count.outside += 1
        elif key in seen:
            count.duplicates += 1
        else:
            seen.add(key)
            count.kept += 1
            kept.append(post)
    return kept


def _employers(kept: list[tuple[PostsFile, Post]], count: Count | None = None
               ) -> tuple[dict[str, _Employer], int]:
    """Employers merged by SIREN (or name and département); how many were matched by name.

    ``count(done, total)`` follows the posts read (the long part at national scale).
    """
    by_name: dict[tuple[str, str], str] = {}
    keys: list[tuple[str, tuple[str, str]]] = []
    for done, (_, post) in enumerate(kept, start=1):
        siren, key = siren_of(post.siret), (normalise(post.name), post.departement)
        keys.append((siren, key))
        if siren:
            by_name.setdefault(key, siren)
        if count is not None and (done % COUNT_EVERY == 0 or done == len(kept)):
            count(done, len(kept))
    employers: dict[str, _Employer] = {}
    matched: set[str] = set()
    for (posts_file, post), (siren, key) in zip(kept, keys, strict=True):
        if not siren and key in by_name:
            siren = by_name[key]
            matched.add(slug(post.name, post.departement))
        aid = siren or slug(post.name, post.departement)
        employer = employers.setdefault(aid, _Employer(aid, siren))
        employer.names[post.name] += 1
        employer.departements[post.departement] += 1
        employer.sources.add(posts_file.label)
        amounts = employer.posts[post.contract]
        amounts[post.post_id] = amounts.get(post.post_id, 0.0) + (post.amount or 0.0)
    return employers, len(matched)


def _add_employers(tables: Tables, employers: dict[str, _Employer],
                   typings: dict[str, Typing]) -> None:
    """Actor, party and presence rows of the employers."""
    for aid in sorted(employers):
        employer, typing = employers[aid], typings[aid]
        dep = min(employer.departements, key=lambda d: (-employer.departements[d], d))
        source = "ANCT, postes " + " ; ".join(sorted(employer.sources))
        tables.add_actor({
            "id": aid, "name": typing.name or _name(employer), "type": typing.type,
            "subtype": typing.subtype, "siren": employer.siren,
            "territory": typing.territory or (f"departement:{dep}" if dep else ""),
            "source": source, "type_reason": typing.reason,
        })
        for code, amounts in sorted(employer.posts.items()):
            tables.add_party(code, aid, "beneficiaire", posts=str(len(amounts)),
                             amount_eur=_amount(sum(amounts.values())))
            carrier = cog.carrier(cog.contract(code) or {})
            if carrier:
                tables.add_presence(aid, carrier)


def _name(employer: _Employer) -> str:
    """The name an employer is most often published under (ties: alphabetical)."""
    return min(employer.names, key=lambda n: (-employer.names[n], n))


def _amount(value: float) -> str:
    """An amount in euros with a decimal comma, cents only when there are some."""
    text = f"{value:.2f}".replace(".", ",")
    return text.removesuffix(",00")

"""Commands that analyse the graph: analyse (measures), gaps, recommend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from hlmgraph.cli import render
from hlmgraph.cli.french import FrenchCommand
from hlmgraph.cli.options import (
    DATE,
    as_of_day,
    check_format_out,
    csv_dialect_option,
    dates_options,
    echo,
    emit,
    graph_source,
    load_source_graph,
    neo4j_settings,
    network_options,
    say,
)
from hlmgraph.output import FORMATS
from hlmgraph.progress import Progress
from hlmgraph.schema import ENGINES


@click.command("gaps", cls=FrenchCommand)
@graph_source
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Fichier de règles TOML (par défaut : les règles livrées).")
@click.option("--as-of", type=DATE, default=None, help="Date d'analyse (par défaut : aujourd'hui).")
@click.option("--all-dates", is_flag=True,
              help="Compte tous les contrats comme en vigueur, quelle que soit leur date.")
@click.option("--territory", default=None,
              help="Ne garde que ce qui se trouve dans ce territoire (id, ex. departement:59).")
@click.option("--by", "by", type=click.Choice(["region", "departement", "epci", "commune"]),
              default=None, help="Tableau par territoire de ce niveau : manques par règle, logements en jeu.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              default="table", show_default=True, help="Format de sortie.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@click.option("--print-default-rules", is_flag=True, help="Affiche les règles par défaut (TOML) et s'arrête.")
@csv_dialect_option
def gaps_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
             rules_file: Path | None, as_of: dt.date | None, all_dates: bool,
             territory: str | None, by: str | None, fmt: str, out: Path | None,
             print_default_rules: bool, csv_dialect: str) -> None:
    """Cherche les partenariats attendus que les données ne montrent pas (manques) et les échéances.

    Exemple : hlmgraph gaps mes-donnees/ --territory region:32 --by departement
    """
    from hlmgraph import gaps
    from hlmgraph.cli.summaries import gaps_lines, unplaced_line
    from hlmgraph.columns import gap_territory_columns
    from hlmgraph.output import write_records

    if print_default_rules:
        echo(gaps.default_rules_text(), nl=False)
        return
    check_format_out(fmt, out)
    rules = gaps.load_rules(rules_file)
    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out])
    run = gaps.run_gaps(G, rules, as_of, all_dates=all_dates, territory=territory, by=by)
    for line in gaps_lines(run.gaps, rules):
        say(line)
    if run.unplaced:
        say(unplaced_line(run.unplaced, gaps.level_word(run.level)))
    columns = run.table_columns if fmt == "table" else run.columns
    emit(write_records(run.records, columns, fmt, out, sheet=run.sheet,
                       record_type=gap_territory_columns(rules) if by else "gap",
                       dialect=csv_dialect), out)


@click.command("analyse", cls=FrenchCommand)
@graph_source
@dates_options
@network_options
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              default="table", show_default=True, help="Format des mesures.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0],
              show_default=True, help="Moteur de calcul (networkx : code de référence, lent).")
@click.option("--write", is_flag=True,
              help="Écrit aussi les mesures sur les nœuds Actor de Neo4j (graphe déjà chargé).")
@click.option("--territory", default=None,
              help="N'analyse que ce qui se trouve dans ce territoire (id, ex. departement:59).")
@csv_dialect_option
def analyse_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
                as_of: dt.date | None, all_dates: bool, weighting: str, ties: str,
                memberships: bool, fmt: str, out: Path | None, engine: str, write: bool,
                territory: str | None, csv_dialect: str) -> None:
    """Mesure la place de chaque acteur dans le réseau des partenariats (centralités, courtage, communautés).

    Exemple : hlmgraph analyse mes-donnees/ --format csv --out mesures.csv
    """
    from hlmgraph import analysis
    from hlmgraph.cli.summaries import network_text
    from hlmgraph.output import write_records

    check_format_out(fmt, out)
    day = as_of_day(as_of, all_dates)
    settings = neo4j_settings(uri, user, database) if write else None
    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out],
                          territory=territory)
    options = analysis.NetworkOptions(day, weighting, ties, memberships)
    with Progress("Mesures du réseau") as shown:
        found = analysis.analyse_graph(G, options, engine, progress=shown.say)
    text = write_records(found.measures, analysis.COLUMNS, fmt, out, sheet="mesures",
                         record_type="measure", dialect=csv_dialect)
    echo(network_text(found.summary), err=out is None, nl=False)
    emit(text, out)
    if settings is not None:
        from hlmgraph.store import write_measures

        written = write_measures(analysis.written_rows(found), settings)
        for line in render.measures_written(written, len(found.measures)):
            say(line)


@click.command("recommend", cls=FrenchCommand)
@graph_source
@click.option("--actor", default=None, help="Propose des partenaires à cet acteur (id).")
@click.option("--type", "types", multiple=True,
              help="Type d'acteur à proposer (répétable), ex. regie, plie, mission_locale.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Nombre de suggestions.")
@dates_options
@click.option("--territory", default=None,
              help="Ne garde que les paires qui agissent dans ce territoire (id).")
@network_options
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              default="table", show_default=True, help="Format de sortie.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@csv_dialect_option
def recommend_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
                  actor: str | None, types: tuple[str, ...], top: int, as_of: dt.date | None,
                  all_dates: bool, territory: str | None, weighting: str, ties: str,
                  memberships: bool, fmt: str, out: Path | None, csv_dialect: str) -> None:
    """Suggère des partenariats plausibles : types complémentaires, territoire commun, aucun lien encore.

    Exemple : hlmgraph recommend mes-donnees/ --actor r-filatures --type plie --top 5
    """
    from hlmgraph import recommend
    from hlmgraph.output import write_records

    check_format_out(fmt, out)
    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out])
    found = recommend.recommend(G, actor, list(types) or None, top, as_of, all_dates=all_dates,
                                territory=territory, weighting=weighting, ties=ties,
                                memberships=memberships)
    if found.note:
        say(found.note)
    columns = recommend.TABLE_COLUMNS if fmt == "table" else recommend.COLUMNS
    emit(write_records(found, columns, fmt, out, sheet="suggestions", record_type="recommendation",
                       dialect=csv_dialect), out)

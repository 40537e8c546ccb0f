"""Commands that write documents and tool files: view, report, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from hlmgraph.cli.french import FrenchCommand
from hlmgraph.cli.options import (
    DATE,
    LibraryChoice,
    as_of_day,
    dates_options,
    emit,
    graph_source,
    load_source_graph,
    network_options,
    say,
)
from hlmgraph.progress import Progress


@click.command("export", cls=FrenchCommand)
@graph_source
@click.option("--format", "fmt", type=LibraryChoice("hlmgraph.exports", "FORMATS"),
              required=True, help="Format : graphml, gexf (Gephi), json, csv (Gephi) ou cypher.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Fichier à écrire (pour csv : dossier qui recevra nodes.csv et edges.csv).")
@dates_options
@click.option("--network", type=LibraryChoice("hlmgraph.exports", "NETWORKS"), default="full",
              show_default=True,
              help="full : graphe complet ; actors : réseau des acteurs (contrats communs).")
@click.option("--measures/--no-measures", default=True, show_default=True,
              help="Ajoute aux acteurs les mesures de hlmgraph analyse (centralités, courtage, "
                   "communauté).")
@network_options
@click.option("--territory", default=None,
              help="N'exporte que ce qui se trouve dans ce territoire (id, ex. departement:59).")
def export_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
               fmt: str, out: Path, as_of: dt.date | None, all_dates: bool, network: str,
               measures: bool, weighting: str, ties: str, memberships: bool,
               territory: str | None) -> None:
    """Exporte le graphe pour Gephi, igraph, NetworkX ou Neo4j (script cypher-shell).

    Par défaut, seuls les contrats en vigueur aujourd'hui sont exportés (--all-dates : tous) et
    chaque acteur porte ses mesures (--no-measures pour s'en passer).

    Exemple : hlmgraph export mes-donnees/ --format gexf --out reseau.gexf
    """
    from hlmgraph.exports import export_graph

    day = as_of_day(as_of, all_dates)
    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out], territory=territory)
    with Progress("Export") as shown:
        written = export_graph(G, fmt, out, network=network, as_of=day, measures=measures,
                               weighting=weighting, ties=ties, memberships=memberships,
                               progress=shown.say)
    emit(None, written)


@click.command("view", cls=FrenchCommand)
@graph_source
@network_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Fichier à écrire : page HTML (autonome, lisible hors ligne), ou image .svg ou .png "
                   "de la même vue (diapositives).")
@dates_options
@click.option("--gaps", "show_gaps", is_flag=True, help="Superpose les manques de partenariat (pointillés rouges).")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Fichier de règles TOML pour --gaps (par défaut : règles livrées).")
@click.option("--ego", default=None, help="N'affiche que le voisinage de cet acteur (id).")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True, help="Rayon du voisinage --ego.")
@click.option("--territory", default=None, help="Territoire (id) : ses acteurs et ceux des territoires inclus.")
@click.option("--type", "types", default=None, help="Types d'acteurs à garder, séparés par des virgules.")
@click.option("--size-by", type=LibraryChoice("hlmgraph.views.options", "SIZE_MEASURES"), default="degree",
              show_default=True, help="Mesure qui donne la taille des cercles.")
@click.option("--color-by", type=LibraryChoice("hlmgraph.views.options", "COLOR_MODES"), default="type",
              show_default=True, help="Couleur : type d'acteur ou communauté.")
@click.option("--title", default=None, help="Titre de la page.")
@click.option("--aggregate/--no-aggregate", default=None,
              help="Force ou refuse la vue agrégée par département (par défaut : au-delà de 1 500 acteurs).")
def view_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None, out: Path,
             as_of: dt.date | None, all_dates: bool, weighting: str, ties: str, memberships: bool,
             show_gaps: bool, rules_file: Path | None, ego: str | None, hops: int,
             territory: str | None, types: str | None, size_by: str, color_by: str, title: str | None,
             aggregate: bool | None) -> None:
    """Écrit une page HTML interactive du réseau des acteurs, lisible hors ligne (ou son image).

    Avec --out reseau.svg ou reseau.png, écrit une image fixe de la même vue (mêmes acteurs,
    positions, couleurs, légende et titre) pour une diapositive.

    Exemple : hlmgraph view mes-donnees/ --territory departement:59 --gaps --out nord.html
    """
    from hlmgraph.cli.summaries import view_written
    from hlmgraph.views import render_view

    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out])
    with Progress("Vue du réseau") as shown:
        summary = render_view(G, out, as_of=as_of, all_dates=all_dates, weighting=weighting,
                              ties=ties, memberships=memberships, gaps=show_gaps, ego=ego,
                              hops=hops, territory=territory, types=types, size_by=size_by,
                              color_by=color_by, title=title, rules=rules_file,
                              aggregate=aggregate, progress=shown.say)
    say(view_written(summary))


@click.command("report", cls=FrenchCommand)
@graph_source
@click.option("--out", type=click.Path(path_type=Path), default=Path("rapport.html"), show_default=True,
              help="Fichier HTML du rapport (autonome, lisible hors ligne, imprimable en PDF).")
@click.option("--xlsx", type=click.Path(path_type=Path), default=None,
              help="Écrit aussi les tableaux du rapport dans ce classeur .xlsx.")
@click.option("--as-of", type=DATE, default=None, help="Date de la situation décrite (par défaut : aujourd'hui).")
@click.option("--rules", type=click.Path(path_type=Path), default=None,
              help="Fichier de règles de manques (TOML) au lieu des règles livrées.")
@click.option("--territory", default="", metavar="ID",
              help="Rapport d'un seul territoire (région, département, EPCI…), ex. region:32.")
@click.option("--compare", type=click.Path(path_type=Path), default=None,
              help="Jeu de données plus ancien : ajoute la section « Ce qui a changé ».")
@network_options
def report_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
               out: Path, xlsx: Path | None, as_of: dt.date | None, rules: Path | None,
               territory: str, compare: Path | None, weighting: str, ties: str,
               memberships: bool) -> None:
    """Rédige le rapport en français : l'essentiel, manques, carte, échéancier, fiches territoire.

    Exemple : hlmgraph report mes-donnees/ --territory region:32 --out rapport.html --xlsx rapport.xlsx
    """
    from hlmgraph.diff import report_changes
    from hlmgraph.model import NetworkOptions
    from hlmgraph.report import write_report

    G = load_source_graph(path, from_neo4j, uri, user, database, outputs=[out, xlsx])
    network = NetworkOptions(None, weighting, ties, memberships)
    changes = report_changes(compare, G, as_of=as_of, rules=rules) if compare else None
    with Progress("Rapport") as shown:
        written = write_report(G, out, xlsx=xlsx, as_of=as_of, rules=rules, territory=territory,
                               progress=shown.say, network=network, changes=changes)
    emit(None, written)
    if xlsx is not None:
        emit(None, xlsx)

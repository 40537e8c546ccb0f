"""Shared colours: one colour per actor type and family, shades for groups and maps.

Every picture of hlmgraph (interactive views, report charts, maps) takes its
colours from here, so the same actor type has the same colour everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_COLORS: dict[str, str] = {
    "bailleur": "#1f77b4",
    "regie": "#2ca02c",
    "collectivite": "#ff7f0e",
    "etat": "#7f7f7f",
    "plie": "#9467bd",
    "mission_locale": "#e377c2",
    "emploi": "#8c564b",
    "centre_social": "#bcbd22",
    "association": "#17becf",
    "federation": "#393b79",
    "financeur": "#e7ba52",
    "habitants": "#637939",
    "entreprise": "#6b6ecf",
}
"""Colour of each actor type (schema.ACTOR_TYPES keys)."""

FAMILY_COLORS: dict[str, str] = {
    "logement": "#1f77b4",
    "insertion": "#2ca02c",
    "public": "#ff7f0e",
    "societe_civile": "#17becf",
}
"""Colour of each actor family (graph model: logement, insertion, public, société civile)."""

PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#e7ba52", "#637939", "#6b6ecf", "#7b4173", "#3182bd",
    "#31a354", "#756bb1", "#fd8d3c", "#8ca252", "#de9ed6", "#6baed6", "#bd9e39",
)
"""Colours for communities and régions (red is kept for gaps)."""

KIND_COLORS: dict[str, str] = {
    "contrat_de_ville": "#1f5f99",
    "npnru": "#9467bd",
    "cus": "#2ca02c",
    "abattement_tfpb": "#e6a400",
    "action_coeur_de_ville": "#8c564b",
    "prestation": "#17becf",
    "partenariat": "#bcbd22",
    "autre": "#7f7f7f",
}
"""Colour of each contract kind (échéancier, contract charts)."""

OTHER_COLOR = "#c7c7c7"
"""Colour of anything without a colour of its own (unknown type, small groups)."""

GAP_COLOR = "#d62728"
"""Colour of gaps (manques) in every picture."""

EDGE_COLOR = "#9aa0a6"
"""Colour of partnership links in network pictures."""

ALERT_COLOR = "#e6a400"
"""Colour of alerts (échéances: contracts ending soon)."""

SCALE: tuple[str, ...] = ("#fde0d2", "#fbb196", "#f6805e", "#e34a33", "#b30000")
"""Sequential shades, lightest first, for maps coloured by a count (gaps, dwellings)."""

EMPTY_COLOR = "#eef1f4"
"""Colour of a map area with nothing to show (no data or zero)."""


def type_color(actor_type: str) -> str:
    """Colour of an actor type (grey for an unknown or missing type)."""
    return TYPE_COLORS.get(actor_type, OTHER_COLOR)


def kind_color(kind: str) -> str:
    """Colour of a contract kind (grey for an unknown kind)."""
    return KIND_COLORS.get(kind, OTHER_COLOR)


def family_color(family: str) -> str:
    """Colour of an actor family (grey for an unknown family)."""
    return FAMILY_COLORS.get(family, OTHER_COLOR)


def shades(keys: Sequence[str]) -> dict[str, str]:
    """Distinct colours for ordered keys (communities, régions); keys beyond the palette get none."""
    return dict(zip(keys, PALETTE, strict=False))

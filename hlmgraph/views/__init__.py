"""Views step: readable, filterable, offline network pages drawn from a pyvis Network.

A view is one self-contained HTML file: vis-network's JavaScript and CSS are
inlined, the data travel as escaped JSON, a Content-Security-Policy forbids any
network request and any script but the page's own (by hash), and every text
from the data is shown as text. Small selections show the actors themselves;
above ``ViewOptions.aggregate_above`` actors the default view groups them by département.

Modules: ``options`` (ViewOptions), ``select`` (what is shown), ``actors`` and
``aggregate`` (the two kinds of view), ``layout`` (positions), ``build`` (one
view from the graph), ``pyvis_net`` (the pyvis Network), ``page`` (the HTML page).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from hlmgraph.files import write_bytes, write_text
from hlmgraph.gc_pause import pausing
from hlmgraph.views.build import build_view
from hlmgraph.views.data import ViewData, ViewSummary
from hlmgraph.views.options import COLOR_MODES, SIZE_MEASURES, ViewOptions
from hlmgraph.views.picture import FORMATS
from hlmgraph.views.pyvis_net import ViewNetwork, iframe
from hlmgraph.views.select import actors_in_territory

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = [
    "COLOR_MODES", "SIZE_MEASURES", "ViewData", "ViewNetwork", "ViewOptions", "ViewSummary",
    "actors_in_territory", "build_page", "picture_svg", "render_view", "show", "to_pyvis",
]


@pausing
def to_pyvis(G: nx.MultiDiGraph, options: ViewOptions | None = None, **changes: Any) -> ViewNetwork:
    """The view of ``G`` as a pyvis ``Network`` to customise, show or write.

    Options are a :class:`ViewOptions` and/or its fields as keywords (``territory``,
    ``gaps``, ``ego``, ``hops``, ``types``, ``size_by``, ``color_by``, ``as_of``…).

    Examples
    --------
    >>> net = to_pyvis(G, territory="departement:59")     # doctest: +SKIP
    >>> net.set_options('{"nodes": {"font": {"size": 20}}}')  # doctest: +SKIP
    >>> net.show_buttons(filter_=["physics"])              # doctest: +SKIP
    >>> net.show("nord.html")                               # doctest: +SKIP
    """
    return ViewNetwork(build_view(G, ViewOptions.of(options, **changes)))


@pausing
def render_view(
    G: nx.MultiDiGraph, out: str | os.PathLike[str], options: ViewOptions | None = None,
    **changes: Any,
) -> ViewSummary:
    """Write the network view of ``G``: an offline HTML page, or a picture (.svg, .png).

    Parameters
    ----------
    G
        The model graph (``model.build_graph`` or ``io.load_graph``).
    out
        The file to write (atomically): a picture when it ends in ``.svg`` or ``.png``
        (same selection, layout, colours, legend and title), the page otherwise.
    options, changes
        A :class:`ViewOptions` and/or its fields as keywords.

    Returns
    -------
    ViewSummary
        Counts shown in the page and its header notes.
    """
    net = to_pyvis(G, options, **changes)
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt in FORMATS:
        write_bytes(out, net.picture(fmt))
    else:
        write_text(out, net.generate_html())
    return replace(net.summary, path=Path(out))


@pausing
def picture_svg(G: nx.MultiDiGraph, options: ViewOptions | None = None, **changes: Any) -> str:
    """The view of ``G`` as an SVG picture (text), e.g. to embed in a report."""
    return to_pyvis(G, options, **changes).picture("svg").decode("utf-8")


@pausing
def build_page(
    G: nx.MultiDiGraph, options: ViewOptions | None = None, **changes: Any
) -> tuple[str, ViewSummary]:
    """The HTML text of a view and its summary (options as in ``render_view``)."""
    net = to_pyvis(G, options, **changes)
    return net.generate_html(), net.summary


def show(
    G: nx.MultiDiGraph, height: int = 720, options: ViewOptions | None = None, **changes: Any
) -> HTML:
    """The same page as ``render_view``, drawn inline in Jupyter (an iframe srcdoc)."""
    from IPython.display import HTML

    return HTML(iframe(to_pyvis(G, options, **changes).generate_html(), height))

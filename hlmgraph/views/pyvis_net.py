"""Views step: the pyvis bridge (a ``pyvis.network.Network`` that is the page's data source).

``to_pyvis`` returns a :class:`ViewNetwork`, a pyvis ``Network`` holding the
view's nodes, edges and vis-network options. A notebook user customises it with
pyvis' own methods (``set_options``, ``show_buttons``, ``toggle_physics``,
``add_node``…), then ``show``, ``write_html`` or displays it; the offline page
(``page.render_page``) is always drawn from this object's data.
"""

from __future__ import annotations

import html
import json
import webbrowser
from typing import Any

from pyvis.network import Network
from pyvis.options import Options

from hlmgraph.files import write_text
from hlmgraph.palette import EDGE_COLOR
from hlmgraph.views.data import ViewData, ViewSummary
from hlmgraph.views.options import LAYOUT_SEED, NODE_SIZES
from hlmgraph.views.page import render_page
from hlmgraph.views.picture import draw_picture

LARGE_VIEW = 3000
"""Above this many nodes plus links, links hide while dragging and are lighter."""


class Section(dict[str, Any]):
    """A vis-network option group: a dict whose keys also read and write as attributes.

    pyvis' helpers set options as attributes (``net.options.physics.enabled = False``);
    the page serialises them as JSON.
    """

    def __getattr__(self, name: str) -> Any:
        """The option ``name`` (AttributeError when absent)."""
        try:
            return self[name]
        except KeyError as missing:
            raise AttributeError(name) from missing

    def __setattr__(self, name: str, value: Any) -> None:
        """Set the option ``name``."""
        self[name] = value


class ViewNetwork(Network):
    """A pyvis Network whose page is hlmgraph's offline view (vis-network inlined, CSP).

    ``set_options`` merges the given options into the view's instead of replacing
    them all. ``view`` keeps the panel's parts (title, notes, legend, contracts).
    """

    def __init__(self, view: ViewData) -> None:
        """A network holding the nodes, edges and options of ``view``."""
        super().__init__(height="100%", width="100%", heading=view.heading,
                         cdn_resources="in_line")
        self.view = view
        self.nodes = view.nodes  # bulk set: pyvis' add_node checks a list, quadratic
        self.edges = view.edges
        self.node_ids = [node["id"] for node in view.nodes]
        self.node_map = {node["id"]: node for node in view.nodes}
        self.options = _as_options(vis_options(view))

    @property
    def summary(self) -> ViewSummary:
        """Counts and notes of the view (no file)."""
        return self.view.summary()

    def set_options(self, options: str | dict[str, Any]) -> None:
        """Merge vis-network options (JSON text, e.g. from ``show_buttons``, or a dict)."""
        if isinstance(options, str):
            changes = json.loads(options[options.find("{"):].strip().rstrip(";"))
        else:
            changes = options
        self.options = _as_options(_merged(self.vis_options(), changes))

    def vis_options(self) -> dict[str, Any]:
        """The vis-network options as plain data."""
        return dict(json.loads(self.get_network_data()[5]))

    def generate_html(self, name: str = "index.html", local: bool = True,
                      notebook: bool = False) -> str:
        """The offline page drawn from this network's nodes, edges and options."""
        nodes, edges, heading, _, _, options = self.get_network_data()
        self.html = render_page(heading, nodes, edges, json.loads(options), self.view)
        return str(self.html)

    def picture(self, fmt: str = "svg") -> bytes:
        """A static picture (``svg`` or ``png``) of this network's nodes, edges and options."""
        nodes, edges, _, _, _, options = self.get_network_data()
        return draw_picture(nodes, edges, json.loads(options), self.view, fmt)

    def write_html(self, name: str, local: bool = True, notebook: bool = False,
                   open_browser: bool = False) -> None:
        """Write the offline page to ``name`` (atomically), and open it when asked."""
        write_text(name, self.generate_html())
        if open_browser:
            webbrowser.open(str(name))

    def show(self, name: str, local: bool = True, notebook: bool = True) -> Any:
        """Write the page to ``name``; in a notebook return an IFrame showing it."""
        self.write_html(name, open_browser=not notebook)
        if notebook:
            from IPython.display import IFrame

            return IFrame(name, width="100%", height=720)
        return None

    def _repr_html_(self) -> str:
        """The page inline in Jupyter (an iframe srcdoc), when the network is displayed."""
        return iframe(self.generate_html())


def iframe(page: str, height: int = 720) -> str:
    """HTML of an iframe showing ``page`` inline (scripts allowed, nothing else)."""
    srcdoc = html.escape(page, quote=True)
    return (
        f'<div class="hlmgraph-view"><iframe srcdoc="{srcdoc}" sandbox="allow-scripts" '
        f'title="hlmgraph" style="width:100%;height:{int(height)}px;border:1px solid #ddd">'
        "</iframe></div>"
    )


def vis_options(view: ViewData) -> dict[str, Any]:
    """vis-network options: precomputed layout (no physics), text tooltips, labels by size."""
    large = len(view.nodes) + len(view.edges) > LARGE_VIEW
    actors = view.mode == "acteurs"
    # Actor views: label size follows node size, small labels appear when zooming in.
    # The aggregate map is seen from afar: every label is drawn, large.
    labels = {"enabled": True, "min": 11, "max": 30, "drawThreshold": 9, "maxVisible": 40}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "interaction": {
            "hover": True,
            "tooltipDelay": 80,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {
                "min": NODE_SIZES[view.mode][0],
                "max": NODE_SIZES[view.mode][1],
                "label": labels if actors else {"enabled": False},
            },
            "font": {"face": "sans-serif", "size": 14 if actors else 30, "strokeWidth": 4,
                     "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False,
            "color": {"color": EDGE_COLOR, "highlight": "#333333", "hover": "#333333",
                      "opacity": 0.5 if large else 0.8},
            "selectionWidth": 2,
        },
    }


def _as_options(values: dict[str, Any]) -> Options:
    """A pyvis Options object holding exactly ``values`` (groups as attribute dicts)."""
    options = Options()
    options.__dict__.clear()
    for key, value in values.items():
        setattr(options, key, _section(value))
    return options


def _section(value: Any) -> Any:
    """Dicts, at any depth, as attribute dicts."""
    if isinstance(value, dict):
        return Section({k: _section(v) for k, v in value.items()})
    return value


def _merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` merged in, nested groups merged key by key."""
    result = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result

"""Views step: a static picture of a view (SVG or PNG for slides and the report, matplotlib).

The picture is drawn from the same pyvis Network as the page: same nodes,
positions, sizes, colours, links, legend and title. Labels that would overlap
are left out, the largest circles' first, as on the page at its first zoom.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.transforms import Bbox

from hlmgraph import fr
from hlmgraph.palette import EDGE_COLOR, GAP_COLOR
from hlmgraph.views.data import ViewData
from hlmgraph.views.layout import scaled_sizes

FORMATS: tuple[str, ...] = ("svg", "png")
WIDTH_IN, HEIGHT_IN, DPI = 16.0, 10.0, 125
"""Picture size: 16 × 10 inches, 2000 × 1250 pixels in PNG."""
MIN_LABEL_PT = 6.0
"""Labels smaller than this (in points) are not drawn, as vis-network's draw threshold."""
_GRAPH_BOX = (0.02, 0.03, 0.72, 0.80)
"""Where the network is drawn in the figure (left, bottom, width, height)."""
_MAX_NOTES = 4
_HALO = {"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.7, "edgecolor": "none"}
"""White box behind a label, as vis-network's white outline keeps labels readable."""


def draw_picture(
    nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]], options: dict[str, Any],
    view: ViewData, fmt: str,
) -> bytes:
    """The picture of these nodes, edges and vis-network options, in ``fmt`` (svg or png)."""
    with matplotlib.rc_context({"svg.hashsalt": "hlmgraph", "svg.fonttype": "none",
                                "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
        canvas = FigureCanvasAgg(fig)  # measures the labels' boxes
        _header(fig, view)
        _legend(fig, view)
        ax = fig.add_axes(_GRAPH_BOX)
        ax.set_axis_off()
        ax.set_aspect("equal")
        sizes = _node_sizes(nodes, options)
        _frame(ax, nodes, sizes)
        scale = _points_per_unit(ax)
        _draw_edges(ax, nodes, edges, options, scale)
        _draw_nodes(ax, nodes, sizes, options)
        _draw_labels(canvas, ax, nodes, sizes, options, scale)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def _node_sizes(nodes: Sequence[dict[str, Any]], options: dict[str, Any]) -> list[float]:
    """Radius of each node in layout units, as vis-network scales ``value``."""
    scaling = options.get("nodes", {}).get("scaling", {})
    low, high = float(scaling.get("min", 10)), float(scaling.get("max", 30))
    return scaled_sizes([float(n.get("value", 0) or 0) for n in nodes], low, high)


def _frame(ax: Any, nodes: Sequence[dict[str, Any]], sizes: list[float]) -> None:
    """Axis limits around every circle (and their labels), the layout's y pointing down."""
    if not nodes:
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        return
    xs = [float(n["x"]) for n in nodes]
    ys = [-float(n["y"]) for n in nodes]
    pad = max(sizes) * 2.5
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.apply_aspect()


def _points_per_unit(ax: Any) -> float:
    """Points on the picture for one unit of the layout."""
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    return float(width_pt / (x1 - x0))


def _draw_edges(
    ax: Any, nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]],
    options: dict[str, Any], scale: float,
) -> None:
    """Links as grey lines (width as on the page), missing partnerships as red dashes."""
    where = {n["id"]: (float(n["x"]), -float(n["y"])) for n in nodes}
    color = options.get("edges", {}).get("color", {})
    alpha = float(color.get("opacity", 0.8)) if isinstance(color, dict) else 0.8
    links, widths, gaps, gap_widths = [], [], [], []
    for edge in edges:
        if edge.get("from") not in where or edge.get("to") not in where:
            continue
        segment = (where[edge["from"]], where[edge["to"]])
        width = max(0.3, float(edge.get("width", 1)) * scale)
        if edge.get("gap"):
            gaps.append(segment)
            gap_widths.append(width)
        else:
            links.append(segment)
            widths.append(width)
    ax.add_collection(LineCollection(links, linewidths=widths, colors=EDGE_COLOR, alpha=alpha,
                                     zorder=1))
    ax.add_collection(LineCollection(gaps, linewidths=gap_widths, colors=GAP_COLOR,
                                     linestyles=(0, (4, 3)), zorder=2))


def _draw_nodes(
    ax: Any, nodes: Sequence[dict[str, Any]], sizes: list[float], options: dict[str, Any]
) -> None:
    """Circles in their colour, with a darker (or red, for gaps) border."""
    default_border = float(options.get("nodes", {}).get("borderWidth", 1))
    circles, faces, borders, widths = [], [], [], []
    for node, size in zip(nodes, sizes, strict=True):
        circles.append(Circle((float(node["x"]), -float(node["y"])), size))
        fill, border = _colors(node.get("color"))
        faces.append(fill)
        borders.append(border)
        widths.append(float(node.get("borderWidth", default_border)))
    ax.add_collection(PatchCollection(circles, facecolors=faces, edgecolors=borders,
                                      linewidths=widths, zorder=3))


def _colors(color: Any) -> tuple[str, Any]:
    """Fill and border of a vis-network node colour (a string or {background, border})."""
    if isinstance(color, dict):
        return str(color.get("background", "#97c2fc")), color.get("border", "#2b7ce9")
    fill = str(color or "#97c2fc")
    return fill, tuple(0.7 * c for c in to_rgb(fill))


def _draw_labels(
    canvas: FigureCanvasAgg, ax: Any, nodes: Sequence[dict[str, Any]], sizes: list[float],
    options: dict[str, Any], scale: float,
) -> None:
    """Names under their circle; a label that would overlap a larger node's is left out."""
    font_sizes = _font_sizes(nodes, options)
    renderer = canvas.get_renderer()
    kept: list[Bbox] = []
    order = sorted(range(len(nodes)), key=lambda i: (-sizes[i], str(nodes[i]["id"])))
    for i in order:
        points = font_sizes[i] * scale
        label = str(nodes[i].get("label") or "")
        if not label or points < MIN_LABEL_PT:
            continue
        text = ax.text(float(nodes[i]["x"]), -float(nodes[i]["y"]) - sizes[i] * 1.1, label,
                       ha="center", va="top", fontsize=points, color="#222222", zorder=4,
                       bbox=_HALO)
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in kept):
            text.remove()
        else:
            kept.append(box)


def _font_sizes(nodes: Sequence[dict[str, Any]], options: dict[str, Any]) -> list[float]:
    """Label size of each node in layout units (vis-network's label scaling when enabled)."""
    node_options = options.get("nodes", {})
    base = float(node_options.get("font", {}).get("size", 14))
    label = node_options.get("scaling", {}).get("label", {})
    if not isinstance(label, dict) or not label.get("enabled"):
        return [base] * len(nodes)
    low, high = float(label.get("min", 14)), float(label.get("max", 30))
    return scaled_sizes([float(n.get("value", 0) or 0) for n in nodes], low, high)


def _header(fig: Figure, view: ViewData) -> None:
    """Title and the first header notes, top left."""
    fig.text(0.02, 0.965, view.heading, fontsize=20, fontweight="bold", va="top", color="#222222")
    notes = [line for note in view.notes[:_MAX_NOTES] for line in textwrap.wrap(note, 150)]
    fig.text(0.02, 0.915, "\n".join(notes), fontsize=10, va="top", color="#444444",
             linespacing=1.4)


def _legend(fig: Figure, view: ViewData) -> None:
    """Colour legend with counts, then what sizes, widths and dashes mean, on the right."""
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=10, markerfacecolor=color,
               markeredgecolor="#555555", label=f"{label} ({fr.number(count)})")
        for _, color, label, count in view.legend
    ]
    if view.gap_edges:
        handles.append(Line2D([], [], color=GAP_COLOR, linestyle=(0, (4, 3)), linewidth=2.5,
                              label="Manque de partenariat"))
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.75, 0.83),
                   title=view.legend_title, frameon=False, fontsize=11, title_fontsize=12,
                   alignment="left")
    keys = [line for key in view.keys for line in textwrap.wrap(key, 48)]
    fig.text(0.755, 0.06, "\n".join(keys), fontsize=9.5, va="bottom", color="#444444",
             linespacing=1.4)



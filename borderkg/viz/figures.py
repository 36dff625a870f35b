"""Static figures for papers (matplotlib): a network drawing and a timeline of projects per
country over the years, returned as matplotlib Figures and written as PNG or SVG on request.

The figures are made with matplotlib's object API on their own Agg canvas, so that the user's
backend (a notebook's inline one, say) is never switched. Node colours are those of the HTML
pages (borderkg.viz.palette); labels are placed so that none overlaps another (a label that
finds no free place is left out, the largest nodes first); SVG keeps its text as text.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from borderkg.network.metrics import Metrics, compute
from borderkg.network.projections import NetworkData
from borderkg.viz.palette import kind_colour

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

FIGURE_SUFFIXES = (".png", ".svg")
LABEL_OFFSETS = ((0, 8), (0, -10), (10, 0), (-10, 0), (9, 9), (-9, 9), (9, -11), (-9, -11),
                 (0, 18), (0, -20))  # points from the node, tried in turn


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=120)
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, path: Path) -> Path:
    """Write a figure as PNG or SVG (by the suffix); SVG text stays text."""
    import matplotlib

    suffix = path.suffix.lower()
    if suffix not in FIGURE_SUFFIXES:
        raise ValueError(f"{path}: write figures as {' or '.join(FIGURE_SUFFIXES)}")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format=suffix.lstrip("."))
    return path


def _overlaps(box: Bbox, placed: list[Bbox]) -> bool:
    return any(box.overlaps(other) for other in placed)


def place_labels(ax: Axes, pos: dict[object, tuple[float, float]], labels: dict[object, str],
                 *, font_size: float = 7) -> list[object]:
    """Write labels beside their nodes in the order given, each where it overlaps no label
    already written; returns the nodes that got one."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[Bbox] = []
    shown: list[object] = []
    for node, text in labels.items():
        x, y = pos[node]
        for dx, dy in LABEL_OFFSETS:
            artist = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                 ha="center", va="center", fontsize=font_size,
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                       "ec": "none", "alpha": 0.7})
            box = artist.get_window_extent(renderer).expanded(1.05, 1.1)
            if not _overlaps(box, placed):
                placed.append(box)
                shown.append(node)
                break
            artist.remove()
    return shown


def network_figure(g: nx.Graph, path: Path | None = None, *, title: str,
                   size_by: str = "pagerank", metrics: Metrics | None = None,
                   labels: int = 25) -> Figure:
    """A drawing of the network (spring layout, fixed seed), coloured by kind, sized by a
    measure, with up to `labels` of the largest nodes named; written to `path` if given."""
    metrics = metrics or compute(g)
    fig = _figure(12, 9)
    ax = fig.add_subplot()
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=42, weight="weight")
        kinds = {str(g.nodes[n].get("kind", "")): str(g.nodes[n].get("kind_label", ""))
                 for n in g}
        values = [metrics.nodes[n][size_by] for n in g]
        top = max((v for v in values if not math.isnan(v)), default=1.0) or 1.0
        sizes = [30 + 600 * ((0 if math.isnan(v) else v) / top) for v in values]
        widths = [0.5 + math.log1p(float(g.edges[e].get("weight", 1))) for e in g.edges]
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.3, arrows=g.is_directed())
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes,
                               node_color=[kind_colour(str(g.nodes[n].get("kind", "")))
                                           for n in g])
        ax.set_axis_off()
        fig.tight_layout()
        ranked = sorted(g, key=lambda n: (-metrics.nodes[n][size_by], n))[:labels]
        place_labels(ax, pos, {n: str(g.nodes[n].get("label", n)) for n in ranked})
        for kind, label in sorted(kinds.items(), key=lambda x: x[1]):
            ax.scatter([], [], color=kind_colour(kind), label=label or kind)
        ax.legend(loc="best", fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    if path is not None:
        save(fig, path)
    return fig


def timeline_figure(data: NetworkData, path: Path | None = None, *, top: int = 20) -> Figure:
    """Projects per beneficiary country and year (a heat map of the `top` countries)."""
    counts: Counter[tuple[str, int]] = Counter()
    for project, p in data.projects().items():
        if p.start_year is None:
            continue
        years = range(p.start_year, (p.end_year or p.start_year) + 1)
        for code in data.countries.get(project, set()):
            for y in years:
                counts[(code, y)] += 1
    fig = _figure(12, 7)
    ax = fig.add_subplot()
    if counts:
        totals = Counter[str]()
        for (code, _), n in counts.items():
            totals[code] += n
        countries = sorted(totals, key=lambda c: (-totals[c], c))[:top]
        span = list(range(min(y for _, y in counts), max(y for _, y in counts) + 1))
        grid = [[counts[(c, y)] for y in span] for c in countries]
        image = ax.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest")
        ax.set_yticks(range(len(countries)),
                      [f"{data.country_labels.get(c, c)} ({c})" for c in countries], fontsize=8)
        ax.set_xticks(range(len(span)), [str(y) for y in span], rotation=90, fontsize=8)
        fig.colorbar(image, ax=ax, label="active projects")
    else:
        ax.text(0.5, 0.5, "No dated projects with beneficiary countries", ha="center")
        ax.set_axis_off()
    ax.set_title("Projects per beneficiary country and year")
    fig.tight_layout()
    if path is not None:
        save(fig, path)
    return fig

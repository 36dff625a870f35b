"""Static figures for papers (matplotlib): a network drawing as PNG or SVG, and a timeline of
projects per country over the years."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from borderkg.network.metrics import Metrics, compute  # noqa: E402
from borderkg.network.projections import NetworkData  # noqa: E402
from borderkg.viz.html import PALETTE  # noqa: E402

FIGURE_SUFFIXES = (".png", ".svg")


def network_figure(g: nx.Graph, path: Path, *, title: str, size_by: str = "pagerank",
                   metrics: Metrics | None = None, labels: int = 25) -> Path:
    """A drawing of the network (spring layout, fixed seed), coloured by kind, sized by a
    measure, with the `labels` largest nodes named."""
    metrics = metrics or compute(g)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=120)
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=42, weight="weight")
        kinds = sorted({g.nodes[n].get("kind_label", "") for n in g})
        color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
        values = [metrics.nodes[n][size_by] for n in g]
        top = max((v for v in values if not math.isnan(v)), default=1.0) or 1.0
        sizes = [30 + 600 * ((0 if math.isnan(v) else v) / top) for v in values]
        widths = [0.5 + math.log1p(float(g.edges[e].get("weight", 1))) for e in g.edges]
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.3, arrows=g.is_directed())
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes,
                               node_color=[color[g.nodes[n].get("kind_label", "")] for n in g])
        ranked = sorted(g, key=lambda n: (-metrics.nodes[n][size_by], n))[:labels]
        nx.draw_networkx_labels(g, pos, ax=ax, font_size=7,
                                labels={n: str(g.nodes[n].get("label", n)) for n in ranked})
        for k in kinds:
            ax.scatter([], [], color=color[k], label=k)
        ax.legend(loc="best", fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower())
    plt.close(fig)
    return path


def timeline_figure(data: NetworkData, path: Path, *, top: int = 20) -> Path:
    """Projects per beneficiary country and year (a heat map of the `top` countries)."""
    counts: Counter[tuple[str, int]] = Counter()
    for project, p in data.projects().items():
        if p.start_year is None:
            continue
        years = range(p.start_year, (p.end_year or p.start_year) + 1)
        for code in data.countries.get(project, set()):
            for y in years:
                counts[(code, y)] += 1
    fig, ax = plt.subplots(figsize=(12, 7), dpi=120)
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
    fig.savefig(path, format=path.suffix.lstrip(".").lower())
    plt.close(fig)
    return path

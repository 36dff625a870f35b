"""A self-contained HTML page per network, built with pyvis and its bundled vis-network.

The page makes no request: vis-network's script and style sheet are inlined from the pyvis
package, and a Content-Security-Policy forbids loading anything else. Text from the sources
is data, never markup: it travels as JSON inside a script element of type application/json
(with <, > and & escaped) and reaches the page through textContent, and tooltips are plain
strings, which vis-network shows as text. Above `max_nodes` the page keeps the top nodes by
the sizing measure; above `max_ties`, or when the page would pass MAX_PAGE_BYTES, each node
keeps its strongest ties; `min_weight` leaves out weak ties. The page says what it left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.network import Network

from borderkg.network.metrics import Metrics, compute
from borderkg.viz.palette import colour, kind_colour

DEFAULT_MAX_NODES = 2000
DEFAULT_MAX_TIES = 8000  # with the details of each tie, about 4 MB of page
MAX_PAGE_BYTES = 5_000_000  # above this, fewer ties are shown (browsers slow down, mail refuses)
PROJECTS_PER_TIE = 20  # project titles listed on a tie (its count says how many in all)


@dataclass(frozen=True)
class Style:
    """How the page looks: what colours the nodes, what sizes them, how many to show."""

    color_by: str = "kind"  # kind | community
    size_by: str = "pagerank"  # any measure of borderkg.network.metrics
    max_nodes: int = DEFAULT_MAX_NODES
    max_ties: int = DEFAULT_MAX_TIES
    min_weight: float = 0.0  # ties with fewer shared projects are left out


def _vis_files() -> tuple[str, str]:
    lib = Path(str(resources.files("pyvis"))) / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text("utf-8"),
            (lib / "vis-network.css").read_text("utf-8"))


def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("borderkg.viz", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    return env.get_template("network.html")


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return str(int(value)) if value.is_integer() else f"{value:.4f}"


def keep_top(g: nx.Graph, metrics: Metrics, measure: str, limit: int) -> nx.Graph:
    """The subgraph of the `limit` nodes with the highest value of a measure."""
    ranked = sorted(metrics.nodes, key=lambda n: (-metrics.nodes[n][measure], n))
    return g.subgraph(ranked[:limit]).copy()


def strongest_ties(g: nx.Graph, limit: int) -> tuple[nx.Graph, int]:
    """At most about `limit` ties: each node keeps its k strongest (by weight, then by the
    other end's id), k = limit // nodes, so that no node loses all its ties; returns the
    graph and k."""
    k = max(1, limit // max(1, g.number_of_nodes()))
    kept: set[tuple[str, str]] = set()
    for node in sorted(g):
        ties = sorted(g.edges(node, data="weight", default=1.0),
                      key=lambda e: (-float(e[2]), str(e[1])))
        kept.update((a, b) if (a, b) in g.edges else (b, a) for a, b, _ in ties[:k])
    pruned = g.edge_subgraph(kept).copy()
    pruned.add_nodes_from(g.nodes(data=True))
    return pruned, k


def network_page(g: nx.Graph, *, title: str, style: Style = Style(),
                 metrics: Metrics | None = None) -> str:
    """The HTML page of a network (see the module docstring)."""
    metrics = metrics or compute(g)
    if style.size_by not in next(iter(metrics.nodes.values()), {style.size_by: 0}):
        raise ValueError(f"unknown measure {style.size_by!r}")
    notes = []
    shown = g
    if g.number_of_nodes() > style.max_nodes:
        shown = keep_top(g, metrics, style.size_by, style.max_nodes)
        notes.append(f"This network has {g.number_of_nodes():,} nodes; the page shows the "
                     f"{style.max_nodes:,} with the highest {style.size_by.replace('_', ' ')} "
                     f"and the {shown.number_of_edges():,} ties among them.")
    if style.min_weight > 0:
        weak = [(a, b) for a, b, w in shown.edges(data="weight", default=1.0)
                if float(w) < style.min_weight]
        if weak:
            shown = shown.copy() if shown is g else shown
            shown.remove_edges_from(weak)
            notes.append(f"{len(weak):,} ties with fewer than "
                         f"{_fmt(float(style.min_weight))} shared projects are left out.")
    limit = style.max_ties
    while True:  # fewer ties until the page fits MAX_PAGE_BYTES (long titles make ties heavy)
        page_graph, tie_note = shown, ""
        if shown.number_of_edges() > limit:
            page_graph, k = strongest_ties(shown, limit)
            tie_note = (f"Of {shown.number_of_edges():,} ties the page shows "
                        f"{page_graph.number_of_edges():,}: the {k} strongest of each node (by "
                        "shared projects). The measures are those of the whole network.")
        page = _render(page_graph, title, style, metrics, " ".join([*notes, tie_note]))
        size = len(page.encode("utf-8"))
        if size <= MAX_PAGE_BYTES or page_graph.number_of_edges() <= page_graph.number_of_nodes():
            return page
        limit = int(min(limit, page_graph.number_of_edges()) * 0.9 * MAX_PAGE_BYTES / size)


def _render(shown: nx.Graph, title: str, style: Style, metrics: Metrics, truncated: str) -> str:
    net = Network(height="100vh", width="100%", directed=shown.is_directed(),
                  cdn_resources="local")
    colors, legend = _colors(shown, metrics, style.color_by)
    values = [metrics.nodes[n][style.size_by] for n in shown]
    top = max((v for v in values if not math.isnan(v)), default=1.0) or 1.0
    # Direct assignment: pyvis's add_edge scans every edge added before (quadratic).
    net.nodes = [_node(n, a, metrics.nodes[n], colors[n], style, top)
                 for n, a in sorted(shown.nodes(data=True))]
    net.edges = [_edge(a, b, attrs, shown.is_directed()) for a, b, attrs in
                 sorted(shown.edges(data=True))]
    net.set_options(_options(shown.number_of_nodes(), shown.is_directed()))
    years = sorted({y for _, a in shown.nodes(data=True) for y in a.get("years", [])})
    vis_js, vis_css = _vis_files()
    payload = {
        "title": title, "nodes": net.nodes, "edges": net.edges, "legend": legend,
        "options": net.options,
        "years": years, "truncated": truncated,
        "sizing": f"Node size: {style.size_by.replace('_', ' ')}; tie width: shared projects; "
                  f"colour: {'organisation kind' if style.color_by == 'kind' else 'community'}.",
    }
    return _template().render(title=title, vis_js=vis_js, vis_css=vis_css, payload=payload)


def _colors(g: nx.Graph, metrics: Metrics, color_by: str
            ) -> tuple[dict[str, str], list[dict[str, object]]]:
    if color_by not in ("kind", "community"):
        raise ValueError("colour by 'kind' or 'community'")
    key = (lambda n: g.nodes[n].get("kind", "")) if color_by == "kind" else \
        (lambda n: str(int(metrics.nodes[n]["community"])))
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    for n in g:
        k = key(n)
        counts[k] = counts.get(k, 0) + 1
        labels[k] = g.nodes[n].get("kind_label", k) if color_by == "kind" else f"community {k}"
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    palette = {k: kind_colour(k) if color_by == "kind" else colour(i)
               for i, k in enumerate(ordered)}
    legend = [{"kind": k, "label": labels[k], "color": palette[k], "count": counts[k]}
              for k in ordered]
    # The legend filters by the node's 'kind' field, which carries the colour key.
    return {n: palette[key(n)] for n in g}, legend


def _list(attrs: dict[str, object], key: str) -> list[object]:
    value = attrs.get(key)
    return list(value) if isinstance(value, (list, tuple, set)) else []


def _node(n: str, attrs: dict[str, object], values: dict[str, float], color: str,
          style: Style, top: float) -> dict[str, object]:
    size = values[style.size_by]
    key = attrs.get("kind", "") if style.color_by == "kind" else str(int(values["community"]))
    details = [f"Kind: {attrs.get('kind_label', '')}",
               f"Country: {attrs.get('country', '') or '-'}"]
    details += [f"{m.replace('_', ' ')}: {_fmt(v)}" for m, v in values.items()]
    countries = _list(attrs, "countries")
    if countries:
        details.append("Countries of its projects: " + " ".join(map(str, countries)))
    details.append(f"IRI: {n}")
    return {
        "id": n, "label": str(attrs.get("label", n)), "kind": key, "color": color,
        "value": 5 + 45 * (0 if math.isnan(size) else size / top),
        "title": "\n".join([str(attrs.get("label", n)), *details[:4]]),
        "years": _list(attrs, "years"), "details": details,
    }


def _edge(a: str, b: str, attrs: dict[str, object], directed: bool) -> dict[str, object]:
    labels = [str(x) for x in _list(attrs, "project_labels")]
    roles = _list(attrs, "roles")
    details = [f"Shared projects: {attrs.get('weight', 1)}",
               "Roles: " + ", ".join(map(str, roles)) if roles else "",
               "Sources: " + ", ".join(map(str, _list(attrs, "sources")))]
    details += [f"Budget {k[7:]}: {v:,.0f}" for k, v in sorted(attrs.items())
                if k.startswith("budget_") and isinstance(v, float)]
    return {
        "id": f"{a}\u2192{b}", "from": a, "to": b, "value": attrs.get("weight", 1),
        "title": "\n".join([f"{len(labels)} project(s)", *labels[:10]]),
        "projects": labels[:PROJECTS_PER_TIE] + ([f"… and {len(labels) - PROJECTS_PER_TIE} "
                                                  "more"] if len(labels) > PROJECTS_PER_TIE
                                                 else []),
        "details": [d for d in details if d],
        "years": _list(attrs, "years"), "arrows": "to" if directed else "",
    }


def _options(n_nodes: int, directed: bool) -> str:
    iterations = 1000 if n_nodes < 300 else 300
    return f"""{{
      "nodes": {{"shape": "dot", "scaling": {{"min": 5, "max": 50}}, "font": {{"size": 12}}}},
      "edges": {{"color": {{"inherit": "both", "opacity": 0.5}}, "smooth": false,
                 "scaling": {{"min": 1, "max": 10}}}},
      "interaction": {{"hover": true, "tooltipDelay": 150, "hideEdgesOnDrag": true}},
      "layout": {{"improvedLayout": {str(n_nodes < 150).lower()}, "randomSeed": 42}},
      "physics": {{"solver": "forceAtlas2Based",
                   "forceAtlas2Based": {{"gravitationalConstant": -60, "springLength": 120}},
                   "stabilization": {{"enabled": true, "iterations": {iterations},
                                      "updateInterval": 50}}}}
    }}"""


@dataclass(frozen=True)
class NetworkView:
    """A network page that a notebook shows inline: the offline page in a sandboxed iframe
    (scripts run, but the page can reach neither the notebook nor the network)."""

    page: str
    height_px: int = 640

    def _repr_html_(self) -> str:
        import html

        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height_px}px;border:0"></iframe>')

    def save(self, path: Path) -> None:
        """Write the page as a file that opens in any browser, offline."""
        path.write_text(self.page, encoding="utf-8")


def show(g: nx.Graph, *, title: str = "Network", style: Style = Style(),
         metrics: Metrics | None = None) -> NetworkView:
    """The network as a view that displays inline in a notebook (see `network_page`)."""
    return NetworkView(network_page(g, title=title, style=style, metrics=metrics))

"""Network measures as plain functions of a NetworkX graph, following NetworkX idiom.

Betweenness is exact up to EXACT_LIMIT nodes and sampled above it, with a stated number of
sources k and a fixed seed; communities are Louvain with a fixed seed, with their modularity.
Brokerage is Burt's constraint and effective size (undirected graphs).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

EXACT_LIMIT = 1000
SAMPLE_K = 200
SEED = 42


@dataclass
class GraphMetrics:
    """Measures of a whole graph, and how betweenness was computed."""

    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    communities: int
    modularity: float
    betweenness: str  # "exact" or "sampled k=200 seed=42"


@dataclass
class Metrics:
    """Per-node measures (node -> measure -> value) and the graph's own measures."""

    nodes: dict[str, dict[str, float]] = field(default_factory=dict)
    graph: GraphMetrics | None = None


def communities(g: nx.Graph, *, seed: int = SEED) -> tuple[list[set[str]], float]:
    """Louvain communities (weighted) and their modularity, on the undirected graph."""
    u = g.to_undirected() if g.is_directed() else g
    if u.number_of_edges() == 0:
        return [{n} for n in sorted(u)], 0.0
    parts = nx.community.louvain_communities(u, weight="weight", seed=seed)
    ordered = sorted(parts, key=lambda c: (-len(c), min(c)))
    return ordered, float(nx.community.modularity(u, ordered, weight="weight"))


def betweenness(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED
                ) -> tuple[dict[str, float], str]:
    """Betweenness centrality (unweighted shortest paths): exact on small graphs, sampled on
    large ones; returns the values and how they were computed."""
    if g.number_of_nodes() <= EXACT_LIMIT:
        return nx.betweenness_centrality(g, normalized=True), "exact"
    k = min(k, g.number_of_nodes())
    values = nx.betweenness_centrality(g, k=k, seed=seed, normalized=True)
    return values, f"sampled k={k} seed={seed}"


def compute(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED) -> Metrics:
    """Every measure of every node, and the graph measures."""
    between, method = betweenness(g, k=k, seed=seed)
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else \
        {n: 1 / max(1, g.number_of_nodes()) for n in g}
    u = g.to_undirected() if g.is_directed() else g
    eigen = _eigenvector(u)
    constraint = nx.constraint(u, weight="weight") if u.number_of_edges() else {}
    effective = nx.effective_size(u, weight="weight") if u.number_of_edges() else {}
    parts, modularity = communities(g, seed=seed)
    community_of = {n: i for i, c in enumerate(parts) for n in c}
    nodes: dict[str, dict[str, float]] = {}
    for n in sorted(g):
        nodes[n] = {
            "degree": float(g.degree(n)),
            "weighted_degree": float(g.degree(n, weight="weight")),
            "betweenness": float(between.get(n, 0.0)),
            "pagerank": float(pagerank.get(n, 0.0)),
            "eigenvector": float(eigen.get(n, 0.0)),
            "constraint": _number(constraint.get(n)),
            "effective_size": _number(effective.get(n)),
            "community": float(community_of.get(n, -1)),
        }
    components = list(nx.connected_components(u)) if u.number_of_nodes() else []
    graph = GraphMetrics(
        nodes=g.number_of_nodes(), edges=g.number_of_edges(),
        density=float(nx.density(g)) if g.number_of_nodes() > 1 else 0.0,
        components=len(components), largest_component=max((len(c) for c in components), default=0),
        communities=len(parts), modularity=modularity, betweenness=method,
    )
    return Metrics(nodes=nodes, graph=graph)


def _eigenvector(u: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality; empty when it is undefined (no edges, or no convergence).
    SciPy warns that it switches to a dense solver on tiny graphs: that is expected."""
    if not u.number_of_edges():
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return dict(nx.eigenvector_centrality_numpy(u, weight="weight"))
        except (nx.NetworkXException, ValueError, TypeError):
            return {}


def _number(value: object) -> float:
    """NaN for isolated nodes (Burt's measures are undefined there) is kept as NaN."""
    return float("nan") if value is None else float(value)  # type: ignore[arg-type]


def trend(slices: Mapping[str, nx.Graph]) -> list[dict[str, object]]:
    """The graph measures of each time slice, in order: the evolution table."""
    rows: list[dict[str, object]] = []
    for name, g in slices.items():
        m = compute(g).graph
        assert m is not None
        rows.append({"slice": name, **m.__dict__})
    return rows


def top(metrics: Metrics, measure: str, n: int = 10) -> list[tuple[str, float]]:
    """The n nodes with the highest value of a measure (ties by node id)."""
    values = [(node, v[measure]) for node, v in metrics.nodes.items() if v[measure] == v[measure]]
    return sorted(values, key=lambda x: (-x[1], x[0]))[:n]

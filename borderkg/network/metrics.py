"""Network measures as plain functions of a NetworkX graph, following NetworkX idiom.

The graphs stay NetworkX graphs; betweenness, PageRank, eigenvector centrality, constraint,
communities and components are computed by igraph (compiled, 50-200x faster than NetworkX on
the same edges), and tests/network/test_metrics.py checks them against NetworkX's own.
Betweenness is exact up to EXACT_LIMIT nodes and sampled above it, from a stated number of
sources k chosen with a fixed seed; communities are Louvain (igraph's multilevel) with a fixed
seed, with their modularity. Brokerage is Burt's constraint and effective size (undirected).
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import igraph as ig

EXACT_LIMIT = 5000
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


def _igraph(g: nx.Graph) -> tuple[ig.Graph, list[str]]:
    """The same graph in igraph (nodes in sorted order; weights default to 1)."""
    import igraph as ig

    order = sorted(g)
    index = {n: i for i, n in enumerate(order)}
    edges = [(index[a], index[b]) for a, b in g.edges()]
    h = ig.Graph(n=len(order), edges=edges, directed=g.is_directed())
    h.es["weight"] = [float(d.get("weight", 1.0)) for _, _, d in g.edges(data=True)]
    return h, order


def communities(g: nx.Graph, *, seed: int = SEED) -> tuple[list[set[str]], float]:
    """Louvain communities (weighted) and their modularity, on the undirected graph."""
    u = g.to_undirected() if g.is_directed() else g
    if u.number_of_edges() == 0:
        return [{n} for n in sorted(u)], 0.0
    h, order = _igraph(u)
    state = random.getstate()
    random.seed(seed)  # igraph draws from Python's random generator
    try:
        membership = h.community_multilevel(weights="weight").membership
    finally:
        random.setstate(state)
    groups: dict[int, set[str]] = {}
    for i, c in enumerate(membership):
        groups.setdefault(c, set()).add(order[i])
    ordered = sorted(groups.values(), key=lambda c: (-len(c), min(c)))
    return ordered, float(nx.community.modularity(u, ordered, weight="weight"))


def betweenness(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED
                ) -> tuple[dict[str, float], str]:
    """Betweenness centrality (unweighted shortest paths, normalised as NetworkX does):
    exact up to EXACT_LIMIT nodes, else estimated from k sources drawn with the seed;
    returns the values and how they were computed."""
    n = g.number_of_nodes()
    if n < 3:
        return {node: 0.0 for node in g}, "exact"
    h, order = _igraph(g)
    scale = 1 / ((n - 1) * (n - 2))  # NetworkX's normalisation, directed or not
    if not g.is_directed():
        scale *= 2
    if n <= EXACT_LIMIT:
        raw = h.betweenness(directed=g.is_directed())
        return {order[i]: v * scale for i, v in enumerate(raw)}, "exact"
    k = min(k, n)
    index = {node: i for i, node in enumerate(order)}
    # the sources NetworkX draws with this seed, and its estimator (NetworkX 3.6): paths
    # followed from k sources, a source's value scaled by 1/((k-1)(n-2)), another's by
    # 1/(k(n-2)); igraph counts an undirected path once where NetworkX counts it both ways
    sources = {index[x] for x in random.Random(seed).sample(list(g), k)}
    raw = h.betweenness(directed=g.is_directed(), sources=sorted(sources))
    ways = 1 if g.is_directed() else 2
    values = {order[i]: v * ways / ((k - 1 if i in sources else k) * (n - 2))
              for i, v in enumerate(raw)} if k > 1 else {node: 0.0 for node in g}
    return values, f"sampled k={k} seed={seed}"


def pagerank(g: nx.Graph) -> dict[str, float]:
    """Weighted PageRank (damping 0.85)."""
    if not g.number_of_edges():
        return {n: 1 / max(1, g.number_of_nodes()) for n in g}
    h, order = _igraph(g)
    values = h.pagerank(weights="weight", directed=g.is_directed(), damping=0.85)
    return {order[i]: v for i, v in enumerate(values)}


def constraint(u: nx.Graph) -> dict[str, float]:
    """Burt's constraint (weighted); NaN for isolated nodes."""
    h, order = _igraph(u)
    return {order[i]: v for i, v in enumerate(h.constraint(weights="weight"))}


def components(u: nx.Graph) -> list[int]:
    """Sizes of the connected components, largest first."""
    if not u.number_of_nodes():
        return []
    h, _ = _igraph(u)
    return sorted((len(c) for c in h.connected_components()), reverse=True)


def compute(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED) -> Metrics:
    """Every measure of every node, and the graph measures."""
    between, method = betweenness(g, k=k, seed=seed)
    ranks = pagerank(g)
    u = g.to_undirected() if g.is_directed() else g
    eigen = _eigenvector(u)
    burt = constraint(u) if u.number_of_edges() else {}
    effective = nx.effective_size(u, weight="weight") if u.number_of_edges() else {}
    parts, modularity = communities(g, seed=seed)
    community_of = {n: i for i, c in enumerate(parts) for n in c}
    nodes: dict[str, dict[str, float]] = {}
    for n in sorted(g):
        nodes[n] = {
            "degree": float(g.degree(n)),
            "weighted_degree": float(g.degree(n, weight="weight")),
            "betweenness": float(between.get(n, 0.0)),
            "pagerank": float(ranks.get(n, 0.0)),
            "eigenvector": float(eigen.get(n, 0.0)),
            "constraint": _number(burt.get(n)),
            "effective_size": _number(effective.get(n)),
            "community": float(community_of.get(n, -1)),
        }
    sizes = components(u)
    graph = GraphMetrics(
        nodes=g.number_of_nodes(), edges=g.number_of_edges(),
        density=float(nx.density(g)) if g.number_of_nodes() > 1 else 0.0,
        components=len(sizes), largest_component=sizes[0] if sizes else 0,
        communities=len(parts), modularity=modularity, betweenness=method,
    )
    return Metrics(nodes=nodes, graph=graph)


def _eigenvector(u: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality (weighted), scaled to unit length as NetworkX's; empty when it
    is undefined (no edges)."""
    if not u.number_of_edges():
        return {}
    h, order = _igraph(u)
    with warnings.catch_warnings():
        # igraph warns on a disconnected graph; like NetworkX it then gives the dominant
        # component's vector (zeros elsewhere)
        warnings.simplefilter("ignore")
        values = h.eigenvector_centrality(weights="weight")
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return {order[i]: abs(v) / norm for i, v in enumerate(values)}


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

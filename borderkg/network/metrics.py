"""Network measures as plain functions of a NetworkX graph, following NetworkX idiom.

The graphs stay NetworkX graphs; betweenness, PageRank, eigenvector centrality, constraint,
communities, modularity and components are computed by igraph (compiled, 50-200x faster than
NetworkX on the same edges), effective size with sparse matrices (scipy), and
tests/network/test_metrics.py checks them against NetworkX's own. `compute` converts a graph
to igraph once and shares it between the measures.
Betweenness is exact up to EXACT_LIMIT nodes and sampled above it, from a stated number of
sources k chosen with a fixed seed; communities are Louvain (igraph's multilevel) with a fixed
seed, with their modularity. Structural holes are Burt's constraint and effective size
(undirected); brokerage by organisation kind (Gould-Fernandez roles), the E-I index and
assortativity by kind come from borderkg.network.groups, the k-core of each node from igraph.
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from borderkg.network import groups

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
    ei_index: float = math.nan  # Krackhardt-Stern E-I index by organisation kind
    kind_assortativity: float = math.nan  # Newman's attribute assortativity by kind


@dataclass
class Metrics:
    """Per-node measures (node -> measure -> value) and the graph's own measures."""

    nodes: dict[str, dict[str, float]] = field(default_factory=dict)
    graph: GraphMetrics | None = None


Converted = tuple["ig.Graph", list[str]]


def _igraph(g: nx.Graph, cache: dict[int, Converted] | None = None) -> Converted:
    """The same graph in igraph (nodes in sorted order; weights default to 1), made once per
    graph when a cache is given."""
    if cache is not None and id(g) in cache:
        return cache[id(g)]
    import igraph as ig

    order = sorted(g)
    index = {n: i for i, n in enumerate(order)}
    edges = [(index[a], index[b]) for a, b in g.edges()]
    h = ig.Graph(n=len(order), edges=edges, directed=g.is_directed())
    h.es["weight"] = [float(d.get("weight", 1.0)) for _, _, d in g.edges(data=True)]
    if cache is not None:
        cache[id(g)] = (h, order)
    return h, order


def communities(g: nx.Graph, *, seed: int = SEED, _cache: dict[int, Converted] | None = None
                ) -> tuple[list[set[str]], float]:
    """Louvain communities (weighted) and their modularity, on the undirected graph."""
    u = g.to_undirected() if g.is_directed() else g
    if u.number_of_edges() == 0:
        return [{n} for n in sorted(u)], 0.0
    h, order = _igraph(u, _cache)
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
    return ordered, float(h.modularity(membership, weights="weight"))


def betweenness(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED,
                _cache: dict[int, Converted] | None = None) -> tuple[dict[str, float], str]:
    """Betweenness centrality (unweighted shortest paths, normalised as NetworkX does):
    exact up to EXACT_LIMIT nodes, else estimated from k sources drawn with the seed;
    returns the values and how they were computed."""
    n = g.number_of_nodes()
    if n < 3:
        return {node: 0.0 for node in g}, "exact"
    h, order = _igraph(g, _cache)
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


def pagerank(g: nx.Graph, *, _cache: dict[int, Converted] | None = None) -> dict[str, float]:
    """Weighted PageRank (damping 0.85)."""
    if not g.number_of_edges():
        return {n: 1 / max(1, g.number_of_nodes()) for n in g}
    h, order = _igraph(g, _cache)
    values = h.pagerank(weights="weight", directed=g.is_directed(), damping=0.85)
    return {order[i]: v for i, v in enumerate(values)}


def constraint(u: nx.Graph, *, _cache: dict[int, Converted] | None = None
               ) -> dict[str, float]:
    """Burt's constraint (weighted); NaN for isolated nodes."""
    h, order = _igraph(u, _cache)
    return {order[i]: v for i, v in enumerate(h.constraint(weights="weight"))}


def effective_size(u: nx.Graph) -> dict[str, float]:
    """Burt's effective size (weighted, undirected), as NetworkX's `effective_size` computes
    it node by node: n_i minus the redundancy sum_j sum_q p_iq m_jq, in sparse matrices: p is
    the row-normalised weight matrix, m the weights over each row's maximum, and the sum runs
    over the ties of i only (P elementwise times A M). NaN for isolated nodes. (NetworkX
    3.6's own all-nodes shortcut divides by the other axis's maximum and differs.)"""
    import numpy as np
    from scipy import sparse

    order = sorted(u)
    if not u.number_of_edges():
        return {n: math.nan for n in order}
    w = nx.to_scipy_sparse_array(u, nodelist=order, weight="weight", format="csr",
                                 dtype=float)
    w.setdiag(0)
    w.eliminate_zeros()
    a = (w != 0).astype(float)
    totals = np.asarray(w.sum(axis=1)).ravel()
    peaks = w.max(axis=1).toarray().ravel()
    p = sparse.diags(np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)) @ w
    m = sparse.diags(np.divide(1.0, peaks, out=np.zeros_like(peaks), where=peaks > 0)) @ w
    redundancy = np.asarray(p.multiply(a @ m).sum(axis=1)).ravel()
    ties = np.asarray(a.sum(axis=1)).ravel()
    return {n: (float(ties[i] - redundancy[i]) if ties[i] else math.nan)
            for i, n in enumerate(order)}


def components(u: nx.Graph, *, _cache: dict[int, Converted] | None = None) -> list[int]:
    """Sizes of the connected components, largest first."""
    if not u.number_of_nodes():
        return []
    h, _ = _igraph(u, _cache)
    return sorted((len(c) for c in h.connected_components()), reverse=True)


def core_numbers(u: nx.Graph, *, _cache: dict[int, Converted] | None = None
                 ) -> dict[str, int]:
    """The k-core each node belongs to (its coreness), ignoring weights and self-loops."""
    if not u.number_of_nodes():
        return {}
    h, order = _igraph(u, _cache)
    return dict(zip(order, h.copy().simplify(multiple=False, loops=True).coreness(), strict=True))


def compute(g: nx.Graph, *, k: int = SAMPLE_K, seed: int = SEED) -> Metrics:
    """Every measure of every node, and the graph measures."""
    cache: dict[int, Converted] = {}
    between, method = betweenness(g, k=k, seed=seed, _cache=cache)
    ranks = pagerank(g, _cache=cache)
    u = g.to_undirected() if g.is_directed() else g
    eigen = _eigenvector(u, cache)
    burt = constraint(u, _cache=cache) if u.number_of_edges() else {}
    effective = effective_size(u) if u.number_of_edges() else {}
    parts, modularity = communities(u, seed=seed, _cache=cache)
    community_of = {n: i for i, c in enumerate(parts) for n in c}
    cores = core_numbers(u, _cache=cache)
    roles = groups.brokerage(g)
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
            "core": float(cores.get(n, 0)),
            **{role: float(count) for role, count in roles[n].items()},
        }
    sizes = components(u, _cache=cache)
    graph = GraphMetrics(
        nodes=g.number_of_nodes(), edges=g.number_of_edges(),
        density=float(nx.density(g)) if g.number_of_nodes() > 1 else 0.0,
        components=len(sizes), largest_component=sizes[0] if sizes else 0,
        communities=len(parts), modularity=modularity, betweenness=method,
        ei_index=groups.ei_index(g)[0], kind_assortativity=groups.assortativity(g),
    )
    return Metrics(nodes=nodes, graph=graph)


def _eigenvector(u: nx.Graph, cache: dict[int, Converted] | None = None) -> dict[str, float]:
    """Eigenvector centrality (weighted), scaled to unit length as NetworkX's; empty when it
    is undefined (no edges)."""
    if not u.number_of_edges():
        return {}
    h, order = _igraph(u, cache)
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


def per_slice(slices: Mapping[str, nx.Graph]) -> dict[str, Metrics]:
    """The measures of each time slice, in order."""
    return {name: compute(g) for name, g in slices.items()}


def trend(measured: Mapping[str, Metrics]) -> list[dict[str, object]]:
    """The graph measures of each time slice, in order: the evolution table."""
    return [{"slice": name, **m.graph.__dict__} for name, m in measured.items()
            if m.graph is not None]


def slice_measures(measured: Mapping[str, Metrics]) -> list[tuple[str, str, str, float]]:
    """Every node measure of every time slice as a long table (node, slice, measure, value),
    sorted; a node absent from a slice has no rows for it."""
    rows = [(node, name, measure, value) for name, m in measured.items()
            for node, values in m.nodes.items() for measure, value in values.items()]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def top(metrics: Metrics, measure: str, n: int = 10) -> list[tuple[str, float]]:
    """The n nodes with the highest value of a measure (ties by node id)."""
    values = [(node, v[measure]) for node, v in metrics.nodes.items() if v[measure] == v[measure]]
    return sorted(values, key=lambda x: (-x[1], x[0]))[:n]

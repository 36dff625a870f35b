"""Measures on small hand-built graphs, against values computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from borderkg.network import metrics
from borderkg.network.metrics import compute, per_slice, trend


def star() -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from([("c", "a"), ("c", "b"), ("c", "d")], weight=1)
    return g


def test_star() -> None:
    m = compute(star())
    c, a = m.nodes["c"], m.nodes["a"]
    assert (c["degree"], a["degree"]) == (3, 1)
    assert c["betweenness"] == pytest.approx(1.0)  # every leaf pair passes through c
    assert a["betweenness"] == 0
    assert c["constraint"] == pytest.approx(1 / 3)  # 3 contacts of 1/3, none linked
    assert a["constraint"] == pytest.approx(1.0)  # one contact: fully constrained
    assert c["effective_size"] == pytest.approx(3.0) and a["effective_size"] == pytest.approx(1.0)
    assert m.graph is not None
    assert m.graph.density == pytest.approx(3 / 6) and m.graph.components == 1
    assert m.graph.betweenness == "exact"


def test_two_triangles_and_a_bridge() -> None:
    g = nx.Graph()
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"),
                      ("c", "d")], weight=1)
    m = compute(g)
    assert m.graph is not None
    assert m.graph.communities == 2
    # Q = 2 * (3/7 - (7/14)^2) = 5/14
    assert m.graph.modularity == pytest.approx(5 / 14)
    assert m.nodes["a"]["community"] == m.nodes["b"]["community"] == m.nodes["c"]["community"]
    assert m.nodes["a"]["community"] != m.nodes["d"]["community"]
    # c lies on the paths from a and b to d, e, f: 6 of the 10 pairs of the other nodes
    assert m.nodes["c"]["betweenness"] == pytest.approx(6 / 10)
    assert m.nodes["c"]["weighted_degree"] == 3


def test_weights_count() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=5)
    g.add_edge("b", "c", weight=1)
    m = compute(g)
    assert m.nodes["b"]["weighted_degree"] == 6 and m.nodes["b"]["degree"] == 2
    assert m.nodes["a"]["pagerank"] > m.nodes["c"]["pagerank"]


def test_sampled_betweenness_states_k_and_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.barabasi_albert_graph(60, 2, seed=1)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    monkeypatch.setattr(metrics, "EXACT_LIMIT", 10)
    m = compute(g, k=20, seed=7)
    assert m.graph is not None and m.graph.betweenness == "sampled k=20 seed=7"
    expected = nx.betweenness_centrality(g, k=20, seed=7, normalized=True)
    for n in g:
        assert m.nodes[n]["betweenness"] == pytest.approx(expected[n])
    again = compute(g, k=20, seed=7)  # the seed makes it repeatable
    assert {n: v["betweenness"] for n, v in again.nodes.items()} == \
        {n: v["betweenness"] for n, v in m.nodes.items()}
    assert {n: v["community"] for n, v in again.nodes.items()} == \
        {n: v["community"] for n, v in m.nodes.items()}


def test_isolated_nodes_and_empty_graphs() -> None:
    g = nx.Graph()
    g.add_node("lonely")
    m = compute(g)
    assert math.isnan(m.nodes["lonely"]["constraint"])
    assert m.graph is not None and m.graph.edges == 0 and m.graph.communities == 1


def test_trend_table() -> None:
    rows = trend(per_slice({"2000-2006": star(), "2007-2013": nx.complete_graph(["x", "y", "z"])}))
    assert [r["slice"] for r in rows] == ["2000-2006", "2007-2013"]
    assert rows[1]["density"] == pytest.approx(1.0) and rows[0]["nodes"] == 4


def _small_graphs() -> list[nx.Graph]:
    graphs = [nx.karate_club_graph(), nx.les_miserables_graph(),
              nx.gnp_random_graph(60, 0.08, seed=1, directed=True)]
    out = []
    for g in graphs:
        g = nx.relabel_nodes(g, {n: str(n) for n in g})
        for _, _, d in g.edges(data=True):
            d["weight"] = float(d.get("weight", 1.0))
        out.append(g)
    return out


@pytest.mark.parametrize("g", _small_graphs(), ids=["karate", "les-miserables", "directed"])
def test_compiled_measures_equal_networkx_s_own(g: nx.Graph) -> None:
    ours = metrics.compute(g)
    u = g.to_undirected()
    theirs = {
        "betweenness": nx.betweenness_centrality(g, normalized=True),
        "pagerank": nx.pagerank(g, weight="weight"),
        "eigenvector": {n: abs(v) for n, v in
                        nx.eigenvector_centrality_numpy(u, weight="weight").items()},
        "constraint": nx.constraint(u, weight="weight"),
        # NetworkX's per-node path, Burt's formula; its all-nodes sparse path (3.6) divides
        # by the maximum of the wrong axis and gives other values
        "effective_size": nx.effective_size(u, nodes=list(u), weight="weight"),
    }
    for measure, values in theirs.items():
        assert all(ours.nodes[n][measure] == pytest.approx(values[n], abs=1e-4) for n in g), \
            measure
    assert ours.graph is not None
    sizes = sorted((len(c) for c in nx.connected_components(u)), reverse=True)
    assert (ours.graph.components, ours.graph.largest_component) == (len(sizes), sizes[0])
    louvain = nx.community.louvain_communities(u, weight="weight", seed=42)
    assert ours.graph.modularity == pytest.approx(
        nx.community.modularity(u, louvain, weight="weight"), abs=0.03)
    parts, modularity = metrics.communities(g)  # igraph's modularity is NetworkX's
    assert modularity == pytest.approx(nx.community.modularity(u, parts, weight="weight"))


def test_effective_size_of_a_weighted_graph_with_an_isolate() -> None:
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 3.0), ("a", "c", 1.0), ("b", "c", 2.0),
                               ("c", "d", 5.0)])
    g.add_node("e")
    ours = metrics.effective_size(g)
    theirs = nx.effective_size(g, nodes=list(g), weight="weight")
    assert math.isnan(ours["e"]) and math.isnan(theirs["e"])
    assert all(ours[n] == pytest.approx(theirs[n]) for n in "abcd")


def test_sampled_betweenness_from_every_source_is_the_exact_one(monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    for g in _small_graphs():
        exact, _ = metrics.betweenness(g)
        monkeypatch.setattr(metrics, "EXACT_LIMIT", 1)
        sampled, method = metrics.betweenness(g, k=g.number_of_nodes())
        monkeypatch.undo()
        assert method.startswith("sampled")
        assert all(sampled[n] == pytest.approx(exact[n], abs=1e-9) for n in g)


def test_communities_of_two_cliques_and_their_bridge() -> None:
    g = nx.Graph()
    g.add_edges_from((a, b) for part in ("abcde", "vwxyz") for a in part for b in part if a < b)
    g.add_edge("e", "v")
    parts, _ = metrics.communities(g)
    assert parts == [set("abcde"), set("vwxyz")]
    assert metrics.communities(g) == metrics.communities(g)  # seeded: the same every time


def test_eigenvector_of_a_disconnected_graph_is_that_of_its_dominant_part() -> None:
    g = nx.Graph()
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("x", "y")], weight=1.0)
    ours = compute(g).nodes  # NetworkX refuses disconnected graphs; its value on the part:
    theirs = nx.eigenvector_centrality_numpy(g.subgraph("abcd"), weight="weight")
    assert all(ours[n]["eigenvector"] == pytest.approx(abs(theirs[n]), abs=1e-6) for n in "abcd")
    assert ours["x"]["eigenvector"] == pytest.approx(0.0, abs=1e-9)

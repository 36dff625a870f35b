"""Measures on small hand-built graphs, against values computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from borderkg.network import metrics
from borderkg.network.metrics import compute, trend


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
    rows = trend({"2000-2006": star(), "2007-2013": nx.complete_graph(["x", "y", "z"])})
    assert [r["slice"] for r in rows] == ["2000-2006", "2007-2013"]
    assert rows[1]["density"] == pytest.approx(1.0) and rows[0]["nodes"] == 4

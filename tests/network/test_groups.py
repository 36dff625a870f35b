"""Brokerage roles, E-I index and assortativity by kind: small graphs worked by hand, and the
real IATI flows network against a count of its own from the exported GraphML."""

from __future__ import annotations

import math
from itertools import permutations
from pathlib import Path

import networkx as nx
import pytest

from borderkg.network import groups, projections
from borderkg.network.io import write_network
from borderkg.network.metrics import compute
from borderkg.store import Store


def kinds(g: nx.Graph, **of: str) -> nx.Graph:
    for n, k in of.items():
        g.add_node(n, kind=k)
    return g


def hand_worked() -> nx.DiGraph:
    """b is broker of all four roles but consultant; x is a consultant between a and c."""
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "b"), ("b", "e"), ("a", "x"), ("x", "c")])
    return kinds(g, a="A", b="A", c="A", d="B", e="C", x="B")


def test_each_role_on_a_graph_worked_by_hand() -> None:
    got = groups.brokerage(hand_worked())
    assert got["b"] == {"brokerage_coordinator": 1, "brokerage_consultant": 0,  # a->b->c
                        "brokerage_representative": 1,  # a->b->e
                        "brokerage_gatekeeper": 1,  # d->b->c
                        "brokerage_liaison": 1}  # d->b->e
    assert got["x"]["brokerage_consultant"] == 1 and sum(got["x"].values()) == 1
    assert all(sum(got[n].values()) == 0 for n in "acde")


def test_a_closed_pair_is_not_brokered() -> None:
    g = hand_worked()
    g.add_edge("a", "c")  # a reaches c directly: neither b nor x brokers it
    g.add_edge("d", "e")
    got = groups.brokerage(g)
    assert got["b"]["brokerage_coordinator"] == 0 and got["b"]["brokerage_liaison"] == 0
    assert got["b"]["brokerage_representative"] == 1
    assert got["x"]["brokerage_consultant"] == 0


def test_undirected_ties_count_both_ways() -> None:
    path = kinds(nx.Graph([("a", "b"), ("b", "c")]), a="A", b="A", c="A")
    assert groups.brokerage(path)["b"]["brokerage_coordinator"] == 2
    triangle = kinds(nx.Graph([("a", "b"), ("b", "c"), ("a", "c")]), a="A", b="A", c="A")
    assert all(sum(v.values()) == 0 for v in groups.brokerage(triangle).values())
    mixed = kinds(nx.Graph([("a", "b"), ("b", "c")]), a="A", b="A", c="B")
    assert groups.brokerage(mixed)["b"] == {
        "brokerage_coordinator": 0, "brokerage_consultant": 0, "brokerage_representative": 1,
        "brokerage_gatekeeper": 1, "brokerage_liaison": 0}


def test_ei_index_and_assortativity() -> None:
    g = kinds(nx.Graph([("a1", "a2"), ("a1", "b1"), ("a2", "b1")]), a1="A", a2="A", b1="B")
    whole, per = groups.ei_index(g)
    assert whole == pytest.approx(1 / 3)
    assert per == {"A": pytest.approx(1 / 3), "B": 1.0}
    separated = kinds(nx.Graph([("a1", "a2"), ("b1", "b2")]), a1="A", a2="A", b1="B", b2="B")
    assert groups.ei_index(separated)[0] == -1.0
    assert groups.assortativity(separated) == pytest.approx(1.0)
    assert math.isnan(groups.assortativity(kinds(nx.Graph([("a", "b")]), a="A", b="A")))


def test_measures_carry_the_roles_and_the_core() -> None:
    m = compute(hand_worked())
    assert m.nodes["b"]["brokerage_liaison"] == 1.0
    assert m.nodes["b"]["core"] >= 1.0
    assert m.graph is not None and not math.isnan(m.graph.ei_index)


def count_from_graphml(path: Path) -> dict[str, dict[str, int]]:
    """An independent count on the GraphML read back: every two-step path, one by one."""
    g = nx.read_graphml(path)
    out = {n: dict.fromkeys(groups.COLUMNS, 0) for n in g}
    for j in g:
        for i in g.predecessors(j):
            for k in g.successors(j):
                if len({i, j, k}) == 3 and not g.has_edge(i, k):
                    kind = [g.nodes[n]["kind"] for n in (i, j, k)]
                    out[j][f"brokerage_{groups.role(*kind)}"] += 1
    return out


def test_brute_force_count_agrees_on_a_small_graph(tmp_path: Path) -> None:
    g = nx.gnp_random_graph(30, 0.15, seed=3, directed=True)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    kinds(g, **{n: "ABC"[i % 3] for i, n in enumerate(sorted(g))})
    write_network(g, tmp_path / "random.graphml")
    expected = {n: dict.fromkeys(groups.COLUMNS, 0) for n in g}
    for i, j, k in permutations(g, 3):
        if g.has_edge(i, j) and g.has_edge(j, k) and not g.has_edge(i, k):
            expected[j][f"brokerage_{groups.role(*(g.nodes[n]['kind'] for n in (i, j, k)))}"] += 1
    assert count_from_graphml(tmp_path / "random.graphml") == expected
    assert groups.brokerage(g) == expected


def test_real_iati_flows_agree_with_a_count_from_the_graphml(
        seeds_iati_store: Store, tmp_path: Path) -> None:
    g = projections.flows(projections.load_rows(seeds_iati_store))
    assert g.number_of_nodes() > 50
    write_network(g, tmp_path / "flows.graphml")
    got = groups.brokerage(g)
    assert got == count_from_graphml(tmp_path / "flows.graphml")
    totals = {c: sum(v[c] for v in got.values()) for c in groups.COLUMNS}
    assert totals["brokerage_representative"] > 0 and totals["brokerage_liaison"] > 0

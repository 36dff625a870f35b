"""Network exports read back as the same graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from borderkg.graph.store import Store
from borderkg.network import projections as proj
from borderkg.network.io import flatten, read_network, write_network


@pytest.fixture(scope="module")
def graph(seed_store: Store) -> nx.Graph:
    data = proj.load_rows(seed_store)
    return proj.organisations(data)


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".json", ".csv"])
def test_round_trip(graph: nx.Graph, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"net{suffix}"
    written = write_network(graph, path)
    assert all(p.exists() and p.stat().st_size for p in written)
    back = read_network(path)
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    flat = flatten(graph)
    for n, attrs in flat.nodes(data=True):
        assert str(back.nodes[n]["label"]) == attrs["label"]
        assert str(back.nodes[n]["projects"]) == attrs["projects"]
    for a, b, attrs in flat.edges(data=True):
        assert float(back.edges[a, b]["weight"]) == attrs["weight"]
        assert str(back.edges[a, b]["sources"]) == attrs["sources"]


def test_gexf_carries_time_slices(seed_store: Store, tmp_path: Path) -> None:
    data = proj.load_rows(seed_store)
    g = proj.merge_slices(proj.time_slices(data, "organisations", proj.windows("2000-2006,2007-2013")))
    path = tmp_path / "dynamic.gexf"
    write_network(g, path)
    text = path.read_text("utf-8")
    assert 'mode="dynamic"' in text and '<spell start="2007" end="2013"' in text
    back = nx.read_gexf(path)
    iom = "https://w3id.org/borderkg/id/org/iom"
    assert back.nodes[iom]["spells"] == [(2000, 2006), (2007, 2013)]


def test_unknown_format(graph: nx.Graph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown network format"):
        write_network(graph, tmp_path / "net.xlsx")

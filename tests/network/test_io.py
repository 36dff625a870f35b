"""Network exports read back as the same graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from borderkg.network import projections as proj
from borderkg.network.io import flatten, read_network, write_network
from borderkg.network.metrics import compute
from borderkg.store import Store
from tests.conftest import SHARED, need_shared


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


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    """The official GEXF 1.3 schema from ../shared (never fetched from the network)."""
    xsd = need_shared(SHARED / "data" / "gexf" / "1.3" / "gexf.xsd")
    return etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(no_network=True)))


def test_gexf_carries_time_slices(seed_store: Store, tmp_path: Path,
                                  gexf_schema: etree.XMLSchema) -> None:
    data = proj.load_rows(seed_store)
    sliced = proj.time_slices(data, "organisations", proj.windows("2000-2006,2007-2013"))
    g = proj.organisations(data)
    merged = proj.merge_slices(sliced)
    for n in g:
        g.nodes[n]["slices"] = merged.nodes[n]["slices"] if n in merged else []
    for a, b in g.edges:
        if merged.has_edge(a, b):
            g.edges[a, b].update(slices=merged.edges[a, b]["slices"],
                                 slice_weights=merged.edges[a, b]["slice_weights"])
    measures = compute(g)
    for n, values in measures.nodes.items():
        g.nodes[n].update(values)
    path = tmp_path / "dynamic.gexf"
    write_network(g, path)
    doc = etree.parse(str(path))
    gexf_schema.assertValid(doc)
    text = path.read_text("utf-8")
    assert 'mode="dynamic"' in text and '<spell start="2007" end="2013"' in text
    back = nx.read_gexf(path, version="1.3")
    iom = "https://w3id.org/borderkg/id/org/iom"
    assert back.nodes[iom]["spells"] == [(2000, 2006), (2007, 2013)]
    assert back.nodes[iom]["betweenness"] == pytest.approx(measures.nodes[iom]["betweenness"])
    assert back.nodes[iom]["brokerage_coordinator"] == measures.nodes[iom]["brokerage_coordinator"]
    # every node of the file is active somewhere: in a slice or in its own project years
    spells = doc.getroot().iter("{http://gexf.net/1.3}node")
    assert all(n.find("{http://gexf.net/1.3}spells") is not None for n in spells)
    outside = [n for n in g if not g.nodes[n]["slices"]]
    for n in outside:
        if n in back:
            years = set(g.nodes[n]["years"])
            assert all(set(range(a, b + 1)) <= years for a, b in back.nodes[n]["spells"])
    assert all(any(r for r in back.edges[e]["roles"].split(" | ")) for e in back.edges)


def test_static_gexf_is_valid_with_hostile_text(gexf_schema: etree.XMLSchema,
                                                tmp_path: Path) -> None:
    g = nx.DiGraph()
    g.add_node("a\x01<b>", label="Name & <script>\x0b", kind="donor", score=1.5, flag=True)
    g.add_node("c", label="C", kind="donor", score=2, flag=False)
    g.add_edge("a\x01<b>", "c", weight=3, roles=["funds"], sources=["x.xml", "y.xml"])
    path = write_network(g, tmp_path / "static.gexf")[0]
    gexf_schema.assertValid(etree.parse(str(path)))
    back = nx.read_gexf(path, version="1.3")
    assert back.nodes["a <b>"]["label"] == "Name & <script>"
    assert back.nodes["c"]["score"] == 2.0 and back.nodes["c"]["flag"] is False
    assert back.edges["a <b>", "c"]["sources"] == "x.xml | y.xml"


def test_unknown_format(graph: nx.Graph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown network format"):
        write_network(graph, tmp_path / "net.xlsx")


def test_two_mode_event_network_files(seed_store: Store, tmp_path: Path,
                                      gexf_schema: etree.XMLSchema) -> None:
    g = proj.events(proj.load_rows(seed_store))
    path = tmp_path / "events.gexf"
    write_network(g, path)
    gexf_schema.assertValid(etree.parse(str(path)))
    back = nx.read_gexf(path, version="1.3")
    assert {back.nodes[n]["kind"] for n in back} >= {"event", "eu-agency"}
    assert back.number_of_edges() == g.number_of_edges()

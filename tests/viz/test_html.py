"""The network page as text: self-contained, escaped, truncated with a note."""

from __future__ import annotations

import json
import re

import networkx as nx

from borderkg.viz.html import Style, network_page

HOSTILE = ['<img src=x onerror="window.__xss=1">', "</script><script>window.__xss=2</script>",
           "Tom & Jerry's \"Agency\" <b>bold</b>"]


def hostile_graph() -> nx.Graph:
    g = nx.Graph()
    for i, label in enumerate(HOSTILE):
        g.add_node(f"n{i}", label=label, kind="ngo", kind_label=label, country="", years=[2010],
                   projects=[], countries=[])
    g.add_edge("n0", "n1", weight=2, projects=["p"], project_labels=[HOSTILE[1]],
               sources=[HOSTILE[0]], roles=[], years=[2010])
    g.add_edge("n1", "n2", weight=1, projects=["q"], project_labels=["q"], sources=["s"],
               roles=[], years=[2011])
    return g


def test_page_is_self_contained() -> None:
    page = network_page(hostile_graph(), title="Test")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "vis.Network" in page  # the library itself is inline


def test_hostile_text_is_never_markup() -> None:
    page = network_page(hostile_graph(), title="<script>alert(1)</script>")
    for text in (*HOSTILE, "<script>alert(1)</script>"):
        assert text not in page
    data = page.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0]
    payload = json.loads(data)
    assert payload["title"] == "<script>alert(1)</script>"
    assert sorted(n["label"] for n in payload["nodes"]) == sorted(HOSTILE)
    assert all(isinstance(n["title"], str) for n in payload["nodes"])
    assert "innerHTML" not in page.split("<script id=\"data\"", 1)[1]


def test_large_networks_are_cut_to_the_top_nodes() -> None:
    g = nx.barabasi_albert_graph(120, 2, seed=3)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    for n in g:
        g.nodes[n].update(label=n, kind="x", kind_label="x")
    page = network_page(g, title="Big", style=Style(max_nodes=50, size_by="degree"))
    data = json.loads(page.split('<script id="data" type="application/json">', 1)[1]
                      .split("</script>", 1)[0])
    assert len(data["nodes"]) == 50
    assert "120 nodes" in data["truncated"] and "50 with the highest degree" in data["truncated"]
    degrees = sorted((d for _, d in g.degree()), reverse=True)
    shown = {n["id"] for n in data["nodes"]}
    assert min(g.degree(n) for n in shown) >= degrees[49]

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


def test_dense_networks_keep_each_node_s_strongest_ties_under_5_mb() -> None:
    from borderkg.viz.html import MAX_PAGE_BYTES, Style, network_page, strongest_ties

    g = nx.complete_graph(220)  # 24,090 ties
    g = nx.relabel_nodes(g, {n: f"https://w3id.org/borderkg/id/org/o{n}" for n in g})
    for i, (_, _, d) in enumerate(g.edges(data=True)):
        d["weight"] = float(1 + i % 7)
        d["project_labels"] = [f"A rather long project title about borders, number {k}"
                               for k in range(30)]
    page = network_page(g, title="dense", style=Style(max_ties=10**9))
    assert len(page.encode()) <= MAX_PAGE_BYTES
    assert "strongest of each node" in page and "24,090 ties" in page
    pruned, k = strongest_ties(g, 2200)
    assert k == 10 and all(pruned.degree(n) >= k for n in g)
    assert pruned.number_of_edges() <= 2200
    for node in g:  # each node's k heaviest ties are kept (ties broken by the other end)
        heaviest = sorted(g.edges(node, data="weight"), key=lambda e: (-e[2], e[1]))[:k]
        assert all(pruned.has_edge(a, b) for a, b, _ in heaviest)


def test_min_weight_leaves_out_weak_ties_and_says_so() -> None:
    from borderkg.viz.html import Style, network_page

    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "c", weight=3.0)
    page = network_page(g, title="t", style=Style(min_weight=2))
    assert "1 ties with fewer than 2 shared projects are left out" in page

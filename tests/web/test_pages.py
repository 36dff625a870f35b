"""Resource pages: hostile text is escaped and only BorderKG IRIs become links."""

from __future__ import annotations

import pyoxigraph as ox

from borderkg.graph.export import PREFIXES
from borderkg.store import Rows
from borderkg.web.pages import local_path, resource_page

IRI = "https://w3id.org/borderkg/id/org/evil"


def test_hostile_values_are_escaped_and_foreign_iris_are_not_links() -> None:
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    see = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    facts = Rows(["resource", "property", "value", "graph", "source"], ox_rows=[
        (ox.NamedNode(IRI), label, ox.Literal("<script>alert(1)</script>"),
         ox.NamedNode("https://w3id.org/borderkg/id/source/x"), ox.Literal('a"b.txt')),
        (ox.NamedNode(IRI), see, ox.NamedNode("javascript:alert(1)"),
         ox.NamedNode("https://w3id.org/borderkg/id/source/x"), None),
    ])
    links = Rows(["resource", "property", "subject", "label"], ox_rows=[
        (ox.NamedNode(IRI), see, ox.NamedNode("https://w3id.org/borderkg/id/project/p1"),
         ox.Literal("<b>Project</b>"))])
    page = resource_page(IRI, facts, links, PREFIXES)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>&lt;script&gt;" in page  # the label, escaped, is the title
    assert 'href="javascript' not in page and "<code>javascript:alert(1)</code>" in page
    assert '<a href="/id/project/p1">&lt;b&gt;Project&lt;/b&gt;</a>' in page
    assert "a&quot;b.txt" in page
    assert "default-src 'none'" in page  # nothing loads from anywhere


def test_local_paths() -> None:
    assert local_path("https://w3id.org/borderkg/id/org/frontex") == "/id/org/frontex"
    assert local_path("https://w3id.org/borderkg/ontology#Project") == "/ontology#Project"
    assert local_path("https://example.org/id/org/frontex") is None

"""Result formats: the W3C SPARQL 1.1 formats (JSON, XML, CSV, TSV) read back to the same
rows by rdflib's and Oxigraph's parsers, booleans, graphs, Markdown."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from borderkg.queries import formats
from borderkg.store import Rows, Store, to_rdflib

ROWS = Rows(["s", "label", "n"], [
    (URIRef("https://w3id.org/borderkg/id/org/iom"), Literal("IOM | OIM", lang="fr"),
     Literal("2", datatype=XSD.integer)),
    (BNode("b0"), Literal('He said "hi"\tthen left\nand <b>came</b> back & more'), None),
    (URIRef("https://w3id.org/borderkg/id/org/x"), Literal("Ünïcödé, with a comma"),
     Literal("1.50", datatype=XSD.decimal)),
])


def _same(parsed: list[tuple[object, ...]], *, plain: bool = False) -> None:
    expected = [tuple(None if t is None else (t.n3() if isinstance(t, BNode) and plain else
                                              str(t) if plain else t) for t in row)
                for row in ROWS.rows]
    got = [tuple(None if t is None or (plain and str(t) == "") else
                 (str(t) if plain else t) for t in row) for row in parsed]
    # blank node labels are the parser's own
    assert [tuple(v for v in r if not isinstance(v, BNode)) for r in got] == \
        [tuple(v for v in r if not isinstance(v, BNode)) for r in expected]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_typed_formats_read_back_to_the_same_terms(fmt: str) -> None:
    text = formats.render(ROWS, fmt)
    result = Result.parse(io.StringIO(text), format=fmt)
    assert [str(v) for v in result.vars] == ROWS.variables  # type: ignore[union-attr]
    _same([tuple(row) for row in result])  # type: ignore[arg-type]
    solutions = ox.parse_query_results(text.encode(), format=formats._W3C[fmt])
    assert isinstance(solutions, ox.QuerySolutions)
    _same([tuple(to_rdflib(s[v]) for v in ROWS.variables) for s in solutions])


def test_csv_reads_back_to_the_same_values() -> None:
    text = formats.render(ROWS, "csv")
    assert text.startswith("s,label,n\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://w3id.org/borderkg/id/org/iom", "IOM | OIM", "2"]
    assert rows[2][1] == 'He said "hi"\tthen left\nand <b>came</b> back & more'
    assert rows[2][2] == ""
    parsed = Result.parse(io.StringIO(text), format="csv")
    _same([tuple(row) for row in parsed], plain=True)  # type: ignore[arg-type]


def test_json_is_the_w3c_format() -> None:
    doc = json.loads(formats.render(ROWS, "json"))
    assert doc["head"]["vars"] == ["s", "label", "n"]
    first, second, _ = doc["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": "https://w3id.org/borderkg/id/org/iom"}
    assert first["label"] == {"type": "literal", "value": "IOM | OIM", "xml:lang": "fr"}
    assert first["n"]["datatype"] == str(XSD.integer)
    assert "n" not in second and second["s"]["type"] == "bnode"


def test_tsv_keeps_line_breaks_escaped() -> None:
    lines = formats.render(ROWS, "tsv").splitlines()
    assert lines[0] == "?s\t?label\t?n" and len(lines) == 4
    assert lines[1].split("\t")[0] == "<https://w3id.org/borderkg/id/org/iom>"
    assert "\\n" in lines[2] and "\\t" in lines[2]


def test_rows_straight_from_the_store_give_the_same_text(store: Store) -> None:
    store.apply({URIRef("https://w3id.org/borderkg/id/graph/test"): [
        (URIRef("https://w3id.org/borderkg/id/org/iom"), URIRef("http://x/label"),
         Literal("IOM | OIM", lang="fr"))]})
    rows = store.select("SELECT ?s ?label WHERE { ?s <http://x/label> ?label }")
    assert rows.ox_rows is not None  # Oxigraph terms, not converted
    converted = Rows(rows.variables, rows.rows)
    for fmt in ("csv", "tsv", "json", "xml", "md"):
        assert formats.render(rows, fmt) == formats.render(converted, fmt)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("json", b'{"head":{},"boolean":true}\n'),
    ("csv", b"true\n"), ("tsv", b"true\n"), ("table", b"true\n")])
def test_ask_gives_w3c_booleans(fmt: str, expected: bytes) -> None:
    assert formats.boolean(True, fmt) == expected
    xml = formats.boolean(False, "xml")
    assert b"<boolean>false</boolean>" in xml
    assert isinstance(ox.parse_query_results(xml, format=ox.QueryResultsFormat.XML),
                      ox.QueryBoolean)


def test_graphs_are_rdf_and_never_a_table() -> None:
    triples = [ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"),
                         ox.Literal("c\nd"))]
    for fmt, rdflib_format in (("turtle", "turtle"), ("ntriples", "nt"),
                               ("jsonld", "json-ld"), ("rdfxml", "xml")):
        g = Graph().parse(data=formats.graph(triples, fmt, prefixes={}), format=rdflib_format)
        assert (URIRef("http://x/a"), URIRef("http://x/b"), Literal("c\nd")) in g
    for fmt in ("csv", "tsv", "json", "xml", "md"):
        with pytest.raises(formats.FormatError, match="give a graph"):
            formats.graph(triples, fmt, prefixes={})


def test_markdown() -> None:
    md = formats.to_markdown(ROWS).splitlines()
    assert md[2] == "| org/iom | IOM \\| OIM | 2 |"
    assert "&lt;b&gt;came&lt;/b&gt; back &amp; more" in md[3]

"""Result formats: W3C SPARQL 1.1 JSON and CSV, TSV and Markdown."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser

from borderkg.graph.store import Rows
from borderkg.queries import formats

ROWS = Rows(["s", "label", "n"], [
    (URIRef("https://w3id.org/borderkg/id/org/iom"), Literal("IOM | OIM", lang="fr"),
     Literal("2", datatype=XSD.integer)),
    (BNode("b0"), Literal('He said "hi"\tthen left'), None),
])


def test_json_is_the_w3c_format() -> None:
    doc = json.loads(formats.to_json(ROWS))
    assert doc["head"]["vars"] == ["s", "label", "n"]
    first, second = doc["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": "https://w3id.org/borderkg/id/org/iom"}
    assert first["label"] == {"type": "literal", "value": "IOM | OIM", "xml:lang": "fr"}
    assert first["n"]["datatype"] == str(XSD.integer)
    assert "n" not in second and second["s"]["type"] == "bnode"
    parsed = JSONResultParser().parse(io.StringIO(formats.to_json(ROWS)))
    assert len(parsed.bindings) == 2  # another toolkit reads it


def test_csv_is_the_w3c_format() -> None:
    text = formats.to_csv(ROWS)
    assert text.startswith("s,label,n\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["https://w3id.org/borderkg/id/org/iom", "IOM | OIM", "2"]
    assert rows[2][1] == 'He said "hi"\tthen left' and rows[2][2] == ""


def test_tsv_and_markdown() -> None:
    tsv = formats.to_tsv(ROWS).splitlines()
    assert tsv[0] == "?s\t?label\t?n"
    assert tsv[1].split("\t")[0] == "<https://w3id.org/borderkg/id/org/iom>"
    assert "\\t" in tsv[2]
    md = formats.to_markdown(ROWS).splitlines()
    assert md[2] == "| org/iom | IOM \\| OIM | 2 |"

"""Query results in the W3C SPARQL 1.1 results formats (JSON, XML, CSV, TSV), as Markdown or
as a terminal table; booleans (ASK) and graphs (CONSTRUCT, DESCRIBE) in the formats that can
hold them.

The W3C formats are written by pyoxigraph's serialisers: the rows become SPARQL JSON, which
pyoxigraph reads and writes out in the format asked for, so every escape (line breaks in TSV,
markup in XML) is the reference implementation's.
"""

from __future__ import annotations

import html
import json
import re

import pyoxigraph as ox
from rich.table import Table
from rich.text import Text

from borderkg.ontology.iris import BASE
from borderkg.store import OxTerm, Rows

FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
_W3C = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_RDF = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
# C0 and C1 controls but tab and line feed, and the bidirectional overrides that reorder
# what a reader sees ("Trojan source"): shown as escapes, never sent to a terminal
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class FormatError(ValueError):
    """A result that the format asked for cannot hold (a graph as a table, say)."""


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC included) shown as escapes."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)


def shown(value: object) -> Text:
    """A value as a terminal cell: no rich markup read in it, no control characters."""
    return Text(printable(str(value)))


def markdown_cell(value: object) -> str:
    """A value as a Markdown table cell: HTML escaped (a renderer runs raw HTML), pipes
    escaped, one line."""
    text = html.escape(printable(str(value)), quote=False)
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "\\`")


def _json_term(term: OxTerm) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def sparql_json(rows: Rows) -> bytes:
    """The rows as SPARQL 1.1 Query Results JSON."""
    bindings = [{v: _json_term(t) for v, t in zip(rows.variables, row, strict=True)
                 if t is not None} for row in rows.ox_terms()]
    doc = {"head": {"vars": rows.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def to_w3c(rows: Rows, fmt: str) -> bytes:
    """The rows in a W3C results format (csv, tsv, json, xml), by pyoxigraph's serialiser."""
    solutions = ox.parse_query_results(sparql_json(rows), format=ox.QueryResultsFormat.JSON)
    return solutions.serialize(format=_W3C[fmt]) or b""


def boolean(value: bool, fmt: str) -> bytes:
    """An ASK result: SPARQL JSON or XML booleans (or true/false for csv, tsv and tables)."""
    if fmt in ("table", "md"):
        return b"true\n" if value else b"false\n"
    if fmt not in _W3C:
        raise FormatError(f"ASK gives a boolean: use -f json, xml, csv or tsv, not {fmt}")
    doc = json.dumps({"head": {}, "boolean": value}).encode()
    parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
    return (parsed.serialize(format=_W3C[fmt]) or b"") + b"\n"


def graph(triples: list[ox.Triple], fmt: str, *, prefixes: dict[str, str]) -> bytes:
    """A CONSTRUCT or DESCRIBE result as RDF: Turtle (also for 'table'), N-Triples, JSON-LD or
    RDF/XML; a table format is an error (a graph has no rows)."""
    fmt = "turtle" if fmt == "table" else fmt
    if fmt not in _RDF:
        raise FormatError(f"CONSTRUCT and DESCRIBE give a graph: use -f "
                          f"{', '.join(GRAPH_FORMATS)}, not {fmt}")
    return ox.serialize(triples, format=_RDF[fmt],
                        prefixes=prefixes if fmt == "turtle" else None) or b""


def _short(text: str | None) -> str:
    text = text or ""
    return text[len(BASE):] if text.startswith(BASE) else text


def to_markdown(rows: Rows) -> str:
    """A Markdown table (HTML, pipes and line breaks in values escaped)."""
    def cell(t: str | None) -> str:
        return markdown_cell(_short(t))

    lines = ["| " + " | ".join(rows.variables) + " |",
             "| " + " | ".join("---" for _ in rows.variables) + " |"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows.values()]
    return "\n".join(lines) + "\n"


def to_table(rows: Rows, *, title: str | None = None) -> Table:
    """A rich table for the terminal; data IRIs are shortened to kind/key."""
    table = Table(title=title, show_lines=False)
    for v in rows.variables:
        table.add_column(v, overflow="fold")
    for row in rows.values():
        table.add_row(*(shown(_short(t)) for t in row))
    return table


def render(rows: Rows, fmt: str) -> str:
    """Rows in a text format (every format but 'table')."""
    if fmt == "md":
        return to_markdown(rows)
    if fmt not in _W3C:
        raise FormatError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return to_w3c(rows, fmt).decode("utf-8")

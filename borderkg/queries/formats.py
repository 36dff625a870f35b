"""Query results as CSV and JSON (the W3C SPARQL 1.1 results formats), TSV, Markdown, or a
terminal table."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from rich.table import Table
from rich.text import Text

from borderkg.graph.store import Rows
from borderkg.ontology.iris import BASE

FORMATS = ("table", "csv", "tsv", "json", "md")
# C0 and C1 controls but tab and line feed, and the bidirectional overrides that reorder
# what a reader sees ("Trojan source"): shown as escapes, never sent to a terminal
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_csv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rows.variables)
    for row in rows.rows:
        writer.writerow([_plain(t) for t in row])
    return out.getvalue()


def _ntriples(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode, Literal)):
        return term.n3()
    return str(term)


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: '?var' header, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in rows.variables)]
    lines += ["\t".join(_ntriples(t).replace("\t", "\\t") for t in row) for row in rows.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def to_json(rows: Rows) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{v: _json_term(t) for v, t in zip(rows.variables, row, strict=True)
                 if t is not None} for row in rows.rows]
    doc = {"head": {"vars": rows.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _short(term: Node | None) -> str:
    text = _plain(term)
    return text[len(BASE):] if text.startswith(BASE) else text


def to_markdown(rows: Rows) -> str:
    """A Markdown table (HTML, pipes and line breaks in values escaped)."""
    def cell(t: Node | None) -> str:
        return markdown_cell(_short(t))

    lines = ["| " + " | ".join(rows.variables) + " |",
             "| " + " | ".join("---" for _ in rows.variables) + " |"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows.rows]
    return "\n".join(lines) + "\n"


def to_table(rows: Rows, *, title: str | None = None) -> Table:
    """A rich table for the terminal; data IRIs are shortened to kind/key."""
    table = Table(title=title, show_lines=False)
    for v in rows.variables:
        table.add_column(v, overflow="fold")
    for row in rows.rows:
        table.add_row(*(shown(_short(t)) for t in row))
    return table


def render(rows: Rows, fmt: str) -> str:
    """Rows in a text format (every format but 'table')."""
    writers = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "md": to_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](rows)

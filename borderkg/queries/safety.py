"""Checks on ad-hoc SPARQL: untrusted query text never reaches the network or the file system.

SERVICE (federated queries), LOAD and FROM / FROM NAMED (which ask the engine to fetch or
read datasets by IRI) are refused, and so is every update. The check judges the text that
runs: `check_query` returns the text with its line ends normalised, and only that text may
be executed. Two independent readers must agree that it is safe:

- rdflib's SPARQL parser, whose syntax tree is walked for SERVICE and dataset clauses;
- a tokeniser that follows Oxigraph's lexical rules (comments end at CR or LF; codepoint
  escapes are read inside IRIs and strings), which refuses the forbidden keywords wherever
  they stand outside strings, IRIs and comments.

Queries run in a worker process whose sockets are blocked (`borderkg.sandbox`), the
backstop should both readers ever be fooled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

MAX_QUERY_CHARS = 1_000_000
# Words that only federation, dataset clauses or updates use: none of them belongs in a query.
FORBIDDEN_WORDS = frozenset({"SERVICE", "LOAD", "FROM", "INSERT", "DELETE", "DROP", "CLEAR",
                             "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"})
UPDATE_FORBIDDEN = frozenset({"SERVICE", "LOAD"})  # an update may change graphs, never fetch
_TOKEN = re.compile(r"""
    (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[\w.\-]*:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<escape>\\[uU])
  | (?P<other>\S)
  | (?P<space>\s+)
""", re.VERBOSE | re.DOTALL)


class UnsafeQueryError(ValueError):
    """A query that is not SPARQL 1.1 query syntax or that would reach outside the store."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query judged safe: the text to run (line ends normalised) and its form."""

    text: str
    form: str  # select | ask | construct | describe


def normalise(text: str) -> str:
    """CRLF and lone CR as LF: the engines disagree on CR (Oxigraph ends a comment there,
    rdflib does not), so neither ever sees one."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_query(text: str) -> CheckedQuery:
    """The text to run and the query form; UnsafeQueryError unless the text is a plain SPARQL
    query over the store."""
    text = _prepare(text, "query", FORBIDDEN_WORDS)
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        raise UnsafeQueryError(f"not a SPARQL 1.1 query (line {exc.lineno}, column {exc.col}): "
                               f"{exc.msg}") from exc
    _walk(tree)
    return CheckedQuery(text, str(tree[1].name).removesuffix("Query").lower())


def check_update(text: str) -> str:
    """The text of a SPARQL 1.1 update to run (for an authorised writer); UnsafeQueryError
    unless it is one and stays inside the store (no LOAD, no SERVICE)."""
    text = _prepare(text, "update", UPDATE_FORBIDDEN)
    try:
        parseUpdate(text)
    except ParseException as exc:
        raise UnsafeQueryError(f"not a SPARQL 1.1 update (line {exc.lineno}, column "
                               f"{exc.col}): {exc.msg}") from exc
    return text


def _prepare(text: str, what: str, forbidden: frozenset[str]) -> str:
    """The text with its line ends normalised, once its size, characters and words pass."""
    if len(text) > MAX_QUERY_CHARS:
        raise UnsafeQueryError(f"{what} of {len(text):,} characters: the limit is "
                               f"{MAX_QUERY_CHARS:,}")
    if "\x00" in text:
        raise UnsafeQueryError(f"{what} contains a NUL character")
    text = normalise(text)
    _scan(text, forbidden)
    return text


def _scan(text: str, forbidden: frozenset[str]) -> None:
    """Refuse forbidden keywords, and codepoint escapes, outside strings, IRIs and comments."""
    line = 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word" and m.group().upper() in forbidden:
            word = m.group().upper()
            reason = ("queries run on the local store only" if word in ("SERVICE", "LOAD")
                      else "the store's graphs are the dataset (use GRAPH to select a named "
                      "graph)" if word == "FROM" else "updates are not allowed here")
            raise UnsafeQueryError(f"{word} is not allowed (line {line}): {reason}")
        if kind == "escape":
            raise UnsafeQueryError(f"codepoint escapes (\\u, \\U) are allowed only inside "
                                   f"strings and IRIs (line {line})")
        line += m.group().count("\n")


def _walk(node: object) -> None:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            raise UnsafeQueryError("SERVICE is not allowed: queries run on the local store only")
        if isinstance(node.get("datasetClause"), (list, tuple)) or \
                hasattr(node.get("datasetClause"), "asList"):
            raise UnsafeQueryError("FROM and FROM NAMED are not allowed: the store's graphs are "
                                   "the dataset (use GRAPH to select a named graph)")
        for value in node.values():
            _walk(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _walk(item)
    elif hasattr(node, "asList") and not isinstance(node, str):
        for item in node:  # type: ignore[attr-defined]
            _walk(item)

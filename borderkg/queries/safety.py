"""Checks on ad-hoc SPARQL: untrusted query text never reaches the network or the file system.

SERVICE (federated queries) and FROM / FROM NAMED (which ask the engine to load datasets by
IRI) are refused; updates are not queries and are refused by the parser.
"""

from __future__ import annotations

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue


class UnsafeQueryError(ValueError):
    """A query that is not SPARQL 1.1 query syntax or that would reach outside the store."""


def check_query(text: str) -> str:
    """The query form (select, ask, construct, describe); UnsafeQueryError unless the text is a
    plain SPARQL query over the store."""
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        raise UnsafeQueryError(f"not a SPARQL 1.1 query (line {exc.lineno}, column {exc.col}): "
                          f"{exc.msg}") from exc
    _walk(tree)
    return str(tree[1].name).removesuffix("Query").lower()


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

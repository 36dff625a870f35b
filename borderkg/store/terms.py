"""RDF terms between rdflib (what users see) and pyoxigraph (what the stores speak)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@lru_cache(maxsize=65536)
def named(iri: str) -> ox.NamedNode:
    """IRIs repeat (predicates, classes, concepts, organisations): build each once."""
    return ox.NamedNode(iri)


@lru_cache(maxsize=65536)
def nt_iri(iri: str) -> str:
    """An IRI in N-Triples (validated: an invalid IRI raises ValueError), built once."""
    return str(named(iri))


@lru_cache(maxsize=65536)
def _uriref(iri: str) -> URIRef:
    """IRIs repeat in results (kinds, roles, countries, organisations): build each once."""
    return URIRef(iri)


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=named(str(term.datatype or XSD.string)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (plain strings stay plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _uriref(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def iri_text(term: URIRef | str) -> str:
    """An IRI in SPARQL syntax, validated (an invalid IRI raises instead of being pasted)."""
    return str(ox.NamedNode(str(term)))


def nt_value(term: Node) -> tuple[str, str]:
    """A term's value (IRI, lexical form or blank node id) and the term in N-Triples, as
    Oxigraph writes it (IRIs built once)."""
    if type(term) is URIRef:
        value = str(term)
        return value, nt_iri(value)
    node = to_ox(term)
    return node.value, str(node)


def ntriples(triples: Iterable[Triple]) -> bytes:
    """Triples as N-Triples (the bytes Oxigraph's serialiser gives, without building a
    triple object per triple)."""
    return "".join(f"{nt_value(s)[1]} {nt_value(p)[1]} {nt_value(o)[1]} .\n"
                   for s, p, o in triples).encode("utf-8")


def insert_update(graphs: Iterable[tuple[str, str]]) -> str:
    """One SPARQL update that adds N-Triples text to named graphs ((IRI, text) pairs):
    INSERT DATA, or where blank nodes occur, the same as INSERT ... WHERE {} (some servers,
    Virtuoso among them, refuse blank nodes in INSERT DATA)."""
    blocks = [f"GRAPH {iri_text(graph)} {{\n{text}}}" for graph, text in graphs]
    body = "\n".join(blocks)
    if "_:" in body:
        return f"INSERT {{\n{body}\n}} WHERE {{}}"
    return f"INSERT DATA {{\n{body}\n}}"

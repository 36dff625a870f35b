"""Bound variables written as VALUES blocks give what pyoxigraph's substitutions give."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from borderkg.queries import library
from borderkg.store import Store
from borderkg.store.base import _substitutions
from borderkg.store.bindings import groups, with_values

EX = "http://example.org/"


@pytest.fixture(scope="module")
def data() -> ox.Store:
    store = ox.Store()
    for i in range(6):
        s = ox.NamedNode(f"{EX}s{i}")
        store.add(ox.Quad(s, ox.NamedNode(EX + "p"), ox.Literal(f"v{i % 3}"),
                          ox.NamedNode(EX + "g")))
        store.add(ox.Quad(s, ox.NamedNode(EX + "n"), ox.Literal(str(i), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), ox.NamedNode(EX + "g")))
    return store


CASES = [
    ("SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }", {"o": Literal("v1")}),
    ('# a comment { WHERE }\nSELECT * { ?s ?p ?o FILTER(?o != "{ WHERE #") }',
     {"s": URIRef(EX + "s2")}),
    ("PREFIX ex: <http://example.org/#x>\nSELECT ?s ?o WHERE { ?s ?p ?o "
     "FILTER(?o != '''it's \"}\" ''') }", {"o": Literal("v0")}),
    ("CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }",
     {"o": Literal("v2")}),
    ("ASK { ?s <http://example.org/p> ?o }", {"o": Literal("v9")}),
    ("ASK { ?s <http://example.org/p> ?o }", {"o": Literal("v1")}),
    ("SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s <http://example.org/p> ?o } GROUP BY ?o "
     "HAVING (COUNT(?s) > 1)", {"o": Literal("v1")}),
    ("SELECT ?s ?label WHERE { ?s <http://example.org/p> ?o BIND(CONCAT('x', STR(?o)) AS "
     "?label) }", {"label": Literal("xv1")}),
    ("SELECT ?low ?s WHERE { { SELECT ?low ?s WHERE { ?s <http://example.org/n> ?n "
     "FILTER(?n >= ?low) } } }", {"low": Literal(4)}),
    ("SELECT ?s WHERE { ?s ?p ?o { SELECT ?o WHERE { ?x ?q ?o } } }", {"s": URIRef(EX + "s1")}),
    ("SELECT ?s ?o WHERE { ?s <http://example.org/n> ?n OPTIONAL { SELECT ?s ?o WHERE "
     "{ ?s <http://example.org/p> ?o } } }", {"o": Literal("v1")}),
    ("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } } UNION "
     "{ ?s <http://example.org/n> ?o } }", {"o": Literal("v2")}),
]


def _answer(result: object) -> object:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(repr([(n, s[n]) for n in names]) for s in result)
    return sorted(map(repr, result))  # type: ignore[call-overload]


@pytest.mark.parametrize(("query", "bindings"), CASES)
def test_values_blocks_answer_as_substitutions_do(data: ox.Store, query: str,
                                                  bindings: dict[str, URIRef | Literal]) -> None:
    subs = _substitutions(bindings)
    assert subs is not None
    expected = _answer(data.query(query, substitutions=subs, use_default_graph_as_union=True))
    written = with_values(query, subs)
    assert "VALUES" in written
    assert _answer(data.query(written, use_default_graph_as_union=True)) == expected


def test_every_library_query_with_its_parameters(seed_store: Store) -> None:
    """The library's own queries, every parameter bound, on the seeds."""
    backend = seed_store.backend
    for name in library.names():
        query = library.load(name)
        if not query.parameters:
            continue
        values = {p.name: {"integer": "2010", "country": "MD", "org": "frontex",
                           "project": "eubam"}.get(p.kind, "customs-service")
                  for p in query.parameters}
        subs = _substitutions(library.bind(query, values))
        assert subs is not None
        expected = _answer(backend.query(query.text, substitutions=subs,
                                         use_default_graph_as_union=True))
        got = _answer(backend.query(with_values(query.text, subs),
                                    use_default_graph_as_union=True))
        assert got == expected, name


def test_the_groups_of_a_query_with_a_subquery() -> None:
    text = ("SELECT ?a (MIN(?x) AS ?m) WHERE { ?a ?p ?x BIND(1 AS ?one) "
            "{ SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?q ?y } GROUP BY ?a } } GROUP BY ?a")
    inner, outer = groups(text)
    assert outer.projected is None and outer.assigned == {"one"} and outer.selected == {"m"}
    assert inner.projected == {"a"} and inner.selected == {"n"}
    assert text[outer.head:outer.end].strip().startswith("?a ?p ?x")
    assert text[inner.head:inner.end].strip() == "?a ?q ?y"


def test_a_subquery_joined_with_its_group_takes_the_binding_alone() -> None:
    """The group around a joined subquery that projects a bound variable gets no VALUES of
    its own for it (the subquery binds it; Virtuoso mis-joins the two); one in OPTIONAL or
    UNION does not bind it for the group, which keeps its block."""
    subs = {ox.Variable("y"): ox.Literal("1")}
    joined = with_values("SELECT ?y ?n WHERE { { SELECT ?y (COUNT(*) AS ?n) WHERE "
                         "{ ?s ?p ?y } GROUP BY ?y } ?x ?q ?n }", subs)
    assert joined.count("VALUES") == 1 and joined.index("VALUES") > joined.index("SELECT ?y (")
    for wrapper in ("OPTIONAL { SELECT ?y WHERE { ?s ?p ?y } }",
                    "{ SELECT ?y WHERE { ?s ?p ?y } } UNION { ?s ?q ?y }"):
        assert with_values(f"SELECT ?y WHERE {{ ?a ?b ?c {wrapper} }}", subs).count(
            "VALUES") == 2


def test_only_iris_and_literals_are_bound() -> None:
    with pytest.raises(ValueError, match="only IRIs and literals"):
        with_values("SELECT * { ?s ?p ?o }", {ox.Variable("s"): ox.BlankNode("b")})
    with pytest.raises(ValueError, match="no WHERE group"):
        with_values("SELECT * FROM <http://example.org/>", {ox.Variable("s"): ox.Literal("x")})

"""The one store suite that every backend passes: memory, embedded Oxigraph, the Oxigraph
server and Virtuoso (tests/store/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from borderkg.ontology import iris
from borderkg.store import Store, StoreError, Triple
from tests.store.conftest import Target

EX = "https://example.org/"
G1 = URIRef(iris.BASE + "source/test-one")
G2 = URIRef(iris.BASE + "source/test-two")
P = URIRef(EX + "p")


def s(n: int | str) -> URIRef:
    return URIRef(f"{EX}s/{n}")


TERMS: list[Literal | URIRef] = [
    Literal("plain"), Literal("Grenzschutz", lang="de"), Literal("frontières", lang="fr"),
    Literal('a "quoted" {brace} # not a comment\nnext line\ttab \\ backslash'),
    Literal("2019-06-01", datatype=XSD.date), Literal("12500.5", datatype=XSD.decimal),
    Literal("42", datatype=XSD.integer), Literal("true", datatype=XSD.boolean),
    Literal("2020-01-02T03:04:05Z", datatype=XSD.dateTime), Literal("日本 🌍"),
    URIRef("https://example.org/é/ü?q=1#frag"),
]


def committed(store: Store, changes: dict[URIRef, set[Triple] | None]) -> None:
    """Write graphs and record them as committed sources (as an ingest's log does)."""
    log = {(URIRef(EX + "run"), URIRef("http://www.w3.org/ns/prov#used"), g) for g in changes}
    store.apply({**changes, iris.INGEST_LOG_GRAPH: log})


def test_graphs_are_written_replaced_and_dropped_whole(target: Target) -> None:
    with target.open() as store:
        committed(store, {G1: {(s(1), P, Literal("a")), (s(2), P, Literal("b"))},
                          G2: {(s(3), P, Literal("c"))}})
        assert store.triples(G1) == {(s(1), P, Literal("a")), (s(2), P, Literal("b"))}
        store.apply({G1: {(s(9), P, Literal("z"))}, G2: None})
        assert store.triples(G1) == {(s(9), P, Literal("z"))}
        assert store.triples(G2) == set()
        assert store.graph_names() == sorted([G1, iris.INGEST_LOG_GRAPH])
        assert len(store) == 1 + 2  # G1 and the two log triples


def test_every_kind_of_term_reads_back_as_written(target: Target) -> None:
    triples = {(s(i), P, term) for i, term in enumerate(TERMS)}
    with target.open() as store:
        committed(store, {G1: triples})
        rows = store.select("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }")
        assert {(r[0], P, r[1]) for r in rows.rows} == triples
        assert store.triples(G1) == triples


def test_bound_variables_are_terms_in_select_ask_and_construct(target: Target) -> None:
    triples = {(s(i), P, term) for i, term in enumerate(TERMS)}
    with target.open() as store:
        committed(store, {G1: triples})
        tricky = Literal(TERMS[3])
        query = ("# a comment with { and WHERE in it\n"
                 "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o != \"}{\") "
                 "{ SELECT ?s WHERE { ?s ?x ?y } } }")
        rows = store.select(query, {"o": tricky})
        assert [r[0] for r in rows.rows] == [s(3)]
        assert store.select(query, {"o": Literal("grenzschutz", lang="de")}).rows == []
        by_iri = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": s(1)})
        assert by_iri.rows == [(s(1), TERMS[1])]
        assert bool(store.raw_query("ASK { ?s ?p ?o }", {"o": TERMS[4]}))
        assert not bool(store.raw_query("ASK { ?s ?p ?o }", {"o": Literal("2019-06-02",
                                                                         datatype=XSD.date)}))
        built = list(store.raw_query(  # type: ignore[call-overload]
            "CONSTRUCT { ?s <https://example.org/q> ?o } WHERE { ?s ?p ?o }", {"s": s(5)}))
        assert [(t.subject.value, t.object.value) for t in built] == [(str(s(5)), "12500.5")]


def test_a_failed_update_changes_nothing(target: Target) -> None:
    with target.open() as store:
        committed(store, {G1: {(s(1), P, Literal("a"))}})
        before = sorted(store.quads())
        with pytest.raises(StoreError, match="nothing was changed"):
            store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ GRAPH <{G1}> {{ <a> <b> }} }}")
        assert sorted(store.quads()) == before


def test_staged_graphs_stay_hidden_until_committed(target: Target, tmp_path: Path) -> None:
    staging = URIRef(iris.STAGING_PREFIX + "test")
    fresh = URIRef(iris.BASE + "source/not-yet-committed")
    quads = tmp_path / "staged.nq"
    quads.write_bytes(ox.serialize(
        [ox.Quad(ox.NamedNode(str(s(i))), ox.NamedNode(str(P)), ox.Literal(f"new {i}"),
                 ox.NamedNode(str(staging if i % 2 else fresh))) for i in range(6)],
        format=ox.RdfFormat.N_QUADS) or b"")
    with target.open() as store:
        committed(store, {G1: {(s(1), P, Literal("old"))}})
        visible = sorted(store.quads())
        store.stage_quads(quads)
        assert sorted(store.quads()) == visible
        assert store.graph_names() == sorted([G1, iris.INGEST_LOG_GRAPH])
        assert len(store) == len(visible)
        assert store.select("SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && "
                            "STRSTARTS(STR(?o), 'new')) }").rows == []
        assert b"new 1" not in store.dump(format=ox.RdfFormat.N_QUADS)
        with store.showing_uncommitted():
            assert len(store.triples(staging)) == 3
        log = store.triples(iris.INGEST_LOG_GRAPH) | {
            (URIRef(EX + "run"), URIRef("http://www.w3.org/ns/prov#used"), fresh)}
        store.commit(moves={G1: staging, fresh: fresh}, renames=[],
                     changes={iris.INGEST_LOG_GRAPH: log})
        assert {o for _, _, o in store.triples(G1)} == {Literal("new 1"), Literal("new 3"),
                                                        Literal("new 5")}
        assert len(store.triples(fresh)) == 3
        assert store.uncommitted() == frozenset()


def test_a_store_with_only_uncommitted_graphs_shows_nothing(target: Target,
                                                            tmp_path: Path) -> None:
    quads = tmp_path / "first.nq"
    quads.write_bytes(ox.serialize([ox.Quad(ox.NamedNode(str(s(1))), ox.NamedNode(str(P)),
                                            ox.Literal("staged"), ox.NamedNode(str(G1)))],
                                   format=ox.RdfFormat.N_QUADS) or b"")
    with target.open() as store:
        store.stage_quads(quads)  # a first ingest, not committed yet
        assert store.graph_names() == []
        assert store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows == []
        assert store.select("SELECT ?o WHERE { ?s ?p ?o }").rows == []
        assert store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                            named_graphs=[G1]).rows == []


def test_renames_and_large_graphs_commit_in_one_step(target: Target) -> None:
    big = {(s(i), P, Literal(i)) for i in range(4500)}  # larger than one server request
    with target.open() as store:
        committed(store, {G1: {(s("old"), P, s("old")), (s(1), RDF.type, s("old"))}, G2: set()})
        store.commit(moves={}, renames=[(G1, s("old"), s("new"))], changes={G2: big})
        assert store.triples(G1) == {(s("new"), P, s("new")), (s(1), RDF.type, s("new"))}
        assert store.triples(G2) == big
        with store.showing_uncommitted():
            assert not any(g.startswith(iris.STAGING_PREFIX) for g in store.graph_names())


def test_additions_keep_what_a_graph_holds_small_or_large(target: Target) -> None:
    """The ingest log grows by a run's records: added, not read and written again; on a
    server, more than one request's worth is staged and added in the same update."""
    used = URIRef("http://www.w3.org/ns/prov#used")
    with target.open() as store:
        committed(store, {G1: {(s(1), P, Literal("a"))}})
        before = store.triples(iris.INGEST_LOG_GRAPH)
        small = {(s("run-2"), used, G2)}
        store.commit(moves={}, renames=[], changes={G2: {(s(2), P, Literal("b"))}},
                     additions={iris.INGEST_LOG_GRAPH: small})
        assert store.triples(iris.INGEST_LOG_GRAPH) == before | small
        large = {(s(f"run-{i}"), used, Literal(i)) for i in range(4500)}
        store.commit(moves={}, renames=[], changes={}, additions={iris.INGEST_LOG_GRAPH: large})
        assert store.triples(iris.INGEST_LOG_GRAPH) == before | small | large
        with store.showing_uncommitted():
            assert not any(g.startswith(iris.STAGING_PREFIX) for g in store.graph_names())
        with pytest.raises(ValueError, match="either replaced or added"):
            store.commit(moves={}, renames=[], changes={G2: None}, additions={G2: small})
        assert store.triples(G2) == {(s(2), P, Literal("b"))}


def test_dump_and_quads_agree_with_what_was_written(target: Target) -> None:
    graph_one = {(s(i), P, term) for i, term in enumerate(TERMS)}
    with target.open() as store:
        committed(store, {G1: graph_one, G2: {(s(0), P, s(1))}})
        one = Graph().parse(data=store.dump(format=ox.RdfFormat.TURTLE, graph=G1),
                            format="turtle")
        expected = Graph()
        for triple in graph_one:
            expected.add(triple)
        assert isomorphic(one, expected)
        nquads = store.dump(format=ox.RdfFormat.N_QUADS)
        parsed = set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        assert parsed == set(store.ox_quads())
        assert len(store) == len(parsed) == len(graph_one) + 1 + 2  # G1, G2 and the log


def test_a_read_only_store_refuses_writes(target: Target) -> None:
    with target.open() as store:
        committed(store, {G1: {(s(1), P, Literal("a"))}})
    with target.open(read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.apply({G1: None})
        assert reader.triples(G1) == {(s(1), P, Literal("a"))}

"""Export round trips (compared by graph isomorphism) in every format, and determinism."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from borderkg.graph.export import FORMATS, export, export_ontology
from borderkg.ontology import iris
from borderkg.store import Store

RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}


def store_graph(store: Store, *, graph: URIRef | None = None) -> Graph:
    g = Graph()
    for s, p, o, name in store.quads(graph):
        if graph is not None or name != iris.INGEST_LOG_GRAPH:
            g.add((s, p, o))
    return g


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_in_another_toolkit(seed_store: Store, fmt: str) -> None:
    data = export(seed_store, fmt)
    if FORMATS[fmt][2]:
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
        named = {str(g.identifier) for g in ds.graphs() if len(g)}
        expected = {str(g) for g in seed_store.graph_names()} - {str(iris.INGEST_LOG_GRAPH)}
        assert named == expected
        union = Graph()
        for s, p, o, _ in ds.quads():
            union.add((s, p, o))
    else:
        union = Graph()
        union.parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert isomorphic(union, store_graph(seed_store))


def test_one_named_graph(seed_store: Store) -> None:
    graph = iris.source("004_bc1ca026c1a4fd5b.txt")
    g = Graph()
    g.parse(data=export(seed_store, "turtle", graph=str(graph)), format="turtle")
    assert isomorphic(g, store_graph(seed_store, graph=graph))
    assert len(g) > 100


def test_ingest_log_only_on_request(seed_store: Store) -> None:
    log = str(iris.INGEST_LOG_GRAPH).encode()
    assert log not in export(seed_store, "nquads")
    assert log in export(seed_store, "nquads", include_ingest_log=True)


def test_output_is_byte_identical(seed_store: Store) -> None:
    for fmt in FORMATS:
        assert export(seed_store, fmt) == export(seed_store, fmt)


def test_ontology_export() -> None:
    g = Graph()
    g.parse(data=export_ontology("turtle"), format="turtle")
    h = Graph()
    h.parse(data=export_ontology("xml"), format="xml")
    assert isomorphic(g, h)
    assert (URIRef("https://w3id.org/borderkg/ontology#Project"), None, None) in g


def test_unknown_format(seed_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export(seed_store, "csv")

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
        if graph is not None or not iris.is_ingest_log(str(name)):
            g.add((s, p, o))
    return g


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_in_another_toolkit(seed_store: Store, fmt: str) -> None:
    data = export(seed_store, fmt)
    if FORMATS[fmt][2]:
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
        named = {str(g.identifier) for g in ds.graphs() if len(g)}
        expected = {str(g) for g in seed_store.graph_names() if not iris.is_ingest_log(str(g))}
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
    """The log lists the run; the run's records (one per source, in a graph of their own) go
    with it."""
    records = f"<{iris.INGEST_RECORDS_PREFIX}".encode()
    used = "<http://www.w3.org/ns/prov#used>"
    plain = export(seed_store, "nquads")
    assert str(iris.INGEST_LOG_GRAPH).encode() not in plain
    assert records not in plain
    full = export(seed_store, "nquads", include_ingest_log=True).decode()
    assert f"<{iris.INGEST_LOG_GRAPH}> .\n" in full
    record_lines = [line for line in full.splitlines() if line.endswith(
        tuple(f"<{g}> ." for g in seed_store.graph_names() if iris.is_ingest_records(str(g))))]
    assert sum(used in line for line in record_lines) == len(
        [g for g in seed_store.graph_names() if iris.is_source_graph(str(g))])


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

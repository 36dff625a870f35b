"""SHACL validation finds the seed graph conforming and reports what is wrong with bad data."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from borderkg.graph.validate import validate
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.pipeline.ingest import ingest
from borderkg.store import Store
from tests.conftest import PAGES


def test_seed_graph_conforms(seed_store: Store) -> None:
    report = validate(seed_store, owl=False)
    assert report.conforms and report.violations == []


def test_violations_are_reported(store: Store) -> None:
    ingest(store, [PAGES / "idf_dash_en.txt"])
    project = iris.project("iom-qu8-805")
    graph = iris.source("idf_dash_en.txt")
    triples = store.triples(graph)
    triples |= {(project, BKG.startDate, Literal("next spring")),
                (project, BKG.iomProjectId, Literal("not an id"))}
    amount = next(s for s, p, o in triples if p == BKG.currency)
    triples = {t for t in triples if t[1] != BKG.currency} | {(amount, BKG.currency, Literal("euros"))}
    triples.add((amount, BKG.amount, Literal("-5", datatype=XSD.decimal)))
    store.apply({graph: triples})  # type: ignore[dict-item]
    report = validate(store, owl=False)
    assert not report.conforms and not report.ok
    paths = {(v.focus, v.path) for v in report.violations}
    assert (str(project), str(BKG.startDate)) in paths
    assert (str(project), str(BKG.iomProjectId)) in paths
    assert (str(amount), str(BKG.currency)) in paths
    assert (str(amount), str(BKG.amount)) in paths  # two amounts, one negative
    assert all(isinstance(URIRef(v.focus), URIRef) for v in report.violations)

"""HermiT (through owlready2) finds the ontology and the seed graph consistent, and finds a
contradiction when there is one."""

from __future__ import annotations

import os
import shutil

import pyoxigraph as ox
import pytest

from borderkg.ontology import iris
from borderkg.ontology.reasoning import check_consistency
from borderkg.store import Store

# Skipped on a machine without Java, never in CI (which installs it): there it must run.
pytestmark = pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"),
                                reason="HermiT needs Java (.ci/run installs default-jre-headless)")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BKG = "https://w3id.org/borderkg/ontology#"


def test_ontology_alone_is_consistent() -> None:
    report = check_consistency()
    assert report.consistent, report.message


def test_seed_graph_is_consistent(seed_store: Store) -> None:
    report = check_consistency(seed_store.ox_quads())
    assert report.consistent, report.message
    assert report.statements > 2000


def test_contradiction_is_found(seed_store: Store) -> None:
    project = ox.NamedNode(str(iris.project("iom-t75-805")))
    bad = ox.Quad(project, RDF_TYPE, ox.NamedNode(BKG + "Organisation"), ox.NamedNode("urn:x:g"))
    report = check_consistency([*seed_store.ox_quads(), bad])
    assert not report.consistent


def test_functional_property_clash_is_found(seed_store: Store) -> None:
    part = next(q.subject for q in seed_store.ox_quads()
                if q.predicate.value == BKG + "participant")
    other = ox.NamedNode(str(iris.country("UA")))  # a country is no organisation
    bad = ox.Quad(part, ox.NamedNode(BKG + "participant"), other, ox.NamedNode("urn:x:g"))
    assert not check_consistency([*seed_store.ox_quads(), bad]).consistent

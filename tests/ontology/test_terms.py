"""The ontology is the one source of terms: terms.py matches it, every term is documented,
typed, given a domain/range where it is a property, and aligned to the W3C vocabularies."""

from __future__ import annotations

from importlib import resources

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from borderkg.ontology.terms import BKG

NS = "https://w3id.org/borderkg/ontology#"
ALIGNED_TO = ("http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
              "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#",
              "https://schema.org/")


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(data=resources.files("borderkg.ontology").joinpath("borderkg.ttl").read_text("utf-8"),
            format="turtle")
    return g


def own_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_terms_module_matches_the_ontology(onto: Graph) -> None:
    declared = {str(t)[len(NS):] for t in own_terms(onto)}
    in_module = set(BKG.__annotations__)
    assert declared == in_module
    with pytest.raises(AttributeError):
        BKG.notATerm  # noqa: B018  (a typo in a term name fails at once)


def test_every_term_has_label_and_definition(onto: Graph) -> None:
    for term in own_terms(onto):
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, SKOS.definition) is not None, term


def test_properties_have_domain_and_range(onto: Graph) -> None:
    exempt = {BKG.identifier, BKG.asWritten}  # generic: used on resources of every kind
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in onto.subjects(RDF.type, kind):
            if not str(prop).startswith(NS):
                continue
            has_domain = onto.value(prop, RDFS.domain) is not None
            has_range = onto.value(prop, RDFS.range) is not None
            assert has_range or prop == BKG.evidenceFor, prop
            assert has_domain or prop in exempt, prop


def test_alignment_to_w3c_vocabularies(onto: Graph) -> None:
    targets = {str(o) for t in own_terms(onto)
               for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in onto.objects(t, p)}
    for ns in ALIGNED_TO:
        assert any(t.startswith(ns) for t in targets), ns
    assert (BKG.Organisation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (BKG.Participation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Association")) in onto

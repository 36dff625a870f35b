"""The reference graph: Wikidata items, dated names and successors of reference entities."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from borderkg.graph.reference import country_triples, organisation_triples
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.reference.wikidata import _items

WD = "http://www.wikidata.org/entity/"


def graph(triples: set[tuple[object, object, object]]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


def test_countries_and_organisations_carry_their_wikidata_item() -> None:
    assert (iris.country("DE"), SKOS.exactMatch, URIRef(WD + "Q183")) in country_triples("DE")
    assert (iris.country("CSXX"), SKOS.exactMatch, URIRef(WD + "Q37024")) in \
        country_triples("CSXX")
    assert (iris.org("european-union"), SKOS.exactMatch, URIRef(WD + "Q458")) in \
        organisation_triples("european-union")
    # an unchecked entity gets no guess
    assert not any(p == SKOS.exactMatch for _, p, _ in organisation_triples("eubam"))


def test_wikidata_items_are_well_formed_and_unique() -> None:
    for group in _items().values():
        assert all(iris.wikidata(q) for q in group.values())
        assert len(set(group.values())) == len(group)


def test_a_renamed_body_is_one_node_with_dated_names() -> None:
    g = graph(organisation_triples("dg-intpa"))
    names = {str(g.value(n, RDFS.label)): n for n in g.objects(iris.org("dg-intpa"),
                                                              BKG.hasDatedName)}
    assert set(names) == {"DG DEVCO", "DG INTPA"}
    devco, intpa = names["DG DEVCO"], names["DG INTPA"]
    assert (devco, RDF.type, BKG.DatedName) in g
    assert g.value(devco, BKG.validUntil) == Literal("2021-01-15", datatype=XSD.date)
    assert g.value(intpa, BKG.validFrom) == Literal("2021-01-16", datatype=XSD.date)
    assert g.value(intpa, BKG.validUntil) is None
    # DFID is a different body that FCDO succeeded: linked, not merged
    assert (iris.org("dfid"), BKG.successorOrganisation, iris.org("fcdo")) in \
        organisation_triples("dfid")

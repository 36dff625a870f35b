"""SKOS schemes: roles and statuses carry the IATI codes, checked against the official
codelists on hand; organisation kinds name their OWL class."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from borderkg.ontology.terms import BKG
from borderkg.ontology.vocab import concepts_graph, lookup_concept
from tests.conftest import IATI, need_shared

CONCEPT = "https://w3id.org/borderkg/id/concept/"


def codelist(name: str) -> dict[str, str]:
    root = ET.parse(need_shared(IATI / "codelists" / f"{name}.xml")).getroot()
    return {item.findtext("code") or "": item.findtext("name/narrative") or ""
            for item in root.iter("codelist-item")}


def test_iati_codes_match_the_official_codelists() -> None:
    g = concepts_graph()
    for scheme, name in (("role", "OrganisationRole"), ("status", "ActivityStatus")):
        official = codelist(name)
        ours = {str(g.value(c, BKG.iatiCode)): str(g.value(c, SKOS.prefLabel))
                for c in g.subjects(SKOS.inScheme, URIRef(CONCEPT + scheme))
                if g.value(c, BKG.iatiCode) is not None}
        assert set(ours) == set(official), scheme
        for code, label in ours.items():
            english = [str(lbl) for lbl in g.objects(URIRef(_concept(g, scheme, code)), SKOS.prefLabel)
                       if lbl.language == "en"]  # type: ignore[attr-defined]
            assert english == [official[code].lower()], (scheme, code, label)


def _concept(g: object, scheme: str, code: str) -> str:
    graph = concepts_graph()
    for c in graph.subjects(BKG.iatiCode, None):
        if str(graph.value(c, BKG.iatiCode)) == code and str(c).startswith(CONCEPT + scheme + "/"):
            return str(c)
    raise KeyError(code)


def test_organisation_types_exist_in_the_codelist() -> None:
    official = codelist("OrganisationType")
    g = concepts_graph()
    for c in g.subjects(RDF.type, BKG.OrganisationKind):
        assert str(g.value(c, BKG.iatiCode)) in official, c
        assert g.value(c, BKG.kindClass) is not None, c


def test_page_words_map_to_concepts() -> None:
    assert lookup_concept("status", "Completed") == "closed"
    assert lookup_concept("status", "Achevé") == "closed"
    assert lookup_concept("status", "Finalizado") == "closed"
    assert lookup_concept("status", "Ongoing") == "implementation"
    assert lookup_concept("project-type", "TCMMCB") == "tcmmcb"
    assert lookup_concept("project-type", "Inmigración y fronteras") == "immigration-and-borders"
    assert lookup_concept("coverage", "Nationale") == "national"
    assert lookup_concept("idf-region", "Asie et Océanie") == "asia-oceania"
    assert lookup_concept("status", "Unheard of") is None

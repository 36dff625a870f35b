"""Look-ups in the SKOS schemes of concepts.ttl: written value -> concept code.

The loaders and the builder map words such as 'Completed', 'Achevé' or 'Regional' to concepts
through the labels of concepts.ttl, so that a new spelling is added there, not in code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from borderkg.ontology.iris import BASE
from borderkg.ontology.terms import BKG
from borderkg.textnorm import normalise_name


@cache
def concepts_graph() -> Graph:
    """concepts.ttl, parsed once."""
    g = Graph()
    g.parse(data=resources.files("borderkg.ontology").joinpath("concepts.ttl").read_text("utf-8"),
            format="turtle")
    return g


@cache
def ontology_text() -> str:
    """borderkg.ttl as text."""
    return resources.files("borderkg.ontology").joinpath("borderkg.ttl").read_text("utf-8")


@cache
def concept_index(scheme: str) -> dict[str, str]:
    """Normalised labels and notations of a scheme's concepts -> concept code."""
    g = concepts_graph()
    scheme_iri = URIRef(f"{BASE}concept/{scheme}")
    index: dict[str, str] = {}
    for concept in sorted(g.subjects(SKOS.inScheme, scheme_iri), key=str):
        code = str(concept).rsplit("/", 1)[1]
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
            for label in g.objects(concept, prop):
                index.setdefault(normalise_name(str(label)), code)
    return index


def lookup_concept(scheme: str, written: str) -> str | None:
    """The code of the concept of `scheme` whose label is `written`, if any."""
    return concept_index(scheme).get(normalise_name(written))


@cache
def kind_class(kind: str) -> URIRef:
    """The OWL class of organisations of an organisation kind (bkg:kindClass in concepts.ttl)."""
    g = concepts_graph()
    value = g.value(URIRef(f"{BASE}concept/org-kind/{kind}"), BKG.kindClass)
    if not isinstance(value, URIRef):
        raise KeyError(f"unknown organisation kind {kind!r}")
    return value

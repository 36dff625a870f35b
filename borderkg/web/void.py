"""The VoID and DCAT description of a served store (/.well-known/void): what the dataset
holds (triples, classes with their sizes and an example each, one subset per source with its
file and size), where to query it and which vocabulary it uses. Pure: rows in, triples out."""

from __future__ import annotations

import pyoxigraph as ox

from borderkg.store import Rows

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
BASE = "https://w3id.org/borderkg/"
PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCTERMS, "bkg": BASE + "ontology#"}
# Licences are not stated in the sources (IATI files and IOM pages carry none); each subset
# says so rather than guess, so that users check the publisher's terms.
RIGHTS = "The source states no licence; see its publisher's terms of use."


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def void_triples(endpoint: str, graphs: Rows, classes: Rows) -> list[ox.Triple]:
    """The description, from void-graphs.rq (graph, file, triples) and void-examples.rq
    (class, entities, example)."""
    dataset = _n(endpoint.rsplit("/", 1)[0] + "/.well-known/void#dataset")
    t: list[ox.Triple] = [
        ox.Triple(dataset, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(dataset, RDF_TYPE, _n(DCAT + "Dataset")),
        ox.Triple(dataset, _n(DCTERMS + "title"), ox.Literal("BorderKG", language="en")),
        ox.Triple(dataset, _n(DCTERMS + "description"), ox.Literal(
            "Who funds, implements and partners in border-management cooperation: projects, "
            "organisations, countries, events, money and the sources of every fact.",
            language="en")),
        ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(endpoint)),
        ox.Triple(dataset, _n(VOID + "uriSpace"), ox.Literal(BASE + "id/")),
        ox.Triple(dataset, _n(VOID + "vocabulary"), _n(BASE + "ontology#")),
        ox.Triple(dataset, _n(VOID + "feature"),
                  _n("http://www.w3.org/ns/formats/Turtle")),
    ]
    total = 0
    for graph, file, triples in graphs.ox_terms():
        if not isinstance(graph, ox.NamedNode) or not isinstance(triples, ox.Literal):
            continue
        size = int(triples.value)
        total += size
        subset = _n(graph.value)
        t += [ox.Triple(dataset, _n(VOID + "subset"), subset),
              ox.Triple(subset, RDF_TYPE, _n(VOID + "Dataset")),
              ox.Triple(subset, _n(VOID + "triples"), _count(size))]
        if isinstance(file, ox.Literal):  # a source graph: its file and what we know of rights
            t += [ox.Triple(subset, _n(DCTERMS + "source"), file),
                  ox.Triple(subset, _n(DCTERMS + "rights"), ox.Literal(RIGHTS, language="en"))]
    t.append(ox.Triple(dataset, _n(VOID + "triples"), _count(total)))
    for i, (cls, entities, example) in enumerate(classes.ox_terms()):
        if not isinstance(cls, ox.NamedNode) or not isinstance(entities, ox.Literal):
            continue
        part = ox.BlankNode(f"class{i}")
        t += [ox.Triple(dataset, _n(VOID + "classPartition"), part),
              ox.Triple(part, _n(VOID + "class"), cls),
              ox.Triple(part, _n(VOID + "entities"), _count(int(entities.value)))]
        if isinstance(example, ox.Literal):
            t.append(ox.Triple(dataset, _n(VOID + "exampleResource"), _n(example.value)))
    return sorted(t, key=lambda x: (str(x.subject), str(x.predicate), str(x.object)))

"""Export the store (or one named graph, or the ontology) as Turtle, N-Triples, N-Quads, TriG,
JSON-LD or RDF/XML.

Output is deterministic: statements are sorted before Oxigraph serialises them, so the same
data gives byte-identical files. The ingest log (which records when files were ingested) is
left out unless asked for, since it is the one graph that changes with the clock.
"""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox

from borderkg.ontology import iris
from borderkg.store import Store

FORMATS: dict[str, tuple[ox.RdfFormat, str, bool]] = {
    # name: (Oxigraph format, file suffix, keeps named graphs)
    "turtle": (ox.RdfFormat.TURTLE, ".ttl", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt", False),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq", True),
    "trig": (ox.RdfFormat.TRIG, ".trig", True),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld", True),
    "xml": (ox.RdfFormat.RDF_XML, ".rdf", False),
}
PREFIXES = {
    "bkg": "https://w3id.org/borderkg/ontology#",
    "project": iris.BASE + "project/",
    "organisation": iris.BASE + "org/",
    "country": iris.BASE + "country/",
    "event": iris.BASE + "event/",
    "source": iris.BASE + "source/",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def format_of(name: str) -> ox.RdfFormat:
    """The Oxigraph format of an export format name."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[name][0]


def export(store: Store, fmt: str, *, graph: str | None = None,
           include_ingest_log: bool = False) -> bytes:
    """The store (or one named graph) serialised in a format, deterministically."""
    rdf_format = format_of(fmt)
    keeps_graphs = FORMATS[fmt][2]
    quads = store.ox_quads(graph)
    if graph is None and not include_ingest_log:
        quads = [q for q in quads if not (isinstance(q.graph_name, ox.NamedNode)
                                          and iris.is_ingest_log(q.graph_name.value))]
    quads = canonical_blank_nodes(quads)
    if keeps_graphs:
        items: list[ox.Quad] | list[ox.Triple] = sorted(quads, key=_quad_key)
    else:
        unique = {str(q.triple): q.triple for q in quads}
        items = [unique[k] for k in sorted(unique)]
    prefixes = None if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIXES
    return ox.serialize(items, format=rdf_format, prefixes=prefixes) or b""


def export_ontology(fmt: str = "turtle") -> bytes:
    """The ontology on its own (borderkg.ttl), in any export format."""
    text = resources.files("borderkg.ontology").joinpath("borderkg.ttl").read_bytes()
    if fmt == "turtle":
        return text
    triples = sorted(canonical_blank_nodes(list(ox.parse(text, format=ox.RdfFormat.TURTLE))),
                     key=str)
    items = [q.triple for q in triples]
    rdf_format = format_of(fmt)
    prefixes = None if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIXES
    if FORMATS[fmt][2]:
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    return ox.serialize(items, format=rdf_format, prefixes=prefixes) or b""


def canonical_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Quads whose blank nodes (OWL lists of the ontology) carry RDFC-1.0 canonical labels,
    so that the same data always serialises the same way."""
    if not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        return quads
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset)


def _quad_key(q: ox.Quad) -> tuple[str, str]:
    return (str(q.graph_name), str(q.triple))

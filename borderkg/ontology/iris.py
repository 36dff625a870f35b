"""All IRI minting for BorderKG data: the one place that turns keys into IRIs.

Keys are deterministic and independent of ingestion order: an external identifier where one
exists, else a slug of the canonical name; nodes without a natural key (participations,
amounts, evidence) get a short hash of the facts that identify them.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from borderkg.textnorm import slugify

BASE = "https://w3id.org/borderkg/id/"

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
CONCEPTS_GRAPH = URIRef(BASE + "graph/concepts")
REFERENCE_GRAPH = URIRef(BASE + "graph/reference")
RESOLUTION_GRAPH = URIRef(BASE + "graph/resolution")
CURATION_GRAPH = URIRef(BASE + "graph/curation")
CODELISTS_GRAPH = URIRef(BASE + "graph/codelists")
INGEST_LOG_GRAPH = URIRef(BASE + "graph/ingest-log")  # the committed runs
# A run's ingest records (one bkg:Ingest per source) are bulk-loaded into a graph of their own
# under this prefix, and count once the ingest log lists the run.
INGEST_RECORDS_PREFIX = str(INGEST_LOG_GRAPH) + "/"
# Where a changed source waits until its ingest commits (never visible to readers).
STAGING_PREFIX = BASE + "graph/staging/"
SOFTWARE_AGENT = URIRef(BASE + "agent/borderkg")


def analysis_graph(kind: str) -> URIRef:
    """The named graph of the network measures of one projection."""
    return URIRef(f"{BASE}graph/analysis/{slugify(kind)}")


def digest(*parts: str, length: int = 16) -> str:
    """A short, stable hash of the parts (joined with a separator no text contains)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


SOURCE_PREFIX = BASE + "source/"


def is_source_graph(graph: str) -> bool:
    """True for the named graph of a source document."""
    return graph.startswith(SOURCE_PREFIX)


def is_ingest_log(graph: str) -> bool:
    """True for the ingest log and the graphs of its runs' records (they change with the
    clock: exports leave them out unless asked)."""
    return graph == str(INGEST_LOG_GRAPH) or is_ingest_records(graph)


def is_ingest_records(graph: str) -> bool:
    """True for the graph of one run's ingest records."""
    return graph.startswith(INGEST_RECORDS_PREFIX)


def key_of(iri: str) -> str:
    """The key part of a data IRI (what follows its kind)."""
    return iri.rsplit("/", 1)[1]


def _iri(kind: str, key: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{key}")


def project_key(*, iom_project_id: str | None = None, iati_identifier: str | None = None,
                title: str | None = None, year: str | None = None,
                derived_label: str | None = None) -> str:
    """The key of one source's description of a project (a 'mention').

    An IOM project id wins over an IATI identifier, which wins over title (+ start year); a
    description with none of these is keyed by its derived label.
    """
    if iom_project_id:
        return "iom-" + slugify(iom_project_id)
    if iati_identifier:
        return "iati-" + slugify(iati_identifier, max_length=120)
    if title:
        base = slugify(title)
        return f"{base}-{year}" if year else base
    return slugify(derived_label or "untitled project")


def project(key: str) -> URIRef:
    return _iri("project", key)


def org(key: str) -> URIRef:
    return _iri("org", key)


def dated_name(key: str, name: str) -> URIRef:
    """A name that reference organisation `key` bore for a period."""
    return _iri("org", f"{key}/name/{slugify(name)}")


WIKIDATA = "http://www.wikidata.org/entity/"


def wikidata(qid: str) -> URIRef:
    """The Wikidata item of a country or organisation ('Q458')."""
    if not (qid[:1] == "Q" and qid[1:].isdigit()):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    return URIRef(WIKIDATA + qid)


def country(code: str) -> URIRef:
    """ISO 3166-1 alpha-2 code, or the ISO 3166-3 four-letter code of a former country."""
    return _iri("country", code.upper())


def event(key: str) -> URIRef:
    return _iri("event", key)


def source(file_name: str) -> URIRef:
    return _iri("source", slugify(file_name, max_length=120))


def person(name: str) -> URIRef:
    return _iri("person", slugify(name))


def concept(scheme: str, code: str) -> URIRef:
    return _iri(f"concept/{scheme}", code)


def participation(source_iri: str, subject_key: str, role: str, org_iri: str) -> URIRef:
    return _iri("participation", digest(source_iri, subject_key, role, org_iri))


def amount(source_iri: str, subject_key: str, written: str) -> URIRef:
    return _iri("amount", digest(source_iri, subject_key, written))


def transaction(source_iri: str, subject_key: str, index: str) -> URIRef:
    return _iri("transaction", digest(source_iri, subject_key, index))


def share(source_iri: str, subject_key: str, kind: str, target: str) -> URIRef:
    return _iri("share", digest(source_iri, subject_key, kind, target))


def location(source_iri: str, subject_key: str, index: str) -> URIRef:
    return _iri("location", digest(source_iri, subject_key, index))


def mention(source_iri: str, org_iri: str, role: str) -> URIRef:
    return _iri("mention", digest(source_iri, org_iri, role))


def evidence(source_iri: str, subject: str, field: str, quote: str) -> URIRef:
    return _iri("evidence", digest(source_iri, subject, field, quote))


def unresolved_name(source_iri: str, field: str, name: str) -> URIRef:
    return _iri("unresolved", digest(source_iri, field, name))


def ingest(source_iri: str, content_hash: str) -> URIRef:
    return _iri("ingest", digest(source_iri, content_hash))


def ingest_run(when: str, attempt: int) -> tuple[URIRef, URIRef]:
    """An ingest run that ended at `when` (the `attempt`-th of that second): its IRI and the
    graph of its records."""
    key = digest(when, str(attempt))
    return _iri("ingest-run", key), URIRef(INGEST_RECORDS_PREFIX + key)


def match(rule: str, *keys: str) -> URIRef:
    return _iri("match", digest(rule, *sorted(keys)))

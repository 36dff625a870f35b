"""Ingest: files -> records -> graphs -> one atomic write to the store.

Each source becomes one named graph. An unchanged file (same SHA-256) is skipped; a changed
file replaces its graph. After the new graphs are built, project matching runs over every
mention in the store, merged mentions are renamed to one project IRI, and the resolution and
reference graphs are rebuilt. All of it is written in one update: a failure leaves the store
as it was. Bad files are reported (file, field or line, reason) and skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from borderkg import __version__
from borderkg.graph.build import SourceInfo, build_document
from borderkg.graph.reference import reference_triples, used_entities
from borderkg.graph.store import Rows, Store, Triple
from borderkg.loaders.records import Problem
from borderkg.loaders.registry import TEXT_SUFFIXES, LoadError, read_file
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.queries import library
from borderkg.resolve.projects import Mention, Resolution, resolve_projects, start_year


@dataclass
class FileReport:
    """What happened to one file."""

    path: str
    status: str  # added | replaced | unchanged | failed
    template: str | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    triples: int = 0


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: list[FileReport] = field(default_factory=list)
    resolution: Resolution | None = None

    @property
    def loaded(self) -> list[FileReport]:
        return [f for f in self.files if f.status in ("added", "replaced", "unchanged")]

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]


def discover(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: files as given, folders searched recursively, hidden files skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return found


def ontology_graphs() -> dict[URIRef, set[Triple]]:
    """The ontology and the concept schemes as the graphs they are stored in."""
    out: dict[URIRef, set[Triple]] = {}
    files = ((iris.ONTOLOGY_GRAPH, "borderkg.ttl"), (iris.CONCEPTS_GRAPH, "concepts.ttl"))
    for graph, name in files:
        g = Graph()
        g.parse(data=resources.files("borderkg.ontology").joinpath(name).read_text("utf-8"),
                format="turtle")
        out[graph] = set(g)
    return out


def ingest(store: Store, paths: Sequence[Path], *, curation: Path | None = None,
           on_file: Callable[[FileReport], None] | None = None,
           now: datetime | None = None) -> IngestReport:
    """Ingest files and folders into the store (see the module docstring)."""
    report = IngestReport()
    hashes = {str(r[0]): str(r[1]) for r in store.select(
        "PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
        "SELECT ?s ?h WHERE { GRAPH ?s { ?s bkg:contentHash ?h } }").rows}
    new_graphs: dict[URIRef, set[Triple]] = {}
    log: set[Triple] = set()
    when = Literal((now or datetime.now(UTC)).isoformat(timespec="seconds"),
                   datatype=XSD.dateTime)
    for path in discover(paths):
        file_report = _ingest_file(path, hashes, new_graphs, log, when)
        report.files.append(file_report)
        if on_file is not None:
            on_file(file_report)
    curation_triples = read_curation(curation) if curation is not None else None
    if not new_graphs and curation_triples is None:
        return report
    changes, report.resolution = consolidate(store, new_graphs, curation_triples)
    changes.update(ontology_graphs())
    changes[iris.INGEST_LOG_GRAPH] = store.triples(iris.INGEST_LOG_GRAPH) | log
    store.apply(changes)
    return report


def _ingest_file(path: Path, hashes: dict[str, str], new_graphs: dict[URIRef, set[Triple]],
                 log: set[Triple], when: Literal) -> FileReport:
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return FileReport(str(path), "failed", error=f"unsupported file type {path.suffix!r}")
    try:
        data, loader, doc = read_file(path)
    except LoadError as exc:
        return FileReport(str(path), "failed", error=exc.reason)
    src = SourceInfo(file_name=path.name, content_hash=hashlib.sha256(data).hexdigest())
    if hashes.get(str(src.iri)) == src.content_hash:
        return FileReport(str(path), "unchanged", template=doc.template)
    if not doc.projects and not doc.events:
        reason = "; ".join(p.reason for p in doc.problems) or "no project or event found"
        return FileReport(str(path), "failed", template=doc.template, problems=doc.problems,
                          error=reason)
    if src.iri in new_graphs:
        return FileReport(str(path), "failed", error=f"another file named {path.name} was "
                          "given in this run; source graphs are named after the file name")
    built = build_document(doc, src)
    new_graphs[src.iri] = built.triples
    activity = iris.ingest(str(src.iri), src.content_hash)
    log.update({
        (activity, RDF.type, BKG.Ingest), (activity, PROV.used, src.iri),
        (activity, PROV.endedAtTime, when),
        (activity, BKG.loader, Literal(f"{loader.module} {__version__}")),
        (activity, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT),
    })
    status = "replaced" if str(src.iri) in hashes else "added"
    return FileReport(str(path), status, template=doc.template, problems=built.problems,
                      triples=len(built.triples))


def read_curation(path: Path) -> set[Triple]:
    """A curation file (YAML: merge: [[a, b], ...], veto: [[a, b], ...]) as curation triples.

    Projects are named by mention key or project IRI."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    out: set[Triple] = set()
    for rule in ("merge", "veto"):
        for pair in data.get(rule, []) or []:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError(f"{path}: each {rule} entry must be a pair of projects")
            keys = [iris.key_of(str(p)) if "/" in str(p) else str(p) for p in pair]
            d = iris.match(f"curation-{rule}", *keys)
            out.add((d, RDF.type, BKG.ProjectMatch))
            out.add((d, BKG.matchRule, Literal(f"curation-{rule}")))
            out |= {(d, BKG.mentionKey, Literal(k)) for k in keys}
    return out


def _mentions(rows: Rows) -> list[tuple[str, Mention]]:
    out = []
    for r in rows.dicts():
        out.append((str(r["project"]), Mention(
            graph=str(r["graph"]), key=str(r["key"]),
            title=str(r["title"]) if r["title"] else None,
            label=str(r["label"]) if r["label"] else None,
            start_year=start_year(str(r["start"]) if r["start"] else None),
            ids=frozenset(x for x in str(r["ids"] or "").split("|") if x),
            countries=frozenset(str(r["countries"] or "").split()),
            orgs=frozenset(str(r["orgs"] or "").split()),
            description=str(r["description"]) if r["description"] else None,
        )))
    return out


def consolidate(store: Store, new_graphs: dict[URIRef, set[Triple]],
                curation: set[Triple] | None = None
                ) -> tuple[dict[URIRef, set[Triple] | None], Resolution]:
    """The graph changes that project matching implies, with the stored graphs minus those
    being replaced plus the new ones: renamed mentions, the resolution and reference graphs."""
    kept = [g for g in store.graph_names() if iris.is_source_graph(str(g)) and g not in new_graphs]
    features = library.load("mention-features", internal=True).text
    staged = Store(ox.Store(), spec="memory")
    staged.apply(new_graphs)
    mentions = _mentions(store.select(features, named_graphs=kept)) + \
        _mentions(staged.select(features))
    if curation is not None:
        staged.apply({iris.CURATION_GRAPH: curation})
        decisions = staged.select(library.load("curation", internal=True).text)
    else:
        decisions = store.select(library.load("curation", internal=True).text)
    pairs: dict[str, list[str]] = {}
    rules: dict[str, str] = {}
    for d in decisions.dicts():
        pairs.setdefault(str(d["decision"]), []).append(str(d["key"]))
        rules[str(d["decision"])] = str(d["rule"])
    merges = [(k[0], k[1]) for d, k in pairs.items()
              if rules[d] == "curation-merge" and len(k) == 2]
    vetoes = [(k[0], k[1]) for d, k in pairs.items()
              if rules[d] == "curation-veto" and len(k) == 2]
    resolution = resolve_projects((m for _, m in mentions), merges=merges, vetoes=vetoes)

    renames: dict[URIRef, dict[Node, Node]] = {}
    for project, m in mentions:
        target = iris.project(resolution.canonical[m.key])
        if URIRef(project) != target:
            renames.setdefault(URIRef(m.graph), {})[URIRef(project)] = target
    changes: dict[URIRef, set[Triple] | None] = {}
    for graph in sorted(set(new_graphs) | set(renames)):
        triples = new_graphs[graph] if graph in new_graphs else store.triples(graph)
        mapping = renames.get(graph, {})
        changes[graph] = {(mapping.get(s, s), p, mapping.get(o, o)) for s, p, o in triples}
    used = {str(r[0]) for r in store.select(
        library.load("used-entities", internal=True).text, named_graphs=kept).rows}
    for triples in new_graphs.values():
        used |= used_entities(triples)
    changes[iris.REFERENCE_GRAPH] = reference_triples(used)
    changes[iris.RESOLUTION_GRAPH] = resolution_triples(resolution)
    if curation is not None:
        changes[iris.CURATION_GRAPH] = curation
    return changes, resolution


def resolution_triples(resolution: Resolution) -> set[Triple]:
    """The resolution graph: every merge and candidate with its rule, score and projects."""
    out: set[Triple] = set()
    for d in resolution.decisions:
        node = iris.match(d.rule, *d.keys)
        kind = BKG.ProjectMerge if d.decision == "merged" else BKG.MatchCandidate
        out.add((node, RDF.type, kind if d.decision != "vetoed" else BKG.ProjectMatch))
        out.add((node, BKG.matchRule, Literal(d.rule if d.decision != "vetoed"
                                              else f"{d.rule} (vetoed)")))
        out.add((node, BKG.matchScore, Literal(f"{d.score:.3f}", datatype=XSD.decimal)))
        for key in d.keys:
            out.add((node, BKG.mentionKey, Literal(key)))
            out.add((node, BKG.matchedProject, iris.project(resolution.canonical[key])))
    return out

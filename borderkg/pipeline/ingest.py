"""Ingest, the only orchestrator: files -> records -> graphs -> staged -> matched -> one atomic
write to the store.

Each source becomes one named graph. An unchanged file (same SHA-256) is skipped; a changed
file replaces its graph. New graphs are loaded first (a new source under its own name, a
changed one in a staging graph), with the record of each source's ingest in a graph of the
run's own, and the matching features of their projects are collected as they are built;
project matching runs over every mention while the last loads run, and one update moves
staging graphs over the graphs they replace, renames merged mentions to one project IRI,
rebuilds the resolution and reference graphs and lists the run in the ingest log. A failure
drops what was loaded and leaves the store as it was; what a crash leaves (staging graphs,
source and record graphs of a run the ingest log does not list) is dropped by the next
ingest. Bad files are reported (file, field or line, reason) and skipped.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from multiprocessing.context import BaseContext
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from borderkg import __version__
from borderkg.graph.build import SourceInfo, StreamGraph, build_document
from borderkg.graph.build_iati import build_activity, iati_concept
from borderkg.graph.features import (
    PREDICATES,
    FeatureCollector,
    StagedFeatures,
)
from borderkg.loaders.codelists import CodelistError, read_codelist
from borderkg.loaders.curation import read_curation_file
from borderkg.loaders.records import Problem
from borderkg.loaders.registry import (
    TEXT_SUFFIXES,
    LoadError,
    StreamLoader,
    read_bytes,
    read_page,
    stream_loader,
)
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.pipeline.consolidate import consolidate, curation_triples, match_projects
from borderkg.pipeline.staging import StagingBatch, drop_uncommitted, staging_graph
from borderkg.resolve.projects import Mention, Resolution
from borderkg.sandbox import no_network
from borderkg.store import Store, Triple
from borderkg.store.terms import to_rdflib
from borderkg.textnorm import slugify


@dataclass
class FileReport:
    """What happened to one file."""

    path: str
    status: str  # added | replaced | unchanged | failed
    template: str | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    triples: int = 0
    activities: int = 0


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
    """The files to ingest: files as given, folders searched recursively (in the order of
    their paths' parts; symbolic links to folders are not followed), hidden files and folders
    skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside: list[tuple[tuple[str, ...], str]] = []
            _walk(path, (), inside)
            found += [Path(p) for _, p in sorted(inside)]
        else:
            found.append(path)
    return found


def _walk(folder: Path | str, parts: tuple[str, ...],
          into: list[tuple[tuple[str, ...], str]]) -> None:
    """The files under a folder, as (parts below the top folder, path): os.scandir reads the
    file types with the names (a third of the time of Path.rglob with a stat per file)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, (*parts, entry.name), into)
            elif entry.is_file():
                into.append(((*parts, entry.name), entry.path))


def classify(files: Iterable[Path]) -> list[tuple[Path, StreamLoader | None]]:
    """Each file with the streamed format it has (None: a page file). Once there are enough
    pages for workers, they start importing while the rest is classified."""
    out: list[tuple[Path, StreamLoader | None]] = []
    pages = 0
    for path in files:
        streamed = stream_loader(path)
        out.append((path, streamed))
        pages += streamed is None
        if pages == PARALLEL_PAGES:
            _start_worker_server()
    return out


def ontology_graphs() -> dict[URIRef, set[Triple]]:
    """The ontology and the concept schemes as the graphs they are stored in (read by
    Oxigraph's parser: a tenth of a second less per run than rdflib's)."""
    out: dict[URIRef, set[Triple]] = {}
    files = ((iris.ONTOLOGY_GRAPH, "borderkg.ttl"), (iris.CONCEPTS_GRAPH, "concepts.ttl"))
    for graph, name in files:
        text = resources.files("borderkg.ontology").joinpath(name).read_bytes()
        out[graph] = {(to_rdflib(t.subject), to_rdflib(t.predicate),  # type: ignore[misc]
                       to_rdflib(t.object)) for t in ox.parse(text, format=ox.RdfFormat.TURTLE)}
    return out


def ingest(store: Store, paths: Sequence[Path], *, curation: Path | None = None,
           codelists: Path | None = None,
           on_file: Callable[[FileReport], None] | None = None,
           on_activity: Callable[[int], None] | None = None,
           now: datetime | None = None) -> IngestReport:
    """Ingest files and folders into the store (see the module docstring)."""
    # the run's own settings first: a bad curation or codelist file stops it before anything
    # is staged (CurationError or CodelistError names the file and the reason)
    curated = curation_triples(read_curation_file(curation)) if curation is not None else None
    labels = codelist_triples(codelists) if codelists is not None else None
    files = classify(discover(paths))
    page_files = [p for p, streamed in files if streamed is None]
    report = IngestReport()
    with _page_workers(len(page_files)) as workers:  # they start while the store is read
        drop_uncommitted(store)
        committed = store.select(
            "PREFIX bkg: <https://w3id.org/borderkg/ontology#> SELECT ?s ?h ?t WHERE { "
            "GRAPH ?s { ?s bkg:contentHash ?h OPTIONAL { ?s bkg:template ?t } } }").rows
        hashes = {str(s): str(h) for s, h, _ in committed}
        templates = {str(s): str(t) for s, _, t in committed if t is not None}
        staged: dict[URIRef, URIRef] = {}
        features = StagedFeatures()  # the staged sources' mentions and entities
        batch = StagingBatch(store)
        records = RunRecords.start(store, batch, now or datetime.now(UTC))
        pages = _prepared_pages(workers, page_files, hashes, templates)
        try:
            with store.showing_uncommitted(), no_network():  # sees what it stages; fetches nothing
                for path, streamed in files:
                    if streamed is not None:
                        file_report = _ingest_stream(batch, path, streamed, hashes, staged,
                                                     features, records, on_activity)
                    else:
                        file_report = _add_page(batch, next(pages), staged, features, records)
                    report.files.append(file_report)
                    if on_file is not None:
                        on_file(file_report)
                _stop(workers)  # they exit while the run is matched and committed
                if not staged and curated is None and labels is None:
                    batch.finish()
                    return report
                # projects are matched while a load runs: the end of a stream, the last
                # batch if the loader is idle, else the one in progress (the last batch
                # waits for it anyway)
                batch.end()
                matching = match_projects(store, staged, features, curated)
                report.resolution = matching.resolution
                batch.finish()
                changes = consolidate(store, features, matching, curated)
                if labels is not None:
                    changes[iris.CODELISTS_GRAPH] = labels
                changes.update(ontology_graphs())
                store.commit(moves=staged, renames=matching.renames, changes=changes,
                             additions={iris.INGEST_LOG_GRAPH: records.commit_record()})
        except BaseException:
            batch.close()  # no load may still be writing what is dropped
            store.drop(sorted(set(staged.values()) | batch.loaded))
            raise
        finally:
            batch.close()
    return report


@dataclass
class PreparedPage:
    """What reading and building one page gave, before it joins the run (made in a worker
    process when the run is large: loaders and builders are pure)."""

    report: FileReport
    iri: URIRef | None = None
    graph: URIRef | None = None  # where it is staged (see staging_graph)
    data: bytes = b""  # the page's graph as N-Quads of `graph`
    loader: str = ""
    content_hash: str = ""
    mentions: list[tuple[str, Mention]] = field(default_factory=list)  # its projects'
    used: set[str] = field(default_factory=set)  # the reference entities it names


def prepare_page(path: Path, known_hash: str | None, known_template: str | None = None
                 ) -> PreparedPage:
    """Read, parse and build one page file (no store involved). A page whose bytes have the
    hash of the committed source (`known_hash`, with its `known_template`) is not parsed."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return PreparedPage(FileReport(str(path), "failed",
                                       error=f"unsupported file type {path.suffix!r}"))
    try:
        data = read_bytes(path)
        src = SourceInfo(file_name=path.name, content_hash=hashlib.sha256(data).hexdigest())
        if known_hash == src.content_hash:
            return PreparedPage(FileReport(str(path), "unchanged", template=known_template))
        loader, doc = read_page(data, path=str(path))
    except LoadError as exc:
        return PreparedPage(FileReport(str(path), "failed", error=exc.reason))
    if not doc.projects and not doc.events and not doc.mentions:
        reason = "; ".join(p.reason for p in doc.problems) or \
            "no project, event or organisation found"
        return PreparedPage(FileReport(str(path), "failed", template=doc.template,
                                       problems=doc.problems, error=reason))
    graph = staging_graph(src.iri, replacing=known_hash is not None)
    built = StreamGraph(src.iri, keep=PREDICATES, graph=graph)
    build_document(doc, src, into=built)
    status = "replaced" if known_hash is not None else "added"
    features = FeatureCollector()
    features.add(built.kept)
    return PreparedPage(FileReport(str(path), status, template=doc.template,
                                   problems=built.problems, triples=len(built.lines)),
                        iri=src.iri, graph=graph, data=built.serialise(),
                        loader=loader.module, content_hash=src.content_hash,
                        mentions=features.mentions(str(graph)), used=features.used)


def _prepare(task: tuple[Path, str | None, str | None]) -> PreparedPage:
    return prepare_page(*task)


PARALLEL_PAGES = 64  # from this many pages on, workers read and build them


def warm_page_reading() -> None:
    """Load what reading any page needs before the first page comes: spaCy and the matchers
    of the reference names, the country gazetteer, the concept schemes and the relevance
    criteria (each built once a process; a page worker's first task, and done by the
    workers' fork server before it forks them: see pipeline/worker_preload.py)."""
    from borderkg.extract.organisations import org_finder
    from borderkg.extract.relevance import criteria
    from borderkg.ontology.vocab import concepts_graph
    from borderkg.reference.gazetteer import gazetteer

    org_finder()
    gazetteer()
    concepts_graph()
    criteria()


WORKER_NICENESS = 5  # added to a page worker's niceness (see _yield_cpu)


def _yield_cpu() -> None:
    """A worker runs at a lower priority than the run's process: when both are busy, the
    loads (which can only follow the reading) get the cores first instead of falling behind
    and being left to the end of the run."""
    os.nice(WORKER_NICENESS)


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


@contextmanager
def _page_workers(pages: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a run of this many pages (none for a small run), started at
    once: what they import (about a second, mostly spaCy) is loaded while the run cleans
    and reads the store, once by the fork server where there is one."""
    count = _worker_count()
    if pages < PARALLEL_PAGES or count < 2:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=count, mp_context=_worker_context(),
                               initializer=_yield_cpu)
    try:
        for _ in range(count):
            pool.submit(warm_page_reading)
        yield pool
    finally:
        _stop(pool)


# what every page worker imports and builds, loaded once by the fork server (spaCy is most
# of it)
WORKER_PRELOAD = ["borderkg.pipeline.worker_preload"]


def _worker_context() -> BaseContext:
    """How page workers start: forked from a fork server where the system has one (a
    fresh process that imports WORKER_PRELOAD once; each worker is ready in milliseconds
    instead of importing for a second), else spawned. Neither holds the store's handle."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def _start_worker_server() -> None:
    """Start the fork server of the page workers, if they will have one, without waiting for
    its imports (the first worker waits for them)."""
    if _worker_count() >= 2 and _worker_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _stop(pool: ProcessPoolExecutor | None) -> None:
    """Stop the workers without waiting for them to exit (0.7 s of a 2,000-page run): they
    finish their pages (none if the run is over) and exit beside what the run does next."""
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _prepared_pages(pool: ProcessPoolExecutor | None, pages: list[Path],
                    hashes: dict[str, str], templates: dict[str, str]
                    ) -> Iterator[PreparedPage]:
    """Every page prepared, in order: by the workers of a large run, else here."""
    tasks = [(p, hashes.get(key), templates.get(key))
             for p in pages for key in [str(iris.source(p.name))]]
    if pool is None:
        return map(_prepare, tasks)
    return pool.map(_prepare, tasks, chunksize=16)


def _add_page(batch: StagingBatch, prepared: PreparedPage, staged: dict[URIRef, URIRef],
              features: StagedFeatures, records: RunRecords) -> FileReport:
    """A prepared page joins the run's staging batch."""
    report, iri = prepared.report, prepared.iri
    if iri is None or prepared.graph is None:
        return report
    if iri in staged:
        return FileReport(report.path, "failed", error=f"another file named "
                          f"{Path(report.path).name} was given in this run; source graphs "
                          "are named after the file name")
    staged[iri] = prepared.graph
    batch.add(prepared.graph, prepared.data)
    features.mentions += prepared.mentions
    features.used |= prepared.used
    records.add(SourceInfo(Path(report.path).name, prepared.content_hash), prepared.loader)
    return report


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _ingest_stream(batch: StagingBatch, path: Path, loader: StreamLoader,
                   hashes: dict[str, str],
                   staged: dict[URIRef, URIRef], features: StagedFeatures,
                   records: RunRecords, on_activity: Callable[[int], None] | None
                   ) -> FileReport:
    """Stream a file of records (IATI activities), one at a time, into the staging batch
    (on disk, so that memory does not grow with the file); a file that fails half-way leaves
    nothing in the batch."""
    src = SourceInfo(file_name=path.name, content_hash=_file_hash(path))
    if hashes.get(str(src.iri)) == src.content_hash:
        return FileReport(str(path), "unchanged", template=loader.template)
    if src.iri in staged:
        return FileReport(str(path), "failed", error=f"another file named {path.name} was "
                          "given in this run; source graphs are named after the file name")
    problems: list[Problem] = []
    activities = triples = 0
    graph = staging_graph(src.iri, replacing=str(src.iri) in hashes)
    collector = FeatureCollector()
    batch.begin()
    with path.open("rb") as f:
        try:
            loader.check(f)
            f.seek(0)
            version = None
            for item in loader.stream(f):
                if isinstance(item, Problem):
                    problems.append(item)
                    continue
                g = StreamGraph(src.iri, keep=PREDICATES, graph=graph)
                build_activity(g, item)
                version = version or item.version
                batch.add(graph, g.serialise())
                collector.add(g.kept)
                triples += len(g.lines)
                problems += g.problems
                activities += 1
                if on_activity is not None:
                    on_activity(1)
        except loader.error as exc:
            batch.rollback(graph)
            return FileReport(str(path), "failed", template=loader.template, error=str(exc))
    if not activities:
        batch.rollback(graph)
        return FileReport(str(path), "failed", template=loader.template, problems=problems,
                          error="no activity could be read")
    head = StreamGraph(src.iri, graph=graph)
    head.add(src.iri, RDF.type, BKG.ActivityFile)
    head.add(src.iri, BKG.fileName, Literal(src.file_name))
    head.add(src.iri, BKG.contentHash, Literal(src.content_hash))
    head.add(src.iri, BKG.template, Literal(loader.template))
    head.add(src.iri, BKG.iatiVersion, Literal(version) if version else None)
    batch.add(graph, head.serialise())
    staged[src.iri] = graph
    features.add(str(graph), collector)
    records.add(src, loader.module)
    status = "replaced" if str(src.iri) in hashes else "added"
    return FileReport(str(path), status, template=loader.template, problems=problems,
                      triples=triples + len(head.lines), activities=activities)


@dataclass
class RunRecords:
    """The run's ingest records (one per source it stages), written beside the sources into
    the staging batch under the graph of the run's records: bulk-loaded with them, they
    count once the commit lists the run in the ingest log (a few triples, where an update
    with every record took seconds for thousands of sources)."""

    batch: StagingBatch
    run: URIRef
    graph: URIRef
    when: Literal
    count: int = 0

    @classmethod
    def start(cls, store: Store, batch: StagingBatch, now: datetime) -> RunRecords:
        """The records of a run at `now`, in a graph that no committed run has."""
        when = now.isoformat(timespec="seconds")
        names = {str(g) for g in store.graph_names()}
        attempt = 0
        while str(iris.ingest_run(when, attempt)[1]) in names:
            attempt += 1
        run, graph = iris.ingest_run(when, attempt)
        return cls(batch, run, graph, Literal(when, datatype=XSD.dateTime))

    def add(self, src: SourceInfo, loader: str) -> None:
        """The PROV-O record of one source's ingest: which loader (a module name) made the
        source's graph, and when."""
        g = StreamGraph(self.graph, graph=self.graph)
        activity = iris.ingest(str(src.iri), src.content_hash)
        g.add(activity, RDF.type, BKG.Ingest)
        g.add(activity, PROV.used, src.iri)
        g.add(activity, PROV.endedAtTime, self.when)
        g.add(activity, BKG.loader, g.text(f"{loader} {__version__}"))
        g.add(activity, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT)
        self.batch.add(self.graph, g.serialise())
        self.count += 1

    def commit_record(self) -> set[Triple]:
        """What the commit adds to the ingest log: the run and the graph of its records."""
        if not self.count:
            return set()
        return {(self.run, RDF.type, BKG.IngestRun), (self.run, PROV.endedAtTime, self.when),
                (self.run, BKG.ingestRecords, self.graph),
                (self.run, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT)}


def codelist_triples(folder: Path) -> set[Triple]:
    """The labels of IATI codes from the official codelist files in a folder."""
    out: set[Triple] = set()
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise CodelistError(f"{folder}: no IATI codelist files (*.xml)")
    for path in files:
        if "_v1" in path.stem:
            continue  # the 1.0x lists only map old text codes, which the loader knows
        for item in read_codelist(path):
            concept = iati_concept(slugify(re.sub(r"(?<!^)(?=[A-Z])", "-", item.codelist)),
                                   item.code)
            scheme = iris.concept("iati", slugify(item.codelist))
            out |= {(concept, RDF.type, BKG.IATICode), (concept, SKOS.inScheme, scheme),
                    (concept, BKG.iatiCode, Literal(item.code)),
                    (concept, BKG.iatiCodelist, Literal(item.codelist))}
            out |= {(concept, SKOS.prefLabel, Literal(n.text, lang=n.lang)) for n in item.names}
            if item.description:
                out.add((concept, SKOS.definition, Literal(item.description, lang="en")))
    return out

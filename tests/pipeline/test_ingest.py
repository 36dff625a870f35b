"""Ingest: idempotent, transactional, independent of order, and losing nothing on bad input."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from borderkg.graph.export import export
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.pipeline import consolidate, staging
from borderkg.pipeline import ingest as ingest_mod
from borderkg.pipeline.ingest import ingest
from borderkg.queries import library
from borderkg.store import Store, StoreError
from tests.conftest import DATA, PAGES


def copy(files: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy(PAGES / name, folder / name)
    return folder


def titles(store: Store) -> list[str]:
    return sorted(str(r["title"]) for r in library.run(store, library.load("projects")).dicts())


def test_unchanged_files_are_skipped_and_changed_files_replace_their_graph(tmp_path: Path) -> None:
    folder = copy(["idf_dash_en.txt", "mission_oneline.txt"], tmp_path / "in")
    store = Store.open(tmp_path / "store")
    first = ingest(store, [folder])
    assert [f.status for f in first.files] == ["added", "added"]
    size = len(store)
    again = ingest(store, [folder])
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert len(store) == size
    page = folder / "mission_oneline.txt"
    page.write_text(page.read_text("utf-8").replace("Border Management Support in Georgia",
                                                    "Border Support in Georgia"), "utf-8")
    changed = ingest(store, [folder])
    assert [f.status for f in changed.files] == ["unchanged", "replaced"]
    assert "Border Support in Georgia" in titles(store)
    assert "Border Management Support in Georgia" not in titles(store)


def test_an_unchanged_page_is_not_read_again(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy(["idf_dash_en.txt", "mission_oneline.txt"], tmp_path / "in")
    store = Store.open(tmp_path / "store")
    first = ingest(store, [folder])
    parsed: list[str] = []
    read_page = ingest_mod.read_page

    def counting(data: bytes, *, path: str) -> object:
        parsed.append(Path(path).name)
        return read_page(data, path=path)

    monkeypatch.setattr(ingest_mod, "read_page", counting)
    page = folder / "mission_oneline.txt"
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    again = ingest(store, [folder])
    assert parsed == ["mission_oneline.txt"]  # the changed one only
    assert [(f.status, f.template) for f in again.files] == \
        [("unchanged", first.files[0].template), ("replaced", first.files[1].template)]
    assert first.files[0].template


def test_bad_files_are_reported_and_the_rest_is_ingested(tmp_path: Path, store: Store) -> None:
    folder = copy(["idf_dash_en.txt", "unrecognised.txt", "bad_unknown_country.txt",
                   "bad_dates.txt"], tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (folder / "graph.txt").write_text("@prefix ex: <http://example.org/> .\n"
                                      "ex:a ex:b ex:c .\nex:c ex:d \"Frontex\" .\n", "utf-8")
    (folder / "table.txt").write_text("name,country,year\nFrontex,PL,2019\nIOM,CH,2020\n"
                                      "EUBAM,UA,2021\n", "utf-8")
    (folder / "data.txt").write_text('{"organisation": "Frontex", "projects": [1, 2]}', "utf-8")
    before = len(ingest(store, []).files)
    report = ingest(store, [folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert before == 0
    assert by_name["empty.txt"].status == "failed" and "empty" in (by_name["empty.txt"].error or "")
    assert by_name["image.png"].status == "failed"
    for name, word in (("graph.txt", "RDF"), ("table.txt", "table"), ("data.txt", "JSON")):
        assert by_name[name].status == "failed" and word in (by_name[name].error or ""), name
    sources = {str(r[0]) for r in store.select(
        "PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
        "SELECT ?f WHERE { ?s bkg:fileName ?f }").rows}
    assert not sources & {"graph.txt", "table.txt", "data.txt"}  # nothing of them written
    # Prose of no known layout loads as a generic document with what it names.
    assert by_name["unrecognised.txt"].status == "added"
    assert by_name["unrecognised.txt"].template == "document"
    unknown = by_name["bad_unknown_country.txt"]
    assert unknown.status == "added"
    assert any("Atlantis" in p.reason or "atlantis" in p.reason for p in unknown.problems)
    dates = by_name["bad_dates.txt"]
    assert dates.status == "added" and {p.field for p in dates.problems} >= {"Duration", "Budget"}
    unresolved = library.run(store, library.load("unresolved")).dicts()
    assert [(str(r["name"]), str(r["kind"]), str(r["field"]), str(r["source"])) for r in unresolved
            if str(r["kind"]) == "country"] == \
        [("atlantis", "country", "Benefiting Member States", "bad_unknown_country.txt")]
    assert len(titles(store)) == 3
    named = {(str(r["source"]), str(r["organisation_label"]), str(r["role"]))
             for r in library.run(store, library.load("mentions")).dicts()}
    assert {("unrecognised.txt", "IOM", "mentioned"),
            ("unrecognised.txt", "Frontex", "mentioned")} <= named


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path: Path, store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(store, [PAGES / "idf_dash_en.txt"])
    before = export(store, "nquads", include_ingest_log=True)
    graphs = list(store.backend.named_graphs())

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("resolution failed")

    monkeypatch.setattr(consolidate, "resolution_triples", boom)
    with pytest.raises(RuntimeError):
        ingest(store, [PAGES / "mission_oneline.txt"])
    assert export(store, "nquads", include_ingest_log=True) == before
    assert sorted(map(str, store.backend.named_graphs())) == sorted(map(str, graphs))


def run_graphs(store: Store) -> list[URIRef]:
    return [g for g in store.graph_names() if iris.is_ingest_records(str(g))]


def test_the_commit_lists_the_run_whose_records_load_with_the_sources(tmp_path: Path,
                                                                        store: Store) -> None:
    folder = copy(["idf_dash_en.txt", "mission_oneline.txt"], tmp_path / "in")
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    ingest(store, [folder], now=now)
    [records] = run_graphs(store)
    [run] = {s for s, _, _ in store.triples(iris.INGEST_LOG_GRAPH)}
    when = Literal("2026-12-07T12:00:00+00:00", datatype=XSD.dateTime)
    assert store.triples(iris.INGEST_LOG_GRAPH) == {
        (run, RDF.type, BKG.IngestRun), (run, PROV.endedAtTime, when),
        (run, BKG.ingestRecords, records), (run, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT)}
    logged = store.triples(records)
    assert {o for _, p, o in logged if p == PROV.used} == \
        {iris.source("idf_dash_en.txt"), iris.source("mission_oneline.txt")}
    assert len(logged) == 2 * 5
    assert sum(p == BKG.loader for _, p, _ in logged) == 2
    # a run in the same second (here: the same `now`) has a graph of its own
    page = folder / "mission_oneline.txt"
    page.write_text(page.read_text("utf-8") + "\nUpdated.\n", "utf-8")
    ingest(store, [folder], now=now)
    assert len(run_graphs(store)) == 2 and records in run_graphs(store)
    assert len(store.triples(iris.INGEST_LOG_GRAPH)) == 2 * 4
    assert ingest(store, [folder], now=now).files[0].status == "unchanged"
    assert len(run_graphs(store)) == 2  # nothing staged, no run listed


def test_the_records_of_a_run_never_committed_are_hidden_then_dropped(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(store, [PAGES / "idf_dash_en.txt"])
    committed = run_graphs(store)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the process died before the commit: nothing dropped

    with monkeypatch.context() as m:
        m.setattr(Store, "commit", crash)
        m.setattr(Store, "drop", lambda self, graphs: None)
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [PAGES / "mission_oneline.txt"])
    store._hidden = None  # as a reader opening the store afterwards
    left = {g.value for g in store.backend.named_graphs()
            if iris.is_ingest_records(g.value)} - set(map(str, committed))
    assert len(left) == 1 and left <= store.uncommitted()
    assert run_graphs(store) == committed
    assert iris.source("mission_oneline.txt") not in store.graph_names()
    ingest(store, [PAGES / "idf_dash_en.txt"])  # the next run drops what was left
    assert not {g.value for g in store.backend.named_graphs()} & left


def test_a_log_that_holds_the_records_itself_still_counts(store: Store) -> None:
    """Stores written before runs had record graphs keep each source's record in the log."""
    source = iris.source("old.txt")
    activity = iris.ingest(str(source), "0" * 64)
    store.apply({source: {(source, BKG.fileName, Literal("old.txt"))},
                 iris.INGEST_LOG_GRAPH: {(activity, RDF.type, BKG.Ingest),
                                         (activity, PROV.used, source)}})
    assert not store.uncommitted() and source in store.graph_names()


def test_a_rejected_update_changes_nothing(store: Store) -> None:
    ingest(store, [PAGES / "idf_dash_en.txt"])
    before = export(store, "nquads")
    from rdflib import Literal, URIRef
    graph = URIRef("https://w3id.org/borderkg/id/graph/x")
    bad = {graph: {(URIRef("urn:a"), URIRef("urn:b"), Literal("ok"))},
           iris.REFERENCE_GRAPH: {(URIRef("urn:a"), URIRef("urn:b"), URIRef("not an iri"))}}
    with pytest.raises((StoreError, ValueError)):
        store.apply(bad)  # type: ignore[arg-type]
    assert export(store, "nquads") == before


def test_same_input_same_turtle_whatever_the_order(tmp_path: Path, seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt")) + [PAGES / "mission_oneline.txt"]
    one = Store.open("memory")
    ingest(one, files)
    two = Store.open("memory")
    for f in reversed(files):  # one file at a time, in the other order
        ingest(two, [f])
    three = Store.open("memory")
    ingest(three, files[2:])
    ingest(three, files[:2])
    turtle = export(one, "turtle")
    assert export(two, "turtle") == turtle
    assert export(three, "turtle") == turtle
    assert export(two, "trig") == export(one, "trig")


def test_curation_vetoes_and_forces_merges(seeds_dir: Path, store: Store) -> None:
    ingest(store, [seeds_dir])
    assert len(titles(store)) == 6
    report = ingest(store, [seeds_dir], curation=DATA / "curation.yaml")
    assert all(f.status == "unchanged" for f in report.files)
    rows = library.run(store, library.load("projects")).dicts()
    assert len(rows) == 6  # one merge undone, one forced
    wb = [r for r in rows if "Western Balkans" in str(r["title"])]
    assert len(wb) == 2
    forced = [r for r in rows if "Enhancing" in str(r["title"])]
    assert len(forced) == 1 and "2020-01-01" in str(forced[0]["start"])
    assert str(forced[0]["sources"]) == "002_0925a1c2cda1333b.txt | 004_bc1ca026c1a4fd5b.txt"
    # the curation stays in force for later ingests
    ingest(store, [PAGES / "idf_dash_en.txt"])
    assert len([r for r in library.run(store, library.load("projects")).dicts()
                if "Western Balkans" in str(r["title"])]) == 2


def test_on_disk_store_persists(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    ingest(store, [PAGES / "legacy.txt"])
    expected = titles(store)
    store.close()
    reopened = Store.open(tmp_path / "store")
    assert titles(reopened) == expected == ["Regional Border Cooperation in Central Asia"]


@pytest.mark.parametrize(("batch_bytes", "stream_after"),
                         [(staging.BATCH_BYTES, staging.STREAM_AFTER_BYTES), (1, 1 << 40),
                          (1, 1)])
def test_a_file_failing_half_way_leaves_nothing_in_the_batch(tmp_path: Path, store: Store,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             batch_bytes: int,
                                                             stream_after: int) -> None:
    """An IATI file that breaks after its first activity is reported and skipped; what was
    read of it never reaches the store, and the other files of the batch land. With tiny
    batches, its first activity was already bulk-loaded when the break is read (or went
    into the run's stream): the rollback drops it from the store."""
    monkeypatch.setattr(staging, "BATCH_BYTES", batch_bytes)
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", stream_after)
    good = (DATA / "iati" / "malformed_activity.xml").read_text("utf-8")
    head, _, _ = good.partition("</iati-activity>")
    (tmp_path / "broken.xml").write_text(head + "</iati-activity>\n<iati-activity><oops>\n",
                                         "utf-8")
    copy(["idf_dash_en.txt"], tmp_path)
    report = ingest(store, [tmp_path])
    status = {Path(f.path).name: f.status for f in report.files}
    assert status == {"broken.xml": "failed", "idf_dash_en.txt": "added"}
    assert iris.source("broken.xml") not in store.graph_names()
    assert not any("broken" in str(g) or "staging" in str(g) for g in store.graph_names())
    # nothing hidden either: the backend holds exactly the graphs the store shows
    assert sorted(g.value for g in store.backend.named_graphs()) == \
        [str(g) for g in store.graph_names()]
    assert titles(store)  # the page landed


def test_small_batches_give_the_same_graph(tmp_path: Path, seeds_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    one = Store.open("memory")
    ingest(one, [seeds_dir], now=None)
    monkeypatch.setattr(staging, "BATCH_BYTES", 1)  # a bulk load after every file
    many = Store.open("memory")
    ingest(many, [seeds_dir], now=None)
    assert export(one, "nquads") == export(many, "nquads")
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)  # a file, then a stream
    streamed = Store.open(tmp_path / "streamed")
    ingest(streamed, [seeds_dir], now=None)
    assert export(one, "nquads") == export(streamed, "nquads")


def test_an_idle_loader_takes_the_batch_early_and_the_graph_is_the_same(
        seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading starts with the first sources (not after a full batch), in batches that grow
    with what was loaded; the graph is the one a single load gives."""
    one = Store.open("memory")
    ingest(one, [seeds_dir], now=None)
    loads: list[int] = []
    stage = Store.stage_quads

    def counted(self: Store, path: Path) -> None:
        loads.append(path.stat().st_size)
        stage(self, path)

    monkeypatch.setattr(Store, "stage_quads", counted)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 1)
    early = Store.open("memory")
    ingest(early, [seeds_dir], now=None)
    assert len(loads) >= 2  # the first source went to the idle loader at once
    assert export(one, "nquads") == export(early, "nquads")


def test_pages_built_by_worker_processes_give_the_same_graph(seeds_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    alone = Store.open("memory")
    first = ingest(alone, [seeds_dir])
    monkeypatch.setattr(ingest_mod, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(ingest_mod.os, "cpu_count", lambda: 2)
    pooled = Store.open("memory")
    second = ingest(pooled, [seeds_dir])
    assert [(f.path, f.status, f.triples) for f in first.files] == \
        [(f.path, f.status, f.triples) for f in second.files]
    assert export(alone, "nquads") == export(pooled, "nquads")


def test_page_workers_run_below_the_runs_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loads get the cores before the workers that read pages (they would fall behind
    and be left to the end of the run)."""
    import os

    monkeypatch.setattr(ingest_mod.os, "cpu_count", lambda: 2)
    with ingest_mod._page_workers(ingest_mod.PARALLEL_PAGES) as pool:
        assert pool is not None
        niceness = pool.submit(os.nice, 0).result()
    assert niceness == min(19, os.nice(0) + ingest_mod.WORKER_NICENESS)


def test_page_workers_start_with_what_reading_needs_built() -> None:
    """Page workers are forked from a fork server that imported and built what they need
    once (each spawned worker spent about a second importing, mostly spaCy, and each built
    the matchers of the reference names)."""
    from concurrent.futures import ProcessPoolExecutor

    context = ingest_mod._worker_context()
    assert context.get_start_method() == "forkserver"
    built = ("[f.cache_info().currsize for f in ["
             "__import__('borderkg.extract.organisations', fromlist=['_']).org_finder, "
             "__import__('borderkg.reference.gazetteer', fromlist=['_']).gazetteer, "
             "__import__('borderkg.ontology.vocab', fromlist=['_']).concepts_graph]]")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(eval, built).result() == [1, 1, 1]


def test_discover_walks_folders_in_path_order_without_hidden_files_or_linked_folders(
        tmp_path: Path) -> None:
    for name in ["b.html", "a/z.html", "a/b/x.html", "a/.hidden.html", ".git/c.html", "c.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "dangling.html").symlink_to(tmp_path / "missing.html")
    single = tmp_path / "b.html"
    found = ingest_mod.discover([tmp_path, single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == \
        ["a/b/x.html", "a/z.html", "b.html", "c.xml", "b.html"]


def test_classify_starts_the_workers_fork_server_at_the_first_large_run(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fork server imports while the rest of a large run is classified; a small run
    starts none."""
    started: list[int] = []
    monkeypatch.setattr(ingest_mod, "_start_worker_server", lambda: started.append(1))
    pages = []
    for k in range(ingest_mod.PARALLEL_PAGES):
        pages.append(tmp_path / f"p{k}.html")
        pages[-1].write_text("<html><body><p>Text</p></body></html>")
    iati = tmp_path / "activities.xml"
    iati.write_text('<?xml version="1.0"?><iati-activities version="2.03"/>')
    small = ingest_mod.classify([iati, *pages[:-1]])
    assert started == [] and [s is None for _, s in small] == [False] + [True] * (len(pages) - 1)
    ingest_mod.classify([iati, *pages])
    assert started == [1]

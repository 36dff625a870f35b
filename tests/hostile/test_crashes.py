"""Crashes and contention: kill -9 at random points of an ingest leaves readers seeing only
committed graphs (the old state or the new, never a mix), the next run repairs the store byte
for byte, two writers never corrupt each other, and validation fetches nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL

from borderkg.graph.export import export
from borderkg.ontology import iris
from borderkg.store import Store
from tests.conftest import IATI, ROOT, need_shared
from tests.hostile.conftest import Listener

BORDERKG = [sys.executable, "-m", "borderkg"]
PROJECTS = ("SELECT ?p ?t WHERE { ?p a <https://w3id.org/borderkg/ontology#Project> . "
            "OPTIONAL { ?p <http://purl.org/dc/terms/title> ?t } }")
VERSIONS = "SELECT ?s ?h WHERE { ?s <https://w3id.org/borderkg/ontology#contentHash> ?h }"
RUNS = ("SELECT ?records WHERE { GRAPH <https://w3id.org/borderkg/id/graph/ingest-log> "
        "{ ?run <https://w3id.org/borderkg/ontology#ingestRecords> ?records } }")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BORDERKG, *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, check=False)


State = tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[str]]


def state(spec: str) -> State:
    """What a reader sees: the projects with their titles, the version (content hash) of
    each source, and the graph names (but the graphs of the runs' ingest records, named
    after when each run was: the record graphs a reader sees are those of the runs the log
    lists)."""
    with Store.open(spec, read_only=True) as store:
        rows = frozenset(tuple(map(str, r)) for r in store.select(PROJECTS).rows)
        versions = frozenset(tuple(map(str, r)) for r in store.select(VERSIONS).rows)
        names = [str(g) for g in store.graph_names()]
        runs = store.select(RUNS).rows
        assert sorted(str(r[0]) for r in runs) == sorted(filter(iris.is_ingest_records, names))
        return rows, versions, frozenset(filter(lambda g: not iris.is_ingest_records(g), names))


def corpus(folder: Path, seeds: Path, *, edited: bool) -> Path:
    folder.mkdir()
    for page in sorted(seeds.iterdir()):
        shutil.copy(page, folder / page.name)
    for xml in sorted((need_shared(IATI) / "real").glob("*.xml"))[:2]:
        shutil.copy(xml, folder / xml.name)
    if edited:  # every source changes: the run replaces all of them
        for path in sorted(folder.iterdir()):
            if path.suffix == ".xml":
                data = path.read_bytes().replace(b"COVID", b"Covid", 3)
                path.write_bytes(data)
            else:
                path.write_text(path.read_text("utf-8") + "\nUpdated.\n", "utf-8")
    return folder


def test_kill_at_random_points_shows_only_committed_graphs(tmp_path: Path,
                                                            seeds_dir: Path) -> None:
    old = corpus(tmp_path / "old", seeds_dir, edited=False)
    new = corpus(tmp_path / "new", seeds_dir, edited=True)
    reference = str(tmp_path / "reference")
    assert run("ingest", str(new), "--store", reference).returncode == 0
    after = state(reference)
    spec = str(tmp_path / "store")
    assert run("ingest", str(old), "--store", spec).returncode == 0
    before = state(spec)
    assert before != after
    rng = random.Random(20261202)
    seen = set()
    for _ in range(6):
        proc = subprocess.Popen([*BORDERKG, "ingest", str(new), "--store", spec], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = state(spec)
        assert now in (before, after), "a reader saw uncommitted work"
        assert not any(g.startswith(iris.STAGING_PREFIX) for g in now[2])
        seen.add(now == after)
        if now == after:  # that run committed: start from the old state again
            assert run("ingest", str(old), "--store", spec).returncode == 0
    assert run("ingest", str(new), "--store", spec).returncode == 0  # the next run repairs
    with Store.open(spec, read_only=True) as repaired, \
            Store.open(reference, read_only=True) as clean:
        assert export(repaired, "turtle") == export(clean, "turtle")


def test_a_second_writer_is_told_who_holds_the_store(tmp_path: Path, seeds_dir: Path) -> None:
    spec = str(tmp_path / "store")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from borderkg.store import Store; "
         f"s = Store.open({spec!r}); print('open', flush=True); time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        second = run("ingest", str(seeds_dir), "--store", spec)
        assert second.returncode == 2
        assert "another process is writing to this store" in " ".join(second.stderr.split())
        reader = run("query", "projects", "--store", spec, "-f", "csv")
        assert reader.returncode == 0, reader.stderr  # readers are not blocked
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_validate_never_fetches_owl_imports(tmp_path: Path, listener: Listener) -> None:
    if shutil.which("java") is None and os.environ.get("CI") != "true":
        pytest.skip("HermiT needs Java")
    spec = str(tmp_path / "store")
    with Store.open(spec) as store:
        store.apply({URIRef(iris.BASE + "graph/test"): [
            (URIRef("http://x/onto"), OWL.imports,
             URIRef(f"http://127.0.0.1:{listener.port}/ontology.owl"))]})
    result = run("validate", "--store", spec)
    assert "Traceback" not in result.stderr, result.stderr
    time.sleep(0.3)
    assert listener.hits == []

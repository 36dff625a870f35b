"""Staging batches: what goes to the loader when, and that every quad arrives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from borderkg.pipeline import staging
from borderkg.pipeline.staging import StagingBatch
from borderkg.store import Store

_STAGE = Store.stage_quads


def _run(monkeypatch: pytest.MonkeyPatch, sources: int, *, progress: bool
         ) -> tuple[list[int], Store]:
    """Sizes of the loads of a run of equal sources, with an idle loader at every add."""
    loads: list[int] = []

    def counted(self: Store, path: Path) -> None:
        loads.append(path.stat().st_size)
        _STAGE(self, path)

    monkeypatch.setattr(Store, "stage_quads", counted)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 2_000)
    monkeypatch.setattr(StagingBatch, "idle", lambda self: True)
    store = Store.open("memory")
    batch = StagingBatch(store)
    for k in range(sources):
        graph = URIRef(f"https://example.org/source/{k}")
        lines = "".join(f"<https://example.org/s/{k}> <https://example.org/p> \"{n}\" <{graph}> .\n"
                        for n in range(5))
        batch.add(graph, lines.encode())
        if progress:
            batch.progress(k + 1, sources)
    batch.finish()
    batch.close()
    return loads, store


def test_loads_grow_with_the_run_and_shrink_as_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches grow geometrically (few loads); told how far the run is, the last ones shrink,
    so that little is left to load when the sources are read; every quad is loaded."""
    loads, store = _run(monkeypatch, 2_000, progress=True)
    biggest = loads.index(max(loads))
    assert loads[:biggest] == sorted(loads[:biggest])  # growing
    assert loads[biggest:] == sorted(loads[biggest:], reverse=True)  # then shrinking
    assert loads[-1] <= max(loads) // 4
    assert len(loads) < 30
    assert len(store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == 10_000

    blind, _ = _run(monkeypatch, 2_000, progress=False)
    assert blind == sorted(blind)  # without progress the last load is the biggest
    assert blind[-1] > loads[-1] * 4

"""Staging batches: what goes to the loader when, and that every quad arrives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from borderkg.pipeline import staging
from borderkg.pipeline.staging import StagingBatch
from borderkg.store import Store

_STAGE = Store.stage_quads


def test_an_idle_loader_gets_batches_that_grow_with_the_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the loader idle at every source, each batch holds at least half of what was
    loaded before it: loads start with the first sources, their number grows with the
    logarithm of the run, and every quad arrives."""
    loads: list[int] = []

    def counted(self: Store, path: Path) -> None:
        loads.append(path.stat().st_size)
        _STAGE(self, path)

    monkeypatch.setattr(Store, "stage_quads", counted)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 2_000)
    monkeypatch.setattr(StagingBatch, "idle", lambda self: True)
    store = Store.open("memory")
    batch = StagingBatch(store)
    written = 0
    for k in range(2_000):
        graph = URIRef(f"https://example.org/source/{k}")
        data = "".join(f"<https://example.org/s/{k}> <https://example.org/p> \"{n}\" <{graph}> .\n"
                       for n in range(5)).encode()
        batch.add(graph, data)
        written += len(data)
        if k == 0:
            assert loads == []  # less than MIN_BATCH_BYTES waits
    batch.finish()
    batch.close()
    assert loads[0] >= 2_000
    assert all(size >= sum(loads[:k]) // 2 for k, size in enumerate(loads[:-1]))
    assert len(loads) < 20
    assert sum(loads) == written
    assert len(store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == 10_000

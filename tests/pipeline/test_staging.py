"""Staging batches: what goes to the loader when, and that every quad arrives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from borderkg.pipeline import staging
from borderkg.pipeline.staging import StagingBatch
from borderkg.store import Store, StoreError

_STAGE = Store.stage_quads


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, int]]:
    """Every load of the test: the path it read and its size then (0 for a pipe)."""
    seen: list[tuple[Path, int]] = []

    def counted(self: Store, path: Path) -> None:
        seen.append((path, path.stat().st_size))
        _STAGE(self, path)

    monkeypatch.setattr(Store, "stage_quads", counted)
    return seen


def test_an_idle_loader_gets_batches_that_grow_with_the_run(
        monkeypatch: pytest.MonkeyPatch, loads: list[tuple[Path, int]]) -> None:
    """With the loader idle at every source, each batch holds at least half of what was
    loaded before it: loads start with the first sources, their number grows with the
    logarithm of the run, and every quad arrives."""
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
    sizes = [size for _, size in loads]
    assert sizes[0] >= 2_000
    assert all(size >= sum(sizes[:k]) // 2 for k, size in enumerate(sizes[:-1]))
    assert len(sizes) < 20
    assert sum(sizes) == written
    assert len(store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == 10_000


def _quads(k: int, n: int = 5) -> tuple[URIRef, bytes]:
    graph = URIRef(f"https://example.org/source/{k}")
    return graph, "".join(f"<https://example.org/s/{k}> <https://example.org/p> \"{i}\" "
                          f"<{graph}> .\n" for i in range(n)).encode()


def _staged(sources: int) -> tuple[Store, StagingBatch]:
    """A memory store and the batch that staged this many sources, as an ingest does."""
    store = Store.open("memory")
    batch = StagingBatch(store)
    for k in range(sources):
        batch.add(*_quads(k))
    batch.end()
    batch.finish()
    batch.close()
    return store, batch


def _graphs(store: Store) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                        "GROUP BY ?g").rows
    return {str(g): int(n) for g, n in rows}


def test_a_large_run_streams_into_one_load(monkeypatch: pytest.MonkeyPatch,
                                            loads: list[tuple[Path, int]]) -> None:
    """Once STREAM_AFTER_BYTES were handed over, the rest of the run goes through one load
    that reads a named pipe: every quad arrives, and the pipe is gone afterwards."""
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 2_000)
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 10_000)
    monkeypatch.setattr(StagingBatch, "idle", lambda self: self._stream is None)
    store, batch = _staged(2_000)
    pipes = [p for p, _ in loads if p.name == "quads.nq"]
    assert len(pipes) == 1 and loads[-1][0] == pipes[0]  # the last load, and only one
    assert 2 <= len(loads) < 10  # a few batches came first
    assert not pipes[0].parent.exists()
    assert _graphs(store) == {f"https://example.org/source/{k}": 5 for k in range(2_000)}
    assert batch.loaded == {URIRef(f"https://example.org/source/{k}") for k in range(2_000)}


def test_a_rollback_in_a_stream_drops_what_was_streamed(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """A source that fails after some of it went into the stream: the stream is loaded and
    its graph dropped, and the run goes on (the sources after it land)."""
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 1)
    store = Store.open("memory")
    batch = StagingBatch(store)
    batch.add(*_quads(0))  # the first hand-over starts the stream
    assert not batch.idle()
    batch.begin()
    graph, data = _quads(1)
    batch.add(graph, data)
    batch.rollback(graph)
    for k in range(2, 5):
        batch.add(*_quads(k))
    batch.finish()
    batch.close()
    assert _graphs(store) == {f"https://example.org/source/{k}": 5 for k in (0, 2, 3, 4)}
    assert graph not in batch.loaded


def test_a_stream_whose_load_fails_raises_and_does_not_hang(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The load fails before it opens the pipe, or after reading part of it: the run gets
    a StoreError instead of waiting for ever on the pipe."""
    def fails(self: Store, path: Path) -> None:
        raise StoreError("staging failed, nothing was changed: disk full")

    def reads_then_fails(self: Store, path: Path) -> None:
        with path.open("rb") as pipe:
            pipe.read(100)
        raise StoreError("staging failed, nothing was changed: disk full")

    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 1)
    for loader in (fails, reads_then_fails):
        monkeypatch.setattr(Store, "stage_quads", loader)
        batch = StagingBatch(Store.open("memory"))
        with pytest.raises(StoreError, match="disk full"):
            for k in range(50_000):  # more than a pipe holds
                batch.add(*_quads(k, 20))
            batch.finish()
        batch.close()


def test_without_named_pipes_a_large_run_stays_in_batches(monkeypatch: pytest.MonkeyPatch,
                                                           loads: list[tuple[Path, int]]) -> None:
    """Where named pipes cannot be made (Windows), every batch is a file."""
    monkeypatch.delattr(staging.os, "mkfifo")
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 1)
    store = Store.open("memory")
    batch = StagingBatch(store)
    for k in range(20):
        batch.add(*_quads(k))
        batch.finish()
    batch.close()
    assert len(loads) == 20 and all(p.suffix == ".nq" and "stream" not in str(p)
                                    for p, _ in loads)
    assert len(_graphs(store)) == 20


def test_a_long_stream_is_loaded_in_parts(monkeypatch: pytest.MonkeyPatch,
                                           loads: list[tuple[Path, int]]) -> None:
    """A stream ends once it took STREAM_BYTES (its load puts them in the store while the
    next batch fills), and the next batch starts another: every quad arrives."""
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 1)
    monkeypatch.setattr(staging, "BATCH_BYTES", 2_000)
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)
    monkeypatch.setattr(staging, "STREAM_BYTES", 50_000)
    store, _ = _staged(2_000)
    assert all(p.name == "quads.nq" for p, _ in loads)  # streams only
    assert len(loads) >= 10  # 2,000 x 5 quads of about 100 bytes: 1 MB
    assert _graphs(store) == {f"https://example.org/source/{k}": 5 for k in range(2_000)}


def test_a_batch_larger_than_a_stream_goes_into_it_whole(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The batch that starts a stream is written into it whole, even past STREAM_BYTES."""
    monkeypatch.setattr(staging, "MIN_BATCH_BYTES", 3 << 20)
    monkeypatch.setattr(staging, "BATCH_BYTES", 3 << 20)
    monkeypatch.setattr(staging, "STREAM_AFTER_BYTES", 1)
    monkeypatch.setattr(staging, "STREAM_BYTES", 1)
    store, _ = _staged(7_000)  # about 3.4 MB: a batch of 3 MB, copied in three chunks
    assert _graphs(store) == {f"https://example.org/source/{k}": 5 for k in range(7_000)}

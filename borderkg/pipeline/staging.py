"""Staging: a run's new source graphs bulk-loaded, batch by batch, under names that readers
do not see until the ingest commits them."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from rdflib import URIRef

from borderkg.ontology import iris
from borderkg.store import Store, StoreError

BATCH_BYTES = 128 << 20  # at most this much N-Quads in one bulk load of a file
MIN_BATCH_BYTES = 8 << 20  # the least handed to an idle loader (each load has a fixed cost)
# once a run has handed this much to the loader, the rest of it is streamed into loads
# of at most STREAM_BYTES each (what one load brings is merged into the store at its end)
STREAM_AFTER_BYTES = 512 << 20
STREAM_BYTES = 2 << 30


class StagingBatch:
    """Sources' triples spilled to N-Quads files and bulk-loaded into their staging graphs a
    batch at a time (a bulk load per file dominated the ingest of many small pages; one load
    of a whole large file held gigabytes). A batch is loaded by a background thread while the
    next one fills (Oxigraph releases the GIL while it loads), at most one load at a time. It
    is handed over when it is full, or earlier when the loader is idle and the batch holds
    at least half of what was loaded before it: loading starts with the first pages instead of
    after a whole batch (so that little is left to load when reading ends), while the number
    of loads grows with the logarithm of the run.

    A large run streams: once STREAM_AFTER_BYTES were handed over, the next batch starts a
    bulk load that reads a named pipe, and what the run adds after it is written into that
    pipe, up to STREAM_BYTES; then a batch fills while that load ends, and starts the next
    stream. Each load puts its sorted files into the store at once, and the store merges
    them with what it holds: many small loads into a large store pay that merging again and
    again (15 loads of 128 MB took 1.6 times the CPU of one load of the same 1.9 GB), while
    one load of everything leaves it all to the end (300,000 activities in one stream: the
    commit waited three minutes for the merging). The bulk loader's memory does not grow with
    what it reads.

    A source may span several batches: `rollback` forgets what a failed source added to the
    open batch and drops its staging graph from the store if an earlier batch or the stream
    took part of it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="borderkg-load")
        self._loading: Future[None] | None = None
        self._stream: IO[bytes] | None = None  # the pipe of a streaming load, while open
        self._streamed = 0  # bytes written into it
        self._file = self._new_file()
        self._mark = 0
        self._handed = 0  # bytes handed to the loader so far
        self.loaded: set[URIRef] = set()  # graphs that a handed-over batch holds quads of
        self._open: set[URIRef] = set()  # graphs the open batch holds quads of

    @staticmethod
    def _new_file() -> IO[bytes]:
        return tempfile.NamedTemporaryFile(suffix=".nq")  # noqa: SIM115 (closed after loading)

    def add(self, graph: URIRef, nquads: bytes) -> None:
        """Append N-Quads of `graph` (the builder writes them so); hand the batch over when
        it is full, or when the loader is idle and the batch is large enough (see the
        class)."""
        if not nquads:
            return
        if self._stream is not None:
            self.loaded.add(graph)
            self._write_stream(nquads)
            if self._streamed >= STREAM_BYTES:
                self._end_stream()  # it loads while a batch fills, which starts the next one
            return
        self._file.write(nquads)
        self._open.add(graph)
        size = self._file.tell()
        if size >= BATCH_BYTES or (size >= max(MIN_BATCH_BYTES, self._handed // 2)
                                   and self.idle()):
            self.flush()

    def begin(self) -> None:
        """A source starts: `rollback` returns to this point."""
        self._mark = self._file.tell()

    def rollback(self, graph: URIRef) -> None:
        """Forget what the source being added (whose quads go to `graph`) staged."""
        self._file.truncate(self._mark)
        self._file.seek(self._mark)
        if graph in self.loaded:
            self.wait()  # a stream ends here: the graph is dropped once it is loaded
            self.store.drop([graph])
            self.loaded.discard(graph)

    def flush(self) -> None:
        """Hand the open batch to the loader (after the previous load has finished); once
        the run has handed over STREAM_AFTER_BYTES, as the start of a stream."""
        if not self._file.tell():
            return
        self.wait()
        size = self._file.tell()
        streaming = self._handed + size >= STREAM_AFTER_BYTES and self._start_stream()
        full, self._file, self._mark = self._file, self._new_file(), 0
        full.flush()
        self.loaded |= self._open
        self._handed += size
        self._open = set()
        if not streaming:
            self._loading = self._pool.submit(self._load, full)
            return
        with full:
            full.seek(0)
            while chunk := full.read(1 << 20):
                self._write_stream(chunk)

    def idle(self) -> bool:
        """True when no load is in progress."""
        return self._stream is None and (self._loading is None or self._loading.done())

    def _load(self, file: IO[bytes]) -> None:
        try:
            self.store.stage_quads(Path(file.name))
        finally:
            file.close()

    def _start_stream(self) -> bool:
        """Start a load that reads a named pipe and open the pipe's writing end; False
        where named pipes cannot be made (the run goes on in batches)."""
        folder = Path(tempfile.mkdtemp(prefix="borderkg-stream-"))
        try:
            pipe = folder / "quads.nq"
            try:
                os.mkfifo(pipe, 0o600)
            except (AttributeError, OSError):  # no os.mkfifo on Windows
                return False
            self._loading = loading = self._pool.submit(self.store.stage_quads, pipe)
            while True:  # a blocking open would wait for ever if the load failed first
                try:
                    fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                    break
                except OSError as exc:
                    if exc.errno == errno.ENXIO and not loading.done():  # no reader yet
                        time.sleep(0.001)
                        continue
                    self._loading = None
                    if loading.done():
                        loading.result()  # the load's own error
                    raise StoreError(f"staging failed: {exc}") from exc
        finally:
            shutil.rmtree(folder)  # both ends are open (or the load failed): the name goes
        os.set_blocking(fd, True)
        self._stream = os.fdopen(fd, "wb", buffering=1 << 20)
        self._streamed = 0
        return True

    def _write_stream(self, data: bytes) -> None:
        assert self._stream is not None
        try:
            self._stream.write(data)
        except BrokenPipeError:  # the load stopped reading: its error says why
            self.wait()
            raise StoreError("staging failed, nothing was changed: the bulk load stopped "
                             "reading") from None
        self._streamed += len(data)

    def _end_stream(self) -> None:
        """Close the pipe: the streaming load reads to its end and puts it in the store."""
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except BrokenPipeError:
                pass  # the load's own error is raised by wait()

    def end(self) -> None:
        """No more quads come: a stream is closed, or an idle loader takes the open batch,
        so that the last load runs beside the run's last work (`finish` waits for it)."""
        self._end_stream()
        if self.idle():
            self.flush()

    def wait(self) -> None:
        """Wait for the load in progress (a stream is closed first); its error (a
        StoreError) is raised here."""
        self._end_stream()
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.result()

    def finish(self) -> None:
        """Load what is left and wait until every batch is in the store."""
        self.flush()
        self.wait()

    def close(self) -> None:
        """Wait for a load in progress (its error is not raised again) and free the files."""
        try:
            self.wait()
        except Exception:  # noqa: S110 (the run already failed and reports its own error)
            pass
        finally:
            self._pool.shutdown()
            self._file.close()


def staging_graph(final: URIRef, *, replacing: bool) -> URIRef:
    """Where a source's new graph waits until the ingest commits: a source seen for the first
    time is loaded under its own name (nothing to replace, so nothing to move); a changed
    source (`replacing` a committed graph) waits in a staging graph that the commit moves
    over the old one."""
    if not replacing:
        return final
    return URIRef(iris.STAGING_PREFIX + iris.digest(str(final)))


def drop_uncommitted(store: Store) -> None:
    """Remove what an interrupted ingest left: staging graphs, and the source graphs and
    record graphs of a run that the ingest log does not list (loaded under their name but
    never committed)."""
    store.drop(URIRef(g) for g in sorted(store.uncommitted()))

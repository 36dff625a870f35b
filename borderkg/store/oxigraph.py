"""The embedded backend: pyoxigraph's own Store, on disk (the default) or in memory."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from borderkg.store.base import Store, StoreError


def open_memory() -> Store:
    """A new empty store in memory (tests, notebooks, the demo's scratch work)."""
    return Store(ox.Store(), spec="memory")


def open_directory(text: str, *, must_exist: bool = False, read_only: bool = False) -> Store:
    """The Oxigraph store in a directory, created if missing unless `must_exist`.

    `read_only` opens a snapshot that needs no lock, so it works while another process
    writes; a second writer gets a StoreError that says the store is held."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{text}: not a directory")
    if (must_exist or read_only) and not path.exists():
        raise StoreError(f"{text}: no store here yet (run `borderkg ingest` first, or give "
                         "--store)")
    try:
        backend = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{text}: another process is writing to this store (an ingest, "
                             "or a notebook that opened it); wait for it to finish or close "
                             "it, then try again") from exc
        raise StoreError(f"{text}: cannot open the store ({exc})") from exc
    return Store(backend, spec=text, read_only=read_only, on_disk=True)

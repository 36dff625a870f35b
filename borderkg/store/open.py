"""Opening a store from its spec: a directory, `memory`, or a SPARQL 1.1 endpoint URL."""

from __future__ import annotations

import os
from pathlib import Path

from borderkg.store.base import Store

DEFAULT_STORE = "borderkg-store"
REMOTE_SCHEMES = ("http://", "https://")


def spec_text(spec: str | Path | None) -> str:
    """A store spec as given, or the default ($BORDERKG_STORE, else ./borderkg-store)."""
    return str(spec) if spec is not None else os.environ.get("BORDERKG_STORE", DEFAULT_STORE)


def is_remote(spec: str) -> bool:
    """Whether a spec names a SPARQL endpoint rather than a directory."""
    return spec.startswith(REMOTE_SCHEMES)


def open_store(spec: str | Path | None = None, *, update_url: str | None = None,
               must_exist: bool = False, read_only: bool = False,
               timeout_s: float | None = None, auth: tuple[str, str] | None = None) -> Store:
    """Open the store a spec names; the default is $BORDERKG_STORE or ./borderkg-store.

    - a directory: Oxigraph on disk, created if missing unless `must_exist` (for commands that
      only read, where a missing store is a mistake worth saying); `read_only` opens a
      snapshot that needs no lock, so it works while another process writes;
    - `memory`: a new empty store in memory;
    - `http(s)://host/query`: a SPARQL 1.1 server, written through `update_url`
      ($BORDERKG_UPDATE_URL, else the query URL itself), each request cut after `timeout_s`,
      with `auth` (user, password) or $BORDERKG_STORE_USER and $BORDERKG_STORE_PASSWORD
      answering the server's basic or digest challenge.
    """
    text = spec_text(spec)
    if text == "memory":
        from borderkg.store.oxigraph import open_memory

        return open_memory()
    if is_remote(text):
        from borderkg.store.sparql_http import open_endpoint

        user = os.environ.get("BORDERKG_STORE_USER")
        if auth is None and user:
            auth = (user, os.environ.get("BORDERKG_STORE_PASSWORD", ""))
        return open_endpoint(text, update_url=update_url or os.environ.get(
            "BORDERKG_UPDATE_URL") or None, read_only=read_only, timeout_s=timeout_s, auth=auth)
    from borderkg.store.oxigraph import open_directory

    return open_directory(text, must_exist=must_exist, read_only=read_only)

"""Where the graph lives: one `Store` interface over Oxigraph (on disk or in memory) and any
SPARQL 1.1 server, opened from a spec with `open_store`."""

from __future__ import annotations

from borderkg.store.base import Backend, Store, StoreError
from borderkg.store.open import DEFAULT_STORE, is_remote, open_store, spec_text
from borderkg.store.rows import Rows, list_items
from borderkg.store.terms import OxTerm, Quad, Triple, ntriples, to_ox, to_rdflib

__all__ = ["DEFAULT_STORE", "Backend", "OxTerm", "Quad", "Rows", "Store", "StoreError",
           "Triple", "is_remote", "list_items", "ntriples", "open_store", "spec_text", "to_ox",
           "to_rdflib"]

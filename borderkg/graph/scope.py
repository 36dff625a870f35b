"""A view of a store that holds only the projects and events tagged as border management.

`--relevant-only` on a query runs it on this view. Oxigraph has no views, so the view is an
in-memory copy of the store's committed quads that leaves out every triple whose subject or
object is an untagged project or event: no query reaches them, nor what hangs from them
(participations, money, shares, evidence), while organisations, countries, sources and the
ingest log stay. The copy is one pass over the store (see benchmarks/ for its cost).
"""

from __future__ import annotations

import pyoxigraph as ox

from borderkg.queries import library
from borderkg.store import Store


def relevant_view(store: Store) -> Store:
    """An in-memory store with the quads of `store` that are not about untagged projects or
    events (see the module's docstring)."""
    query = library.load("untagged", folder="internal").text
    untagged = {sol[0] for sol in store.solutions(query)}
    view = ox.Store()
    view.bulk_extend(q for q in store.ox_quads()
                     if q.subject not in untagged and q.object not in untagged)
    return Store(view, spec="memory")

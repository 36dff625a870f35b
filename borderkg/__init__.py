"""BorderKG: a knowledge graph of international border-management cooperation.

Use from a notebook::

    from borderkg import Store, ingest, run_query
    store = Store.open("memory")
    ingest(store, [Path("pages/")])
    rows = run_query(store, "projects")
"""

from __future__ import annotations

__version__ = "0.2.0"

from borderkg.graph.export import export, export_ontology  # noqa: E402
from borderkg.graph.ingest import IngestReport, ingest  # noqa: E402
from borderkg.graph.store import Rows, Store, StoreError  # noqa: E402
from borderkg.graph.validate import ValidationReport, validate  # noqa: E402
from borderkg.queries.library import LibraryQuery, ParameterError  # noqa: E402
from borderkg.queries.library import load as load_query  # noqa: E402
from borderkg.queries.library import names as query_names  # noqa: E402


def run_query(store: Store, name: str, **params: str) -> Rows:
    """Run a library query by name with its parameters (written values, bound as terms)."""
    from borderkg.queries import library

    query = library.load(name)
    return library.run(store, query, library.bind(query, params))


__all__ = [
    "IngestReport",
    "LibraryQuery",
    "ParameterError",
    "Rows",
    "Store",
    "StoreError",
    "ValidationReport",
    "__version__",
    "export",
    "export_ontology",
    "ingest",
    "load_query",
    "query_names",
    "run_query",
    "validate",
]

"""BorderKG: a knowledge graph of international border-management cooperation.

Use from a notebook::

    from borderkg import Store, ingest, run_query
    store = Store.open("memory")
    ingest(store, [Path("pages/")])
    rows = run_query(store, "projects")

The names below are imported on first use, so that importing the package (and the command
line's --help) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# public name -> (module, attribute)
_PUBLIC = {
    "export": ("borderkg.graph.export", "export"),
    "export_ontology": ("borderkg.graph.export", "export_ontology"),
    "IngestReport": ("borderkg.graph.ingest", "IngestReport"),
    "ingest": ("borderkg.graph.ingest", "ingest"),
    "Rows": ("borderkg.graph.store", "Rows"),
    "Store": ("borderkg.graph.store", "Store"),
    "StoreError": ("borderkg.graph.store", "StoreError"),
    "ValidationReport": ("borderkg.graph.validate", "ValidationReport"),
    "validate": ("borderkg.graph.validate", "validate"),
    "LibraryQuery": ("borderkg.queries.library", "LibraryQuery"),
    "ParameterError": ("borderkg.queries.library", "ParameterError"),
    "load_query": ("borderkg.queries.library", "load"),
    "query_names": ("borderkg.queries.library", "names"),
    "QueryError": ("borderkg.queries.runner", "QueryError"),
    "QueryLimitError": ("borderkg.queries.runner", "QueryLimitError"),
    "QueryResult": ("borderkg.queries.runner", "QueryResult"),
    "sparql": ("borderkg.queries.runner", "sparql"),
    "UnsafeQueryError": ("borderkg.queries.safety", "UnsafeQueryError"),
}

if TYPE_CHECKING:
    from borderkg.graph.export import export, export_ontology
    from borderkg.graph.ingest import IngestReport, ingest
    from borderkg.graph.store import Rows, Store, StoreError
    from borderkg.graph.validate import ValidationReport, validate
    from borderkg.queries.library import LibraryQuery, ParameterError
    from borderkg.queries.library import load as load_query
    from borderkg.queries.library import names as query_names
    from borderkg.queries.runner import QueryError, QueryLimitError, QueryResult, sparql
    from borderkg.queries.safety import UnsafeQueryError


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module, attr = _PUBLIC[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'borderkg' has no attribute {name!r}")


def run_query(store: Store, name: str, **params: str) -> Rows:
    """Run a library query by name with its parameters (written values, bound as terms)."""
    from borderkg.queries import library

    query = library.load(name)
    return library.run(store, query, library.bind(query, params))


__all__ = [
    "IngestReport",
    "LibraryQuery",
    "ParameterError",
    "QueryError",
    "QueryLimitError",
    "QueryResult",
    "Rows",
    "Store",
    "StoreError",
    "UnsafeQueryError",
    "ValidationReport",
    "__version__",
    "export",
    "export_ontology",
    "ingest",
    "load_query",
    "query_names",
    "run_query",
    "sparql",
    "validate",
]

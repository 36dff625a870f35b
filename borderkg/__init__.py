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
    "IngestReport": ("borderkg.pipeline.ingest", "IngestReport"),
    "ingest": ("borderkg.pipeline.ingest", "ingest"),
    "Rows": ("borderkg.store", "Rows"),
    "Store": ("borderkg.store", "Store"),
    "StoreError": ("borderkg.store", "StoreError"),
    "open_store": ("borderkg.store", "open_store"),
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
    "Filter": ("borderkg.network.projections", "Filter"),
    "measures": ("borderkg.network.metrics", "compute"),
    "show_network": ("borderkg.viz.html", "show"),
    "network_figure": ("borderkg.viz.figures", "network_figure"),
    "read_rates": ("borderkg.queries.money", "read_rates"),
    "convert": ("borderkg.queries.money", "convert"),
}

if TYPE_CHECKING:
    import networkx as nx

    from borderkg.graph.export import export, export_ontology
    from borderkg.graph.validate import ValidationReport, validate
    from borderkg.network.metrics import compute as measures
    from borderkg.network.projections import Filter
    from borderkg.pipeline.ingest import IngestReport, ingest
    from borderkg.queries.library import LibraryQuery, ParameterError
    from borderkg.queries.library import load as load_query
    from borderkg.queries.library import names as query_names
    from borderkg.queries.money import convert, read_rates
    from borderkg.queries.runner import QueryError, QueryLimitError, QueryResult, sparql
    from borderkg.queries.safety import UnsafeQueryError
    from borderkg.store import Rows, Store, StoreError, open_store
    from borderkg.viz.figures import network_figure
    from borderkg.viz.html import show as show_network


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module, attr = _PUBLIC[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'borderkg' has no attribute {name!r}")


def run_query(store: Store, name: str, *, relevant_only: bool = False, **params: str) -> Rows:
    """Run a library query by name with its parameters (written values, bound as terms);
    `relevant_only` answers from the projects and events tagged as border management."""
    from borderkg.queries import library

    query = library.load(name)
    if relevant_only:
        from borderkg.graph.scope import relevant_view

        store = relevant_view(store)
    return library.run(store, query, library.bind(query, params))


def cooperation_network(store: Store, kind: str = "organisations",
                        flt: Filter | None = None) -> nx.Graph:
    """A cooperation network of the graph as NetworkX (kinds as `borderkg network --kind`:
    organisations, countries, bipartite, events, flows), filtered by years, roles, kinds,
    countries and relevance."""
    from borderkg.network import projections

    return projections.project(projections.load_rows(store), kind, flt or projections.Filter())


__all__ = [
    "Filter",
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
    "convert",
    "cooperation_network",
    "export",
    "export_ontology",
    "ingest",
    "load_query",
    "measures",
    "network_figure",
    "open_store",
    "query_names",
    "read_rates",
    "run_query",
    "show_network",
    "sparql",
    "validate",
]

"""The public API: complete, sorted, usable from a notebook."""

from __future__ import annotations

import borderkg
from tests.conftest import PAGES


def test_all_is_sorted_and_complete() -> None:
    assert borderkg.__all__ == sorted(borderkg.__all__)
    for name in borderkg.__all__:
        assert hasattr(borderkg, name), name


def test_notebook_use() -> None:
    store = borderkg.Store.open("memory")
    report = borderkg.ingest(store, [PAGES / "idf_bullet_en.txt"])
    assert [f.status for f in report.files] == ["added"]
    rows = borderkg.run_query(store, "projects").dicts()
    assert [str(r["identifiers"]) for r in rows] == ["IB.0287 | PW10P0506"]
    assert "projects" in borderkg.query_names()


def test_public_names_resolve_on_first_use() -> None:
    for name in borderkg.__all__:
        assert getattr(borderkg, name) is not None


def test_no_public_function_is_hidden_by_a_subpackage() -> None:
    import importlib

    import borderkg

    for name in ("network", "queries", "graph", "viz", "extract"):
        importlib.import_module(f"borderkg.{name}")  # sets borderkg.<name> to the module
    for name in borderkg.__all__:
        assert not isinstance(getattr(borderkg, name), type(borderkg)), name

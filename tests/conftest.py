"""Shared fixtures: paths to the project's own fixtures and to ../shared, and seeded stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderkg.pipeline.ingest import ingest
from borderkg.store import Store
from tests.servers import Server, oxigraph_server, virtuoso_server

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PAGES = DATA / "pages"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SPEC = SHARED / "spec"
IATI = SHARED / "data" / "iati"


def need_shared(path: Path) -> Path:
    """A path under ../shared, or a skip that says why the test cannot run."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is absent: CI must have ../shared beside the repository")
        pytest.skip(f"{path} is absent: these tests read the project's shared folder "
                    "(../shared beside the repository)")
    return path


def iati_codelists() -> Path:
    """The official IATI codelist files in ../shared (or a skip, see need_shared)."""
    return need_shared(IATI / "codelists")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared(SEEDS)


@pytest.fixture(scope="session")
def seed_store(seeds_dir: Path) -> Iterator[Store]:
    """An in-memory store holding the five seed documents (read-only for tests)."""
    store = Store.open("memory")
    report = ingest(store, [seeds_dir])
    assert not report.failed, [f.error for f in report.failed]
    yield store


@pytest.fixture(scope="session")
def seeds_iati_store(seeds_dir: Path) -> Iterator[Store]:
    """An in-memory store holding the seeds and the real IATI files (read-only for tests)."""
    store = Store.open("memory")
    report = ingest(store, [seeds_dir, need_shared(IATI / "real")], codelists=iati_codelists())
    assert not report.failed, [f.error for f in report.failed]
    yield store


@pytest.fixture
def store() -> Store:
    """A fresh in-memory store."""
    return Store.open("memory")


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The Oxigraph server, started for the session on 127.0.0.1."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso open source, started for the session on 127.0.0.1."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server

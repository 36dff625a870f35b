"""The backends every store test runs on: Oxigraph in memory and on disk, and two real SPARQL
servers (the Oxigraph server and Virtuoso) started on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from borderkg.store import Store, open_store
from tests.servers import Server

BACKENDS = ("memory", "embedded", "oxigraph-server", "virtuoso")
SERVERS = {"oxigraph-server": "oxigraph", "virtuoso": "virtuoso"}


@dataclass
class Target:
    """One backend holding one (initially empty) dataset, opened as often as a test needs."""

    name: str
    open: Callable[..., Store]  # open(read_only=False) -> a Store on the same data


def target_for(name: str, request: pytest.FixtureRequest, folder: Path) -> Target:
    if name == "memory":
        data = ox.Store()
        return Target(name, lambda read_only=False: Store(data, spec="memory",
                                                          read_only=read_only))
    if name == "embedded":
        path = folder / "store"
        return Target(name, lambda read_only=False: open_store(path, read_only=read_only))
    server: Server = request.getfixturevalue(SERVERS[name])
    server.clear()
    return Target(name, server.open)


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """An empty dataset on each backend in turn."""
    yield target_for(request.param, request, tmp_path)

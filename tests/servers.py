"""Real SPARQL servers for the tests, started on 127.0.0.1 in a temporary folder: the
Oxigraph server (PyPI `oxigraph`, beside the test Python) and Virtuoso open source (Debian
`virtuoso-opensource`). In CI a missing server fails the tests that need it; elsewhere they
are skipped, saying what to install."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from borderkg.store import Store, open_store

VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: where to query, where to update, with which credentials."""

    name: str
    query_url: str
    update_url: str
    auth: tuple[str, str] | None = None

    def open(self, *, read_only: bool = False) -> Store:
        return open_store(self.query_url, update_url=self.update_url, auth=self.auth,
                          read_only=read_only)

    def clear(self) -> None:
        """Drop every BorderKG graph (the server's own graphs stay)."""
        with self.open() as store:
            for graph in list(store.backend.named_graphs()):
                store.backend.remove_graph(graph)  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        """The environment that points the command line at this server."""
        env = {"BORDERKG_STORE": self.query_url, "BORDERKG_UPDATE_URL": self.update_url}
        if self.auth:
            env |= {"BORDERKG_STORE_USER": self.auth[0], "BORDERKG_STORE_PASSWORD": self.auth[1]}
        return env


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed: CI must install it (.ci/run)")
    pytest.skip(f"{what} is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    """Wait until the endpoint answers ASK {} (or fail with the server's log)."""
    deadline = time.monotonic() + seconds
    ask = url + "?" + urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(ask, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    process.kill()
    tail = log.read_text("utf-8", "replace")[-2000:] if log.exists() else ""
    pytest.fail(f"the server at {url} did not start:\n{tail}")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """`oxigraph serve` with the union of the named graphs as its default graph."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph")
    if binary is None:
        _missing("the Oxigraph server (pip install oxigraph)")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(binary), "serve", "--location", str(folder / "db"),
                                    "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                    "--timeout-s", "60"],
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/query", process, log, 30)
        yield Server("oxigraph-server", base + "/query", base + "/update")
    finally:
        process.terminate()
        process.wait(10)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = .
CaseMode = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Virtuoso open source with a new database; updates at /sparql-auth as dba (digest)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        _missing("Virtuoso (apt-get install virtuoso-opensource)")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port,
                                       vsp=VIRTUOSO_VSP if VIRTUOSO_VSP.exists() else folder))
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen([str(binary), "+foreground", "+configfile", str(ini)],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(base + "/sparql", process, log, 120)
        yield Server("virtuoso", base + "/sparql", base + "/sparql-auth", ("dba", "dba"))
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()

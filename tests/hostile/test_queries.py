"""Untrusted queries: nothing leaves the store, nothing runs away."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderkg.cli import app
from borderkg.queries import library, runner
from borderkg.queries.safety import CheckedQuery, UnsafeQueryError
from borderkg.store import Store, StoreError
from tests.hostile.conftest import Listener

cli = CliRunner(env={"COLUMNS": "250"})
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    spec = str(tmp_path_factory.mktemp("hostile") / "store")
    result = cli.invoke(app, ["ingest", str(seeds_dir), "--store", spec])
    assert result.exit_code == 0, result.output
    return spec


EVASIONS = [
    "SELECT * WHERE { ?a ?b ?c # note\r SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o }\n }",
    "SELECT * WHERE { ?a ?b ?c # note\r\n SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c SERVICE <http://127.0.0.1:{port}/\\u0078> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c SeRvIcE SILENT <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } } }",
    "SELECT * FROM <http://127.0.0.1:{port}/x> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/x> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:{port}/x>",
    "CLEAR ALL",
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("template", EVASIONS)
def test_cli_refuses_and_sends_nothing(template: str, disk_store: str,
                                       listener: Listener) -> None:
    before = len(Store.open(disk_store, read_only=True))
    text = template.replace("{port}", str(listener.port))
    result = cli.invoke(app, ["query", "--sparql", text, "--store", disk_store])
    assert result.exit_code == 2
    assert "error:" in result.output and "not allowed" in result.output or \
        "not a SPARQL 1.1 query" in result.output
    time.sleep(0.3)
    assert listener.hits == []
    assert len(Store.open(disk_store, read_only=True)) == before


@pytest.mark.parametrize("template", EVASIONS[:5])
def test_the_worker_cannot_connect_even_when_the_checks_are_fooled(
        template: str, disk_store: str, listener: Listener) -> None:
    """The backstop: a SERVICE that got past both checks still makes no request."""
    text = template.replace("{port}", str(listener.port))
    fooled = CheckedQuery(text, "select")  # as if check_query had let it through
    try:
        result = runner.run(disk_store, fooled, limits=runner.Limits(timeout_s=30))
    except runner.QueryError as exc:
        assert "not allowed" in str(exc) or "denied" in str(exc).lower(), exc
    else:
        assert result.rows is not None  # SERVICE SILENT: the remote part stays unbound
        assert all(row[result.rows.variables.index("s")] is None for row in result.rows.rows)
    time.sleep(0.3)
    assert listener.hits == []


def test_the_guard_blocks_python_and_native_sockets(listener: Listener) -> None:
    code = f"""
import socket, pyoxigraph as ox
from borderkg.sandbox import block_network
print(block_network())
for family in (socket.AF_INET, socket.AF_INET6):
    try:
        socket.socket(family, socket.SOCK_STREAM)
        print("socket opened")
    except OSError:
        pass
try:
    socket.create_connection(("127.0.0.1", {listener.port}), timeout=2)
    print("connected")
except OSError:
    pass
s = ox.Store()
s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"), ox.Literal("c")))
try:
    list(s.query("SELECT * WHERE {{ ?a ?b ?c SERVICE <http://127.0.0.1:{listener.port}/> "
                 "{{ ?s ?p ?o }} }}"))
    print("service answered")
except OSError:
    pass
a, b = socket.socketpair()  # Unix sockets (pipes to the parent) still work
print("done")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert out == ["seccomp", "done"] if sys.platform == "linux" else out[-1] == "done"
    time.sleep(0.3)
    assert listener.hits == []


def test_runaway_query_stops_at_its_deadline(disk_store: str) -> None:
    started = time.monotonic()
    result = cli.invoke(app, ["query", "--sparql", CROSS_JOIN, "--store", disk_store,
                              "--timeout-s", "2"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2 and "deadline of 2 s" in " ".join(result.output.split())
    assert elapsed < 15


def test_ad_hoc_queries_stop_at_the_default_deadline_and_row_cap(
        disk_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "DEFAULT_TIMEOUT_S", 1.5)
    monkeypatch.setattr(runner, "DEFAULT_MAX_ROWS", 3)
    slow = cli.invoke(app, ["query", "--sparql", CROSS_JOIN, "--store", disk_store])
    assert slow.exit_code == 2 and "deadline of 1.5 s" in " ".join(slow.output.split())
    many = cli.invoke(app, ["query", "--sparql", "SELECT * WHERE { ?s ?p ?o }",
                            "--store", disk_store])
    assert many.exit_code == 2 and "more than 3 rows" in many.output
    unlimited = cli.invoke(app, ["query", "--sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
                                 "--store", disk_store, "--max-rows", "0", "-f", "csv"])
    assert unlimited.exit_code == 0 and len(unlimited.stdout.strip().splitlines()) == 11


def test_row_cap_is_an_error_not_a_truncation(disk_store: str) -> None:
    result = cli.invoke(app, ["query", "--sparql", "SELECT * WHERE { ?s ?p ?o }",
                              "--store", disk_store, "--max-rows", "5", "-f", "csv"])
    assert result.exit_code == 2 and "more than 5 rows" in result.output
    assert "http" not in result.stdout.split("error")[0]
    ok = cli.invoke(app, ["query", "--sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
                          "--store", disk_store, "--max-rows", "5", "-f", "csv"])
    assert ok.exit_code == 0 and len(ok.stdout.strip().splitlines()) == 6


def test_library_queries_take_the_limits_too(disk_store: str) -> None:
    result = cli.invoke(app, ["query", "participations", "--store", disk_store,
                              "--max-rows", "1"])
    assert result.exit_code == 2 and "more than 1 rows" in result.output


def test_in_memory_store_keeps_the_row_cap(seed_store: Store) -> None:
    with pytest.raises(runner.QueryLimitError):
        runner.sparql(seed_store, "SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    result = runner.sparql(seed_store, "ASK { ?s ?p ?o }")
    assert result.boolean is True


@pytest.mark.parametrize("value", [
    "frontex> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #",
    "x\" . ?s ?p ?o } #",
    "http://x/> } ; DROP ALL ; #",
])
def test_parameter_injection_is_refused(value: str) -> None:
    query = library.load("organisation-projects")
    with pytest.raises(library.ParameterError):
        library.bind(query, {query.parameters[0].name: value})


def test_string_parameters_are_bound_as_terms(seed_store: Store) -> None:
    """A string parameter full of SPARQL stays one literal: no row, no error, no request."""
    query = next(q for q in map(library.load, library.names())
                 if any(p.kind == "string" for p in q.parameters))
    name = next(p.name for p in query.parameters if p.kind == "string")
    bound = library.bind(query, {name: "x' } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #"})
    assert library.run(seed_store, query, bound).rows == []


def test_queries_run_while_another_process_writes(disk_store: str) -> None:
    """Reads open the store read-only: a writer holding it does not block them."""
    with Store.open(disk_store):  # holds the store's lock, as a notebook or an ingest would
        result = cli.invoke(app, ["query", "organisations", "--store", disk_store, "-f", "csv"])
        assert result.exit_code == 0, result.output
        assert "frontex" in result.stdout.lower()
        with pytest.raises(StoreError, match="another process is writing"):
            Store.open(disk_store)  # a second writer is told who holds the store


def test_unsafe_text_never_reaches_the_engine() -> None:
    with pytest.raises(UnsafeQueryError):
        runner.sparql("memory", "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")


def test_rq_files_are_checked_like_ad_hoc_queries(tmp_path: Path, disk_store: str,
                                                  listener: Listener) -> None:
    query = tmp_path / "evil.rq"
    query.write_text(EVASIONS[0].replace("{port}", str(listener.port)), "utf-8")
    result = cli.invoke(app, ["query", str(query), "--store", disk_store])
    assert result.exit_code == 2 and "SERVICE is not allowed" in result.output
    time.sleep(0.3)
    assert listener.hits == []


@pytest.mark.parametrize(("kind_of", "value"), [
    ("org", "http://x/ y"),  # not an IRI
    ("org", "x" * 100_000),
    ("country", "UKR'"),
    ("org", "frontex\n"),
    ("org", "<http://x/>"),
])
def test_odd_parameter_values_are_refused(kind_of: str, value: str) -> None:
    query = next(q for q in map(library.load, library.names())
                 if any(p.kind == kind_of for p in q.parameters))
    name = next(p.name for p in query.parameters if p.kind == kind_of)
    with pytest.raises(library.ParameterError):
        library.bind(query, {name: value})

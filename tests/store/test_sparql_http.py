"""What is particular to a store on a SPARQL server: its errors, credentials, deadline, the
sandbox's one way through, the command line and `serve` in front of it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Literal, URIRef

from borderkg.ontology import iris
from borderkg.queries import runner
from borderkg.queries.safety import check_query
from borderkg.sandbox import no_network
from borderkg.store import StoreError, open_store
from tests.servers import Server, free_port

G = URIRef(iris.BASE + "source/http-test")
LOG = (URIRef("https://example.org/run"), URIRef("http://www.w3.org/ns/prov#used"), G)


def _fill(server: Server, count: int) -> None:
    server.clear()
    with server.open() as store:
        store.apply({G: {(URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"),
                          Literal(i)) for i in range(count)}, iris.INGEST_LOG_GRAPH: {LOG}})


@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_a_refused_query_says_what_the_server_said(name: str,
                                                   request: pytest.FixtureRequest) -> None:
    server: Server = request.getfixturevalue(name)
    with server.open() as store:
        with pytest.raises(StoreError, match="refused the request"):
            store.select("SELECT ?s WHERE { ?s ?p }")
        with pytest.raises(runner.QueryError, match="refused"):
            runner.run(store, check_query("SELECT ?s WHERE { ?s ?p ?o "
                                          "FILTER(<https://example.org/no-function>(?o)) }"))


def test_an_unreachable_server_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        open_store(url)
    with pytest.raises(runner.QueryError, match="cannot reach"):
        runner.run(url, check_query("SELECT * { ?s ?p ?o }"))


def test_updates_need_the_credentials_the_server_asks_for(virtuoso: Server) -> None:
    _fill(virtuoso, 3)
    with open_store(virtuoso.query_url, update_url=virtuoso.update_url,
                    auth=("dba", "wrong")) as store:
        with pytest.raises(StoreError, match="HTTP 401"):
            store.apply({G: None})
    with open_store(virtuoso.query_url) as anonymous:  # the public endpoint: no updates
        with pytest.raises(StoreError, match="nothing was changed"):
            anonymous.apply({G: None})
        assert len(anonymous.triples(G)) == 3


def test_a_runaway_query_is_cut_at_its_deadline(oxigraph: Server) -> None:
    _fill(oxigraph, 1500)
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(runner.QueryLimitError, match="deadline"):
        runner.sparql(oxigraph.query_url, cross, timeout_s=1.0)
    assert time.monotonic() - started < 10
    with oxigraph.open() as store:  # the server still answers
        assert len(store.triples(G)) == 1500


def test_inside_the_sandbox_only_the_store_is_reachable(oxigraph: Server) -> None:
    _fill(oxigraph, 2)
    other = f"http://127.0.0.1:{free_port()}/"
    with oxigraph.open() as store, no_network():
        assert len(store.triples(G)) == 2
        with pytest.raises(PermissionError, match="network access is blocked"):
            urllib.request.urlopen(other, timeout=2)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "borderkg", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=300, check=False)


@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_the_command_line_ingests_into_and_queries_a_server(
        name: str, request: pytest.FixtureRequest, seeds_dir: Path, tmp_path: Path) -> None:
    server: Server = request.getfixturevalue(name)
    server.clear()
    ingested = _cli(server.env(), "ingest", str(seeds_dir))
    assert ingested.returncode == 0, ingested.stderr
    local = tmp_path / "store"
    assert _cli({}, "ingest", str(seeds_dir), "--store", str(local)).returncode == 0
    for query in ("projects", "organisations", "participations", "events", "unresolved"):
        remote = _cli(server.env(), "query", query, "-f", "csv")
        assert remote.returncode == 0, remote.stderr
        here = _cli({}, "query", query, "-f", "csv", "--store", str(local)).stdout
        # the same rows; their order may differ where a server collates long text its own way
        assert sorted(remote.stdout.splitlines()) == sorted(here.splitlines()), query
        assert remote.stdout.count("\n") > 1 or query == "unresolved", query
    exported = _cli(server.env(), "export", "-f", "nquads")
    assert exported.stdout == _cli({}, "export", "-f", "nquads", "--store", str(local)).stdout
    net = _cli(server.env(), "network", "--kind", "organisations", "-o",
               str(tmp_path / "net.graphml"), "--metrics", "--write-back")
    assert net.returncode == 0, net.stderr
    assert (tmp_path / "net.graphml").read_text("utf-8").count("<edge") > 0
    with server.open() as store:  # the measures went back through SPARQL Update
        assert store.triples(iris.analysis_graph("organisations"))


def _post(url: str, fields: dict[str, str], headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=urlencode(fields).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


def test_serve_in_front_of_a_server(oxigraph: Server, tmp_path: Path) -> None:
    _fill(oxigraph, 5)
    token = tmp_path / "token"
    token.write_text("t" * 20)
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "borderkg", "serve", "--store", oxigraph.query_url,
             "--update-url", oxigraph.update_url, "--port", str(port), "--timeout-s", "10",
             "--update-token-file", str(token)], stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }"
        status, body = _post(base + "/sparql", {"query": count}, {"Accept": "text/csv"})
        assert (status, body.split()) == (200, ["n", "5"])
        status, body = _post(base + "/sparql", {"query": "SELECT * { SERVICE "
                                                "<http://example.org/> { ?s ?p ?o } }"}, {})
        assert status == 400 and "SERVICE" in body
        status, body = _post(base + "/update", {"update": f"DROP GRAPH <{G}>"},
                             {"Authorization": "Bearer " + "t" * 20})
        assert status == 200, body
    finally:
        process.terminate()
        process.wait(10)
    with oxigraph.open() as store:
        assert store.triples(G) == set()


def test_a_server_that_is_not_sparql_is_refused() -> None:
    with pytest.raises(StoreError, match="not an http"):
        open_store("http:///query")

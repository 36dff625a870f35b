"""`borderkg serve` as a client sees it: a real server on 127.0.0.1 over a store of the seeds,
asked by plain HTTP and by SPARQLWrapper."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from borderkg.pipeline.ingest import ingest
from borderkg.store import Store
from tests.conftest import SEEDS, need_shared

P = "PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
PROJECTS = P + "SELECT ?p ?t WHERE { ?p a bkg:Project OPTIONAL { ?p bkg:title ?t } }"
CONSTRUCT = P + "CONSTRUCT { ?p bkg:title ?t } WHERE { ?p a bkg:Project ; bkg:title ?t }"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Served:
    url: str
    store: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """A `borderkg serve` of the store at `path` on a free port; (process, base URL)."""
    port = free_port()
    log = path.parent / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "borderkg", "serve", "--store",
                                 str(path), "--port", str(port), *extra], stderr=out)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"the server did not start: {log.read_text()}") from None
            time.sleep(0.2)


def seed_store_at(path: Path) -> Path:
    with Store.open(str(path)) as store:
        assert not ingest(store, [need_shared(SEEDS)]).failed
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = seed_store_at(tmp_path_factory.mktemp("served") / "store")
    proc, url = start(path, "--timeout-s", "10", "--max-rows", "500", "--workers", "4")
    yield Served(url + "/sparql", path)
    proc.terminate()
    proc.wait(10)


def ask(served: Served, query: str, *, accept: str | None = None, method: str = "GET",
        direct: bool = False, extra: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request."""
    fields = {"query": query, **(extra or {})}
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        req = urllib.request.Request(served.url + "?" + urllib.parse.urlencode(fields),
                                     headers=headers)
    elif direct:
        req = urllib.request.Request(served.url, data=query.encode(), method="POST",
                                     headers={**headers,
                                              "Content-Type": "application/sparql-query"})
    else:
        req = urllib.request.Request(served.url, data=urllib.parse.urlencode(fields).encode(),
                                     method="POST", headers={
                                         **headers,
                                         "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("content-type", ""), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers.get("content-type", ""), err.read()


def local_rows(served: Served, query: str) -> set[tuple[str | None, ...]]:
    with Store.open(str(served.store), read_only=True) as store:
        return {tuple(None if v is None else str(v) for v in row)
                for row in store.select(query).rows}


@pytest.mark.parametrize(("accept", "parser"), [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
@pytest.mark.parametrize("method", ["GET", "POST", "direct"])
def test_select_in_every_format_reads_back_to_the_same_rows(
        served: Served, accept: str, parser: str, method: str) -> None:
    status, kind, body = ask(served, PROJECTS, accept=accept, method=method.replace(
        "direct", "POST"), direct=method == "direct")
    assert status == 200 and kind.startswith(accept)
    result = Result.parse(source=io.BytesIO(body), format=parser)
    got = {tuple(None if row[v] is None else str(row[v]) for v in ("p", "t")) for row in result}
    expected = local_rows(served, PROJECTS)
    assert len(expected) >= 5
    if parser == "csv":  # CSV loses the difference between unbound and ""
        expected = {tuple(v or "" for v in row) for row in expected}
        got = {tuple(v or "" for v in row) for row in got}
    assert got == expected


@pytest.mark.parametrize(("accept", "parser"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_in_every_rdf_format(served: Served, accept: str, parser: str) -> None:
    status, kind, body = ask(served, CONSTRUCT, accept=accept)
    assert status == 200 and kind.startswith(accept)
    with Store.open(str(served.store), read_only=True) as store:
        triples = store.raw_query(CONSTRUCT)
        local = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),  # type: ignore[call-overload]
                              format="nt")
    got = Graph().parse(data=body, format=parser)
    assert len(got) >= 5 and isomorphic(got, local)


def test_sparqlwrapper_select_ask_and_construct(served: Served) -> None:
    client = SPARQLWrapper(served.url)
    client.setQuery(PROJECTS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert {r["p"]["value"] for r in rows} == {p for p, _ in local_rows(served, PROJECTS)}
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert len(Graph().parse(data=data, format="turtle")) >= 5  # type: ignore[arg-type]


def test_ask_gives_sparql_booleans(served: Served) -> None:
    assert ask(served, "ASK { ?s ?p ?o }")[2] == b'{"head":{},"boolean":true}\n'
    status, _, body = ask(served, "ASK { ?s ?p ?o }", accept="application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body


def test_updates_are_refused_and_change_nothing(served: Served) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = ask(served, count, accept="text/csv")[2]
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    assert ask(served, "", method="POST", extra={"update": insert})[0] == 403
    req = urllib.request.Request(served.url, data=insert.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    err.value.close()
    assert err.value.code == 403
    assert ask(served, insert)[0] == 400  # an update sent as a query is no query
    update_url = served.url.replace("/sparql", "/update")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(update_url, data=b"update=x",
                                                      method="POST"), timeout=30)
    err.value.close()
    assert err.value.code == 403
    assert ask(served, count, accept="text/csv")[2] == before


def test_service_and_other_datasets_are_refused_without_a_request(served: Served) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    called: list[object] = []

    def watch() -> None:
        try:
            conn, _ = listener.accept()
            conn.close()
            called.append(conn)
        except OSError:
            pass

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        status, _, body = ask(served, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
                                      "{ ?s ?p ?o } }")
        assert status == 400 and b"SERVICE" in body
        assert ask(served, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")[0] == 400
        assert ask(served, PROJECTS, extra={"default-graph-uri": "file:///etc/passwd"})[0] == 400
        assert ask(served, PROJECTS, extra={"named-graph-uri": "urn:x"})[0] == 400
    finally:
        thread.join()
        listener.close()
    assert not called  # no connection was made on a client's behalf


def test_bad_requests_get_clear_errors(served: Served) -> None:
    status, _, body = ask(served, "SELEC nothing")
    assert status == 400 and body
    assert ask(served, PROJECTS, accept="image/png")[0] == 406
    assert ask(served, CONSTRUCT, extra={"format": "csv"})[0] == 406
    assert ask(served, "SELECT * WHERE { ?s ?p ?o }")[0] == 503  # past the row cap (500)
    assert b"row cap" in ask(served, "SELECT * WHERE { ?s ?p ?o }")[2]


def test_service_description(served: Served) -> None:
    with urllib.request.urlopen(served.url, timeout=30) as resp:
        g = Graph().parse(data=resp.read(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert {str(o) for o in g.objects(None, URIRef(sd + "endpoint"))} == {
        served.url}


def test_a_runaway_query_is_cut_while_twenty_clients_are_answered(served: Served) -> None:
    small = P + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a bkg:Project }"
    expected = local_rows(served, small)
    finished: dict[str, float] = {}

    def runaway() -> int:
        status = ask(served, CROSS_JOIN)[0]
        finished["runaway"] = time.monotonic()
        return status

    def client(i: int) -> tuple[int, bytes]:
        status, _, body = ask(served, small, accept="text/csv")
        finished[f"client {i}"] = time.monotonic()
        return status, body

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=21) as pool:
        cut = pool.submit(runaway)
        time.sleep(0.5)  # the runaway holds a worker
        answers = list(pool.map(client, range(20)))
    assert cut.result() == 503  # stopped at the deadline (10 s), not a truncated 200
    assert finished["runaway"] - start >= 9
    count = next(iter(expected))[0]
    assert all(status == 200 and body.split()[-1].decode() == count for status, body in answers)
    assert max(t for k, t in finished.items() if k != "runaway") < finished["runaway"]


def test_reads_while_another_process_writes(served: Served, tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); print('open', "
        "flush=True); time.sleep(30)"), str(served.store)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        status, _, _ = ask(served, PROJECTS)
        assert status == 200
    finally:
        writer.kill()
        writer.communicate()


def get(url: str, accept: str) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("content-type", ""), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, "", err.read()


def test_iris_dereference_to_html_and_rdf(served: Served) -> None:
    base = served.url.removesuffix("/sparql")
    frontex = "https://w3id.org/borderkg/id/org/frontex"
    status, kind, body = get(base + "/id/org/frontex", "text/html,application/xhtml+xml")
    page = body.decode()
    assert status == 200 and kind.startswith("text/html")
    assert "<h1>Frontex</h1>" in page and "bkg:EUAgency" in page
    assert 'href="/id/project/' in page  # the projects that name it link to their pages
    for accept, parser in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                           ("application/n-triples", "nt")):
        status, kind, body = get(base + "/id/org/frontex", accept)
        assert status == 200 and kind.startswith(accept)
        g = Graph().parse(data=body, format=parser)
        assert (URIRef(frontex), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef("https://w3id.org/borderkg/ontology#EUAgency")) in g
        assert any(o == URIRef(frontex) for o in g.objects())  # what refers to it, too
    assert get(base + "/id/org/frontex?format=turtle", "text/html")[1].startswith("text/turtle")
    assert get(base + "/id/org/nobody-at-all", "text/html")[0] == 404
    assert get(base + "/id/org/frontex", "image/png")[0] == 406


def test_the_ontology_has_pages(served: Served) -> None:
    from borderkg.graph.export import export_ontology

    base = served.url.removesuffix("/sparql")
    status, _, body = get(base + "/ontology", "text/html")
    assert status == 200 and b'<tr id="Project">' in body and b"bkg:fundedBy" in body
    status, _, body = get(base + "/ontology", "text/turtle")
    assert isomorphic(Graph().parse(data=body, format="turtle"),
                      Graph().parse(data=export_ontology("turtle"), format="turtle"))


def test_the_query_page_works_offline_in_a_browser(served: Served) -> None:
    from tests.viz.test_browser import ARGS, CHROMIUM

    if os.environ.get("CI") == "true":  # in CI a missing package fails the run
        import playwright.sync_api as playwright
    else:
        playwright = pytest.importorskip("playwright.sync_api")
        if not Path(CHROMIUM).exists():
            pytest.skip("needs Debian's chromium (.ci/run installs it)")
    base = served.url.removesuffix("sparql")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base)
        page.wait_for_function("() => window.borderkgReady === true")
        page.select_option("#examples", "partners-of-organisation")
        page.fill("#params input[name=organisation]", "Frontex")
        page.click("#run")
        page.wait_for_function("() => window.borderkgRows > 0")
        assert "Polish Border Guard" in page.inner_text("#results")
        share = page.get_attribute("#share", "href") or ""
        assert "example=partners-of-organisation" in share and "organisation=Frontex" in share
        again = browser.new_page()
        again.goto(base + share)
        again.wait_for_function("() => window.borderkgReady === true")
        assert again.input_value("#params input[name=organisation]") == "Frontex"
        page.fill("#query", "SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/borderkg/ontology#Project> }")
        page.evaluate("window.borderkgRows = 0")
        page.click("#run")
        page.wait_for_function("() => window.borderkgRows > 0")
        assert page.evaluate("window.borderkgRows") == len(local_rows(
            served, P + "SELECT DISTINCT ?p WHERE { ?p a bkg:Project }"))
        browser.close()
    assert problems == []
    assert requests and all(r.startswith(base) for r in requests)  # nothing from elsewhere


def test_library_questions_by_name_with_parameters(served: Served) -> None:
    base = served.url.removesuffix("/sparql")
    status, kind, body = get(base + "/library/partners-of-organisation?organisation=Frontex",
                             "text/csv")
    assert status == 200 and kind.startswith("text/csv") and b"Polish Border Guard" in body
    assert get(base + "/library/partners-of-organisation", "text/csv")[0] == 400  # required
    assert get(base + "/library/projects?nonsense=1", "text/csv")[0] == 400
    assert get(base + "/library/no-such-question", "text/csv")[0] == 404


TOKEN = "a-secret-of-some-length-42"


def post_update(url: str, text: str, token: str | None, *, form: bool = False) -> int:
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form
               else "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = urllib.parse.urlencode({"update": text}).encode() if form else text.encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST",
                                                           headers=headers), timeout=60) as r:
            return int(r.status)
    except urllib.error.HTTPError as err:
        with err:
            return err.code


def test_updates_with_the_token_only(tmp_path: Path) -> None:
    path = seed_store_at(tmp_path / "store")
    (tmp_path / "token").write_text(TOKEN + "\n", "utf-8")
    proc, url = start(path, "--update-token-file", str(tmp_path / "token"))
    served = Served(url + "/sparql", path)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    insert = "INSERT DATA { GRAPH <urn:borderkg:notes> { <urn:a> <urn:b> 'c' } }"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    try:
        before = ask(served, count, accept="text/csv")[2]
        assert post_update(url + "/update", insert, None) == 401
        assert post_update(url + "/update", insert, "not-the-token-at-all") == 403
        assert post_update(url + "/update", "INSERT DATA { nonsense", TOKEN) == 400
        load = f"LOAD <http://127.0.0.1:{listener.getsockname()[1]}/> INTO GRAPH <urn:x>"
        assert post_update(url + "/update", load, TOKEN) == 400
        with pytest.raises(OSError):
            listener.accept()  # LOAD was refused before anything was fetched
        assert ask(served, count, accept="text/csv")[2] == before
        assert post_update(url + "/update", insert, TOKEN) == 200
        assert post_update(url + "/update", "INSERT DATA { GRAPH <urn:borderkg:notes> { "
                                            "<urn:a> <urn:b> 'd' } }", TOKEN, form=True) == 200
        rows = ask(served, "SELECT ?o WHERE { GRAPH <urn:borderkg:notes> { ?s ?p ?o } } "
                           "ORDER BY ?o", accept="text/csv")[2]
        assert rows.split() == [b"o", b"c", b"d"]
    finally:
        listener.close()
        proc.terminate()
        proc.wait(10)


def test_void_description(served: Served) -> None:
    base = served.url.removesuffix("/sparql")
    status, kind, body = get(base + "/.well-known/void", "text/turtle")
    assert status == 200 and kind.startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    void = "http://rdfs.org/ns/void#"
    dataset = URIRef(base + "/.well-known/void#dataset")
    assert g.value(dataset, URIRef(void + "sparqlEndpoint")) == URIRef(served.url)
    quads = ask(served, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                accept="text/csv")[2].split()[-1].decode()
    assert str(g.value(dataset, URIRef(void + "triples"))) == quads
    files = {str(f) for f in g.objects(None, URIRef("http://purl.org/dc/terms/source"))}
    assert files == {p.name for p in sorted(SEEDS.iterdir())}  # a subset per source
    examples = list(g.objects(dataset, URIRef(void + "exampleResource")))
    assert len(examples) >= 4
    for example in examples:
        path = str(example).removeprefix("https://w3id.org/borderkg")
        assert get(base + path, "text/turtle")[0] == 200  # the examples dereference
    jsonld = get(base + "/.well-known/void", "application/ld+json")[2]
    assert isomorphic(Graph().parse(data=jsonld, format="json-ld"), g)

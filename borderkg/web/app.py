"""`borderkg serve`: the SPARQL 1.1 Protocol over a store (on disk, or a SPARQL server behind
these checks), read-only unless an update token is configured.

Every query is checked as the command line checks ad-hoc queries (no SERVICE, LOAD, FROM or
update) and runs in its own worker process (queries/runner.py) that opens the store read-only,
has no network and is killed at the deadline, so that a runaway query stops working, not only
answering, and never holds the store. In front of a SPARQL server the server answers, and the
request is given up at the deadline. At most `workers` queries run at once; the others wait
for a free worker. A query past its deadline or its row cap is an error (503), never a
truncated answer. The default graph is the union of the committed named graphs; requests may
not name other graphs (default-graph-uri, named-graph-uri).
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from borderkg.queries import formats, library, runner
from borderkg.queries.safety import CheckedQuery, UnsafeQueryError, check_query, check_update
from borderkg.store import Rows, StoreError, open_store
from borderkg.web import pages
from borderkg.web.negotiate import GRAPH_TYPES, NotAcceptableError, choose

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


@dataclass(frozen=True)
class Settings:
    """What a served store allows: the store (a directory or a SPARQL server's query URL),
    the deadline and row cap of each query, how many queries run at once and how long a query
    text may be."""

    store: str
    timeout_s: float = 30.0
    max_rows: int = 100_000
    workers: int = 4
    max_query_bytes: int = 100_000
    update_token: str | None = None  # updates at /update only with this bearer token
    update_url: str | None = None  # where updates go when the store is a SPARQL server


class RequestError(Exception):
    """A request the endpoint refuses, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(settings: Settings) -> Starlette:
    """The endpoint as an ASGI application (run it with uvicorn; `serve` does)."""
    slots = asyncio.Semaphore(settings.workers)
    limits = runner.Limits(settings.timeout_s or None, settings.max_rows or None)

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, settings.max_query_bytes)
            if text is None:
                return _service_description(str(request.url_for("sparql")))
            checked = check_query(text)
            fmt, media = choose(checked.form, request.headers.get("accept"),
                                request.query_params.get("format"))
        except RequestError as exc:
            return PlainTextResponse(str(exc), status_code=exc.status)
        except UnsafeQueryError as exc:
            return PlainTextResponse(f"query refused: {exc}", status_code=400)
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        try:
            result = await run(checked)
        except runner.QueryLimitError as exc:
            return PlainTextResponse(str(exc), status_code=503)
        except runner.QueryError as exc:
            return PlainTextResponse(f"query failed: {exc}", status_code=400)
        return Response(_body(result, fmt), media_type=media)

    async def run(query: CheckedQuery, bindings: dict[str, Node] | None = None
                  ) -> runner.QueryResult:
        async with slots:
            return await run_in_threadpool(runner.run, settings.store, query, bindings, limits)

    async def resource(request: Request) -> Response:
        iri = pages.BASE + "id/" + request.path_params["path"]
        try:
            ox.NamedNode(iri)
            html = _wants_html(request)
            fmt, media = ("html", "text/html") if html else choose(
                "describe", request.headers.get("accept"), request.query_params.get("format"))
            bindings: dict[str, Node] = {"resource": URIRef(iri)}
            facts = (await run(_web_query("resource-out"), bindings)).rows
            links = (await run(_web_query("resource-in"), bindings)).rows
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        except ValueError:
            return PlainTextResponse("not a BorderKG IRI", status_code=404)
        except runner.QueryError as exc:
            return PlainTextResponse(str(exc), status_code=503)
        assert facts is not None and links is not None
        if not facts.ox_terms() and not links.ox_terms():
            return PlainTextResponse(f"nothing is known of {iri}", status_code=404)
        from borderkg.graph.export import PREFIXES

        if html:
            return HTMLResponse(pages.resource_page(iri, facts, links, PREFIXES))
        return Response(formats.graph(_description(iri, facts, links), fmt, prefixes=PREFIXES),
                        media_type=media)

    async def ontology(request: Request) -> Response:
        from borderkg.graph.export import export_ontology

        if _wants_html(request):
            return HTMLResponse(pages.ontology_page(export_ontology("turtle")))
        try:
            fmt, media = choose("describe", request.headers.get("accept"),
                                request.query_params.get("format"))
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        return Response(export_ontology({"rdfxml": "xml"}.get(fmt, fmt)), media_type=media)

    writing = asyncio.Lock()

    async def void(request: Request) -> Response:
        from borderkg.web.void import PREFIXES, void_triples

        try:
            fmt, media = choose("describe", request.headers.get("accept"),
                                request.query_params.get("format"))
            graphs = (await run(_web_query("void-graphs"))).rows
            classes = (await run(_web_query("void-examples"))).rows
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        except runner.QueryError as exc:
            return PlainTextResponse(str(exc), status_code=503)
        assert graphs is not None and classes is not None
        triples = void_triples(str(request.url_for("sparql")), graphs, classes)
        return Response(formats.graph(triples, fmt, prefixes=PREFIXES), media_type=media)

    async def update(request: Request) -> Response:
        """SPARQL 1.1 Update for the holder of the token; without a token configured, none."""
        if not settings.update_token:
            return PlainTextResponse("this endpoint is read-only: updates are refused",
                                     status_code=403)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            return PlainTextResponse("updates need the token (Authorization: Bearer TOKEN)",
                                     status_code=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="borderkg"'})
        if not hmac.compare_digest(given.strip().encode(), settings.update_token.encode()):
            return PlainTextResponse("wrong token", status_code=403)
        if request.method != "POST":
            return PlainTextResponse("send updates with POST", status_code=405)
        try:
            text = check_update(await _update_text(request, settings.max_query_bytes))
        except RequestError as exc:
            return PlainTextResponse(str(exc), status_code=exc.status)
        except UnsafeQueryError as exc:
            return PlainTextResponse(f"update refused: {exc}", status_code=400)
        async with writing:  # one writer at a time; each update is one transaction
            try:
                await run_in_threadpool(_apply, settings, text)
            except StoreError as exc:
                busy = "another process" in str(exc)
                return PlainTextResponse(str(exc), status_code=503 if busy else 400)
        return PlainTextResponse("done")

    async def index(request: Request) -> Response:
        return HTMLResponse(pages.query_page(_examples()))

    async def library_query(request: Request) -> Response:
        """A library question with its parameters bound as terms (the query page's examples)."""
        try:
            query = library.load(request.path_params["name"])
            values = {k: request.query_params[k] for k in request.query_params if k != "format"}
            bindings = library.bind(query, values)
            fmt, media = choose("select", request.headers.get("accept"),
                                request.query_params.get("format"))
            result = await run(CheckedQuery(query.text, "select"), bindings)
        except KeyError as exc:
            return PlainTextResponse(str(exc.args[0]), status_code=404)
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        except library.ParameterError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except runner.QueryError as exc:
            return PlainTextResponse(str(exc), status_code=503)
        assert result.rows is not None
        return Response(formats.to_w3c(library.sort_lists(query, result.rows), fmt),
                        media_type=media)

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
                             Route("/update", update, methods=["GET", "POST"]),
                             Route("/id/{path:path}", resource),
                             Route("/ontology", ontology),
                             Route("/library/{name}", library_query),
                             Route("/.well-known/void", void),
                             Route("/", index)])


async def _query_text(request: Request, max_bytes: int) -> str | None:
    """The query of a GET, a POST urlencoded or a POST direct request; None for a request
    without one (which asks for the service description)."""
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    if request.method == "POST":
        kind, body = await _posted(request, max_bytes)
        if kind == "application/sparql-update":
            raise RequestError(403, "this endpoint is read-only: updates are refused")
        if kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8", "replace")).items():
                params.setdefault(key, []).extend(values)
        elif kind == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        else:
            raise RequestError(415, "send application/sparql-query or "
                                    "application/x-www-form-urlencoded")
    if "update" in params:
        raise RequestError(403, "this endpoint is read-only: updates are refused")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise RequestError(400, "this endpoint's dataset is fixed (the union of its graphs); "
                                "default-graph-uri and named-graph-uri are refused")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise RequestError(400, "give one query")
    if queries and len(queries[0].encode()) > max_bytes:
        raise RequestError(413, f"a query may have at most {max_bytes:,} bytes")
    return queries[0] if queries else None


async def _posted(request: Request, max_bytes: int) -> tuple[str, bytes]:
    """The media type and body of a POST request, refused past `max_bytes`."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > max_bytes:
        raise RequestError(413, f"a request may have at most {max_bytes:,} bytes")
    return kind, body


async def _update_text(request: Request, max_bytes: int) -> str:
    kind, body = await _posted(request, max_bytes)
    if kind == "application/sparql-update":
        return body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        updates = parse_qs(body.decode("utf-8", "replace")).get("update", [])
        if len(updates) == 1:
            return updates[0]
        raise RequestError(400, "give one update")
    raise RequestError(415, "send application/sparql-update or "
                            "application/x-www-form-urlencoded")


def _apply(settings: Settings, text: str) -> None:
    """Run an update on the store, opened for writing for this update only (so that ingest
    and other writers can use it between updates)."""
    with open_store(settings.store, update_url=settings.update_url, must_exist=True) as store:
        store.update(text)


def _examples() -> list[dict[str, object]]:
    """The library's questions for the query page: name, title, description, parameters,
    text."""
    out: list[dict[str, object]] = []
    for name in library.names():
        q = library.load(name)
        out.append({"name": name, "title": q.title, "description": q.description, "text": q.text,
                    "parameters": [{"name": p.name, "kind": p.kind, "required": p.required,
                                    "description": p.description} for p in q.parameters]})
    return out


def _wants_html(request: Request) -> bool:
    """A browser (Accept names HTML) that did not ask for a format."""
    accept = request.headers.get("accept", "")
    return "format" not in request.query_params and (
        "text/html" in accept or "application/xhtml+xml" in accept)


def _web_query(name: str) -> CheckedQuery:
    return CheckedQuery(library.load(name, folder="web").text, "select")


def _description(iri: str, facts: Rows, links: Rows) -> list[ox.Triple]:
    """The triples of a resource's description: its facts and what refers to it, once each
    (a fact stated by several sources is one triple), sorted."""
    node = ox.NamedNode(iri)
    triples = {ox.Triple(node, p, v) for _, p, v, *_ in facts.ox_terms()
               if isinstance(p, ox.NamedNode) and v is not None}
    triples |= {ox.Triple(s, p, node) for _, p, s, _ in links.ox_terms()
                if isinstance(p, ox.NamedNode) and isinstance(s, ox.NamedNode)}
    return sorted(triples, key=str)


def _body(result: runner.QueryResult, fmt: str) -> bytes:
    from borderkg.graph.export import PREFIXES

    if result.rows is not None:
        return formats.to_w3c(result.rows, fmt)
    if result.boolean is not None:
        return formats.boolean(result.boolean, fmt)
    return formats.graph(result.triples or [], fmt, prefixes=PREFIXES)


def _service_description(endpoint: str) -> Response:
    """The SPARQL 1.1 Service Description of the endpoint, as Turtle."""
    sd, service = ox.NamedNode, ox.BlankNode("service")
    triples = [ox.Triple(service, sd(RDF_TYPE), sd(f"{SD}Service")),
               ox.Triple(service, sd(f"{SD}endpoint"), sd(endpoint)),
               ox.Triple(service, sd(f"{SD}supportedLanguage"), sd(f"{SD}SPARQL11Query")),
               ox.Triple(service, sd(f"{SD}feature"), sd(f"{SD}UnionDefaultGraph"))]
    triples += [ox.Triple(service, sd(f"{SD}resultFormat"), sd(FORMATS + name))
                for name in RESULT_FORMATS]
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes={"sd": SD, "formats": FORMATS}) or b""
    return Response(body, media_type=GRAPH_TYPES["turtle"])


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Serve the store until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


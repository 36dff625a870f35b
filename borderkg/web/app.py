"""`borderkg serve`: the SPARQL 1.1 Protocol over a store on disk, read-only.

Every query is checked as the command line checks ad-hoc queries (no SERVICE, LOAD, FROM or
update) and runs in its own worker process (queries/runner.py) that opens the store read-only,
has no network and is killed at the deadline, so that a runaway query stops working, not only
answering, and never holds the store. At most `workers` queries run at once; the others wait
for a free worker. A query past its deadline or its row cap is an error (503), never a
truncated answer. The default graph is the union of the committed named graphs; requests may
not name other graphs (default-graph-uri, named-graph-uri).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from borderkg.queries import formats, runner
from borderkg.queries.safety import UnsafeQueryError, check_query
from borderkg.web.negotiate import GRAPH_TYPES, NotAcceptableError, choose

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


@dataclass(frozen=True)
class Settings:
    """What a served store allows: the store (a directory), the deadline and row cap of each
    query, how many queries run at once and how long a query text may be."""

    store: str
    timeout_s: float = 30.0
    max_rows: int = 100_000
    workers: int = 4
    max_query_bytes: int = 100_000


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
        async with slots:
            try:
                result = await run_in_threadpool(runner.run, settings.store, checked, None,
                                                 limits)
            except runner.QueryLimitError as exc:
                return PlainTextResponse(str(exc), status_code=503)
            except runner.QueryError as exc:
                return PlainTextResponse(f"query failed: {exc}", status_code=400)
        return Response(_body(result, fmt), media_type=media)

    async def update(request: Request) -> Response:
        return PlainTextResponse("this endpoint is read-only: updates are refused",
                                 status_code=403)

    async def index(request: Request) -> Response:
        endpoint = escape(str(request.url_for("sparql")))
        return HTMLResponse(f"<!doctype html><title>BorderKG</title><h1>BorderKG</h1>"
                            f"<p>SPARQL 1.1 endpoint: <code>{endpoint}</code> (read-only)</p>")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
                             Route("/update", update, methods=["GET", "POST"]),
                             Route("/", index)])


async def _query_text(request: Request, max_bytes: int) -> str | None:
    """The query of a GET, a POST urlencoded or a POST direct request; None for a request
    without one (which asks for the service description)."""
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if len(body) > max_bytes:
            raise RequestError(413, f"a query may have at most {max_bytes:,} bytes")
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


"""The SPARQL-HTTP backend: any SPARQL 1.1 server (Oxigraph server, Virtuoso, QLever,
GraphDB, Fuseki, Neptune) as the store, through the SPARQL 1.1 Protocol.

Queries are POSTed (urlencoded) to the query URL and answered as SPARQL XML results or
N-Triples, which pyoxigraph parses, so rows stay Oxigraph terms as with the embedded store.
Writes are SPARQL updates POSTed to the update URL; each request is one transaction on the
servers tested (Oxigraph, Virtuoso), so `Store.commit` stays all or nothing. Dataset options
become the protocol's `default-graph-uri`/`named-graph-uri`; the union default graph is the
server's own default graph (Oxigraph: `serve --union-default-graph`; Virtuoso by default).
Bound variables become VALUES blocks in the text (store/bindings.py). Listings (graphs, quads,
size) see only the graphs under https://w3id.org/borderkg/id/, so a server's own graphs
(Virtuoso's system graphs) stay out.

Credentials (`auth`; `open_store` takes them from $BORDERKG_STORE_USER and
$BORDERKG_STORE_PASSWORD) answer the server's basic or digest challenge. Requests run inside
`sandbox.store_access`, so the store is the one place that ingest and validation may reach
over the network.
"""

from __future__ import annotations

import hashlib
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from borderkg.ontology import iris
from borderkg.store.base import GraphName, RefusedError, Store, StoreError, Substitutions
from borderkg.store.bindings import with_values
from borderkg.store.terms import insert_update

ACCEPT_QUERY = ("application/sparql-results+xml, application/n-triples;q=0.9, "
                "text/turtle;q=0.8, application/rdf+xml;q=0.5")
_RESULTS = {"application/sparql-results+xml": ox.QueryResultsFormat.XML,
            "application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "text/tab-separated-values": ox.QueryResultsFormat.TSV}
_GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
           "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}
NO_GRAPH = iris.BASE + "graph/none"  # a graph name that names no graph: an empty dataset part
MAX_UPDATE_TRIPLES = 2000  # per INSERT DATA request (Virtuoso's parser fails near 5,000)
DEFAULT_TIMEOUT_S = 300.0
_MINE = f'FILTER(STRSTARTS(STR(?g), "{iris.BASE}"))'


def open_endpoint(query_url: str, *, update_url: str | None = None, read_only: bool = False,
                  timeout_s: float | None = None, auth: tuple[str, str] | None = None) -> Store:
    """A store on the SPARQL server at `query_url` (checked with one ASK), written through
    `update_url` (default: the query URL, as Virtuoso and Fuseki take both), logging in with
    `auth` (user, password) when the server asks."""
    backend = SparqlHttpBackend(query_url, update_url or query_url,
                                timeout_s=timeout_s or DEFAULT_TIMEOUT_S, auth=auth)
    try:
        backend.query("ASK {}")
    except TimeoutError as exc:
        raise StoreError(f"{query_url}: the SPARQL server did not answer ({exc})") from exc
    return Store(backend, spec=query_url, read_only=read_only,
                 max_update_triples=MAX_UPDATE_TRIPLES)


class SparqlHttpBackend:
    """The backend interface of `borderkg.store.base.Backend` over the SPARQL 1.1 Protocol."""

    def __init__(self, query_url: str, update_url: str, *,
                 timeout_s: float = DEFAULT_TIMEOUT_S, auth: tuple[str, str] | None = None
                 ) -> None:
        for url in (query_url, update_url):
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise StoreError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        self.query_url = query_url
        self.update_url = update_url
        self.timeout_s = timeout_s
        self._opener = _opener(auth, query_url, update_url)

    # -- the protocol -------------------------------------------------------------------------
    def _post(self, url: str, fields: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        """POST a form; the response's media type and body (StoreError if refused)."""
        from borderkg.sandbox import store_access

        request = urllib.request.Request(url, data=urlencode(fields).encode("utf-8"), headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": accept, "User-Agent": "borderkg"})
        deadline = time.monotonic() + self.timeout_s
        try:
            with store_access(url), self._opener.open(request, timeout=self.timeout_s) as resp:
                body = _read(resp, deadline, url)
                media = resp.headers.get_content_type()
                capped = resp.headers.get("X-SPARQL-MaxRows")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:800]
            raise RefusedError(f"{url}: the server refused the request (HTTP {exc.code}): "
                               f"{detail}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise TimeoutError(f"{url}: no answer within {self.timeout_s:g} s") from exc
            raise StoreError(f"{url}: cannot reach the SPARQL server ({exc.reason})") from exc
        if capped:  # Virtuoso says so when it cut a result at its ResultSetMaxRows
            raise StoreError(f"{url}: the server cut the result at {capped} rows (raise "
                             "ResultSetMaxRows in its [SPARQL] settings)")
        return media, body

    def query(self, query: str, *, substitutions: Substitutions | None = None,
              use_default_graph_as_union: bool = False,
              default_graph: GraphName | list[GraphName] | None = None,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None) -> Any:
        """A query's answer as pyoxigraph gives it: QuerySolutions or QueryBoolean (parsed
        SPARQL results), or a list of triples (CONSTRUCT, DESCRIBE)."""
        fields = [("query", with_values(query, substitutions) if substitutions else query)]
        if default_graph is None and named_graphs is not None and use_default_graph_as_union:
            default_graph = [*self.named_graphs()]  # naming graphs drops the union default
        if not isinstance(default_graph, list | None):
            default_graph = [default_graph]
        for graph in default_graph or []:
            fields.append(("default-graph-uri",
                           graph.value if isinstance(graph, ox.NamedNode) else NO_GRAPH))
        if named_graphs is not None:  # none named: no graph, not every graph
            names = [g.value for g in named_graphs if isinstance(g, ox.NamedNode)]
            fields += [("named-graph-uri", name) for name in names or [NO_GRAPH]]
        media, body = self._post(self.query_url, fields, ACCEPT_QUERY)
        if media == "application/sparql-results+xml" and b"<bnode>" in body:
            body = _BNODE.sub(_bnode_label, body)
        if media in _RESULTS:
            return ox.parse_query_results(body, format=_RESULTS[media])
        if media in _GRAPHS:
            return [q.triple for q in ox.parse(body, format=_GRAPHS[media])]
        raise StoreError(f"{self.query_url}: an answer in {media}, which is not SPARQL results "
                         "or RDF")

    def update(self, update: str) -> None:
        try:
            self._post(self.update_url, [("update", update)], "*/*")
        except TimeoutError as exc:  # sent, but unanswered: the server may yet apply it
            raise StoreError(f"{exc}; the server may still apply the update (check, then "
                             "run it again: BorderKG's writes replace whole graphs)") from exc

    def _select(self, query: str) -> list[ox.QuerySolution]:
        solutions = self.query(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError(f"{self.query_url}: no solutions for a SELECT query")
        return list(solutions)

    # -- listings, limited to BorderKG's graphs -----------------------------------------------
    def named_graphs(self) -> Iterator[ox.NamedNode]:
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_MINE} }}")
        return iter(sorted((r[0] for r in rows if isinstance(r[0], ox.NamedNode)),
                           key=lambda g: g.value))

    def __len__(self) -> int:
        rows = self._select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_MINE} }}")
        count = rows[0][0] if rows else None
        return int(count.value) if isinstance(count, ox.Literal) else 0

    def quads_for_pattern(self, subject: None, predicate: None, object: None,
                          graph_name: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad of BorderKG's graphs, or of one graph (only whole graphs are asked)."""
        where = (f"GRAPH {graph_name} {{ ?s ?p ?o }} BIND({graph_name} AS ?g)"
                 if graph_name is not None else f"GRAPH ?g {{ ?s ?p ?o }} {_MINE}")
        rows = self._select(f"SELECT ?g ?s ?p ?o WHERE {{ {where} }}")
        counted = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        expected = counted[0][0] if counted else None
        if isinstance(expected, ox.Literal) and int(expected.value) != len(rows):
            raise StoreError(f"{self.query_url}: the server gave {len(rows):,} of "
                             f"{int(expected.value):,} quads (a cap on result rows?)")
        return iter([ox.Quad(r[1], r[2], r[3], r[0]) for r in rows])

    def dump(self, *, format: ox.RdfFormat, from_graph: ox.NamedNode | None = None
             ) -> bytes | None:
        quads = list(self.quads_for_pattern(None, None, None, from_graph))
        if from_graph is not None:
            return ox.serialize([q.triple for q in quads], format=format)
        return ox.serialize(quads, format=format)

    # -- writing ------------------------------------------------------------------------------
    def bulk_load(self, *, path: Path, format: ox.RdfFormat, lenient: bool = False) -> None:
        """Load a quads file as INSERT DATA requests of at most MAX_UPDATE_TRIPLES triples
        (a graph with blank nodes is sent whole, so that they stay one node each). Not one
        transaction: the Store loads staging graphs only, and drops them on a failure."""
        graphs: dict[str, list[ox.Triple]] = {}
        for quad in ox.parse(path=path, format=format, lenient=lenient):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise StoreError(f"{path}: a quad outside a named graph")
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
        limit = MAX_UPDATE_TRIPLES
        batch: list[tuple[str, str]] = []
        size = 0
        for graph in sorted(graphs):
            triples = graphs[graph]
            step = len(triples) if any(_has_blank(t) for t in triples) else limit
            for start in range(0, len(triples), step):
                piece = triples[start:start + step]
                text = ox.serialize(piece, format=ox.RdfFormat.N_TRIPLES) or b""
                batch.append((graph, text.decode("utf-8")))
                size += len(piece)
                if size >= limit:
                    self.update(insert_update(batch))
                    batch, size = [], 0
        if batch:
            self.update(insert_update(batch))

    def remove_graph(self, graph_name: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph_name}")

    def flush(self) -> None:
        """Nothing to flush: the server made each update durable when it answered."""


def _read(response: Any, deadline: float, url: str) -> bytes:
    """A response's body, cut at the deadline (the socket's timeout bounds each read only,
    and a server that streams a long answer never pauses that long)."""
    chunks = []
    while chunk := response.read(1 << 16):
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: the answer was not complete at the deadline")
    return b"".join(chunks)


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


_BNODE = re.compile(rb"<bnode>([^<]*)</bnode>")


def _bnode_label(match: re.Match[bytes]) -> bytes:
    """A blank node label that N-Triples allows, for one a server gave (Virtuoso's are
    `nodeID://b10004`); the same label always maps to the same one."""
    label = match.group(1)
    if re.fullmatch(rb"[A-Za-z0-9_][A-Za-z0-9_.\-]*", label) and not label.endswith(b"."):
        return match.group(0)
    return b"<bnode>b" + hashlib.sha256(label).hexdigest()[:24].encode() + b"</bnode>"


def _opener(auth: tuple[str, str] | None, *urls: str) -> urllib.request.OpenerDirector:
    """An opener that answers the server's basic or digest challenge with `auth` (user,
    password), and follows no proxy settings."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if auth is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            passwords.add_password(None, url, *auth)
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                     urllib.request.HTTPBasicAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)

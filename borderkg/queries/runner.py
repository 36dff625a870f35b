"""Running a query where it can be stopped: a worker process with a deadline and a row cap.

The query engine cannot be interrupted from Python, so a query on an on-disk store runs in a
worker process (spawned, so no lock or thread is inherited) that opens the store read-only
(it needs no lock, so it runs beside a writer), blocks its own network access
(`sandbox.block_network`), and streams rows back in chunks. At the deadline the worker is
killed, which stops the work and frees its memory; past the row cap it stops by itself.
Either way the caller gets a QueryLimitError, never a truncated result.

A store held in memory (notebooks, tests) cannot be handed to another process, and a store on a
SPARQL server does its work on the server: their queries run in this process, with the row cap
and the deadline checked between rows (and, for a server, as the timeout of its request).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Generator, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from borderkg.queries.safety import CheckedQuery
from borderkg.store import Rows, Store, StoreError, is_remote, open_store

CHUNK = 2000  # rows per message from the worker
DEFAULT_TIMEOUT_S = 60.0  # for ad-hoc queries
DEFAULT_MAX_ROWS = 1_000_000  # for ad-hoc queries


class QueryError(RuntimeError):
    """A query that failed in the engine (syntax the engine refuses, an unreadable store)."""


class QueryLimitError(QueryError):
    """A query stopped at its deadline or its row cap."""


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds) and how many rows (or triples) it may give."""

    timeout_s: float | None = None
    max_rows: int | None = None
    relevant_only: bool = False  # run on the view of tagged projects and events only


def _scoped(store: Store, limits: Limits) -> Store:
    """The store a query runs on: the store, or its view of the tagged projects and events."""
    if not limits.relevant_only:
        return store
    from borderkg.graph.scope import relevant_view

    return relevant_view(store)


@dataclass
class QueryResult:
    """What a query gave: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str
    rows: Rows | None = None
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None


def _messages(store: Store, query: CheckedQuery, bindings: Mapping[str, Node] | None,
              max_rows: int | None) -> Iterator[tuple[Any, ...]]:
    """The query's answer as messages: ("vars", names), ("rows", chunk)..., ("bool", value),
    ("triples", chunk)..., then ("done",); or ("limit", reason) past the row cap."""
    if query.form == "ask":
        yield ("bool", bool(store.raw_query(query.text, bindings)))
        yield ("done",)
        return
    if query.form == "select":
        solutions = store.solutions(query.text, bindings)
        variables = [v.value for v in solutions.variables]
        yield ("vars", variables)
        width = range(len(variables))
        items: Iterable[Any] = (tuple(sol[i] for i in width) for sol in solutions)
        kind = "rows"
    else:  # pyoxigraph's terms and triples pickle as they are
        items = iter(store.raw_query(query.text, bindings))  # type: ignore[call-overload]
        kind = "triples"
    chunk: list[Any] = []
    count = 0
    for item in items:
        count += 1
        if max_rows is not None and count > max_rows:
            yield ("limit", f"the query gives more than {max_rows:,} {kind} (the row cap; "
                            "raise it with --max-rows, or narrow the query)")
            return
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield (kind, chunk)
            chunk = []
    if chunk:
        yield (kind, chunk)
    yield ("done",)


def _work(conn: Connection, spec: str, query: CheckedQuery,
          bindings: Mapping[str, Node] | None, limits: Limits) -> None:
    """The worker process: no network, the store read-only, the answer streamed back."""
    from borderkg.sandbox import block_network

    block_network()
    try:
        store = _scoped(Store.open(spec, read_only=True), limits)
        for message in _messages(store, query, bindings, limits.max_rows):
            conn.send(message)
    except (OSError, SyntaxError, ValueError, StoreError) as exc:
        conn.send(("error", str(exc)))
    finally:
        conn.close()


def _collect(form: str, messages: Iterator[tuple[Any, ...]]) -> QueryResult:
    result = QueryResult(form)
    variables: list[str] = []
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]] = []
    triples: list[ox.Triple] = []
    for message in messages:
        kind = message[0]
        if kind == "vars":
            variables = message[1]
        elif kind == "rows":
            rows += message[1]
        elif kind == "triples":
            triples += message[1]
        elif kind == "bool":
            result.boolean = message[1]
        elif kind == "limit":
            raise QueryLimitError(message[1])
        elif kind == "error":
            raise QueryError(message[1])
        elif kind == "done":
            break
    if form == "select":
        result.rows = Rows(variables, ox_rows=rows)
    elif form in ("construct", "describe"):
        result.triples = triples
    return result


def _from_worker(spec: str, query: CheckedQuery, bindings: Mapping[str, Node] | None,
                 limits: Limits) -> Generator[tuple[Any, ...], None, None]:
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_work, args=(send, spec, query, bindings, limits),
                         daemon=True, name="borderkg-query")
    worker.start()
    send.close()
    deadline = None if limits.timeout_s is None else time.monotonic() + limits.timeout_s
    try:
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and (remaining <= 0 or not receive.poll(remaining)):
                raise QueryLimitError(f"the query was stopped at its deadline of "
                                      f"{limits.timeout_s:g} s (raise it with --timeout-s, "
                                      "or narrow the query)")
            try:
                message = receive.recv()
            except EOFError:
                worker.join(5)
                raise QueryError(f"the query worker ended without an answer (exit code "
                                 f"{worker.exitcode}; out of memory?)") from None
            yield message
            if message[0] in ("done", "limit", "error"):
                return
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _in_process(store: Store, query: CheckedQuery, bindings: Mapping[str, Node] | None,
                limits: Limits) -> Generator[tuple[Any, ...], None, None]:
    deadline = None if limits.timeout_s is None else time.monotonic() + limits.timeout_s
    try:
        with store.deadline(limits.timeout_s):
            for message in _messages(_scoped(store, limits), query, bindings, limits.max_rows):
                if deadline is not None and time.monotonic() > deadline:
                    raise QueryLimitError(f"the query was stopped at its deadline of "
                                          f"{limits.timeout_s:g} s")
                yield message
    except TimeoutError as exc:  # a server's answer that did not come in time
        raise QueryLimitError(f"the query was stopped at its deadline of {limits.timeout_s:g} s "
                              "(raise it with --timeout-s, or narrow the query)"
                              if limits.timeout_s is not None else
                              f"the server did not answer in time ({exc})") from exc
    except (OSError, SyntaxError, ValueError, StoreError) as exc:
        raise QueryError(str(exc)) from exc


def run(store: Store | str, query: CheckedQuery, bindings: Mapping[str, Node] | None = None,
        limits: Limits | None = None) -> QueryResult:
    """Run a checked query on a store (an open Store, or the spec of one on disk or on a
    server) within its limits; QueryLimitError when it runs past them, QueryError when it
    fails."""
    limits = limits or Limits()
    if isinstance(store, str) and is_remote(store):
        try:
            with open_store(store, read_only=True) as server:
                return run(server, query, bindings, limits)
        except StoreError as exc:
            raise QueryError(str(exc)) from exc
    if isinstance(store, str) or store.on_disk:
        messages = _from_worker(store if isinstance(store, str) else store.spec, query,
                                bindings, limits)
    else:
        messages = _in_process(store, query, bindings, limits)
    with closing(messages):  # a worker never outlives the call
        return _collect(query.form, messages)


def sparql(store: Store | str, text: str, *, timeout_s: float | None = DEFAULT_TIMEOUT_S,
           max_rows: int | None = DEFAULT_MAX_ROWS, relevant_only: bool = False) -> QueryResult:
    """Run untrusted SPARQL safely (the command line's `--sparql`): checked (no SERVICE, LOAD,
    FROM or updates), then run within a deadline and a row cap; `relevant_only` runs it on the
    projects and events tagged as border management only."""
    from borderkg.queries.safety import check_query

    return run(store, check_query(text), None, Limits(timeout_s, max_rows, relevant_only))

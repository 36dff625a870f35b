"""The BorderKG store: one interface over the backends that hold the graph.

A backend is anything with the part of pyoxigraph's `Store` interface used here (`Backend`):
Oxigraph on disk or in memory (store/oxigraph.py), or any SPARQL 1.1 server
(store/sparql_http.py). Users see rdflib terms; the backend does the storage and the SPARQL.
Writes go through `apply` and `commit`, which replace or drop whole named graphs in one SPARQL
update, so a failure leaves the store as it was. Queries see the union of the committed named
graphs as their default graph: what an ingest has staged but not committed (its staging
graphs, and the new source graphs and record graphs of a run that the ingest log does not
list yet) stays hidden from every reader, also after a crash, until the next ingest removes
it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from borderkg.ontology import iris
from borderkg.store.rows import Rows
from borderkg.store.terms import (
    OxTerm,
    Quad,
    Triple,
    insert_update,
    iri_text,
    named,
    ntriples,
    to_ox,
    to_rdflib,
)

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Substitutions = dict[ox.Variable, OxTerm | ox.Triple]


class StoreError(Exception):
    """A store that cannot be opened or written."""


class RefusedError(StoreError):
    """A request the store answered with a refusal (a server's error status): it applied
    none of it."""


class Backend(Protocol):
    """What the Store needs of a backend: the part of pyoxigraph's `Store` it uses."""

    def query(self, query: str, *, substitutions: Substitutions | None = ...,
              use_default_graph_as_union: bool = ...,
              default_graph: GraphName | list[GraphName] | None = ...,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = ...) -> Any: ...

    def update(self, update: str) -> None: ...

    def bulk_load(self, *, path: Path, format: ox.RdfFormat, lenient: bool = ...) -> None: ...

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]: ...

    def quads_for_pattern(self, subject: None, predicate: None, object: None,
                          graph_name: ox.NamedNode | None) -> Iterator[ox.Quad]: ...

    def remove_graph(self, graph_name: ox.NamedNode) -> None: ...

    def dump(self, *, format: ox.RdfFormat, from_graph: ox.NamedNode | None = ...
             ) -> bytes | None: ...

    def flush(self) -> None: ...

    def __len__(self) -> int: ...


class Store:
    """A store over a backend, opened from a spec by `open_store` (store/open.py).

    `on_disk` says the backend is an Oxigraph directory that another process can open by its
    spec (query workers do); a store in memory or on a server is queried in this process.
    `max_update_triples` is the most triples one update may carry (a server's parser limit;
    None: no limit)."""

    def __init__(self, backend: Backend, *, spec: str, read_only: bool = False,
                 on_disk: bool = False, max_update_triples: int | None = None) -> None:
        self.backend = backend
        self.spec = spec
        self.read_only = read_only
        self.on_disk = on_disk
        self.max_update_triples = max_update_triples
        self._hidden: frozenset[str] | None = None  # uncommitted graphs (computed on demand)
        self._visible: list[ox.NamedNode] = []
        self._show_uncommitted = False

    @classmethod
    def open(cls, spec: str | Path | None = None, *, must_exist: bool = False,
             read_only: bool = False, update_url: str | None = None) -> Store:
        """The store a spec names (see `borderkg.store.open_store`)."""
        from borderkg.store.open import open_store

        return open_store(spec, must_exist=must_exist, read_only=read_only,
                          update_url=update_url)

    # -- what readers see ---------------------------------------------------------------------
    def uncommitted(self) -> frozenset[str]:
        """The graphs that no ingest has committed: staging graphs, and source and
        ingest-record graphs of runs that the ingest log does not list (a running or
        interrupted ingest left them)."""
        if self._hidden is None:
            names = [g for g in self.backend.named_graphs() if isinstance(g, ox.NamedNode)]
            solutions = self.backend.query(_committed_graphs_query())
            assert isinstance(solutions, ox.QuerySolutions)
            committed = {sol[0].value for sol in solutions if sol[0] is not None}
            self._hidden = frozenset(
                g.value for g in names if g.value.startswith(iris.STAGING_PREFIX)
                or ((iris.is_source_graph(g.value) or iris.is_ingest_records(g.value))
                    and g.value not in committed))
            self._visible = [g for g in names if g.value not in self._hidden]
        return self._hidden

    @contextmanager
    def showing_uncommitted(self) -> Iterator[Store]:
        """Let this store's own reads see staged work (for the ingest that staged it)."""
        self._show_uncommitted = True
        try:
            yield self
        finally:
            self._show_uncommitted = False

    def _dataset(self, named_graphs: Iterable[URIRef] | None = None) -> dict[str, Any]:
        """The query options that show readers the committed graphs only: the union of all
        graphs while nothing is uncommitted (fast), else the committed graphs by name."""
        chosen = None if named_graphs is None else [named(str(g)) for g in named_graphs]
        if self._show_uncommitted or not self.uncommitted():
            return {"use_default_graph_as_union": True, "named_graphs": chosen}
        hidden = self.uncommitted()
        visible = [g for g in (chosen if chosen is not None else self._visible)
                   if g.value not in hidden]
        return {"default_graph": visible or [ox.DefaultGraph()], "named_graphs": visible}

    def _seen(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and (
            self._show_uncommitted or graph.value not in self.uncommitted())

    @contextmanager
    def deadline(self, seconds: float | None) -> Iterator[Store]:
        """Within the block, a server backend gives up each request after `seconds` (a
        TimeoutError); an embedded store's queries are stopped by their worker instead."""
        before = getattr(self.backend, "timeout_s", None)
        if seconds is None or before is None:
            yield self
            return
        self.backend.timeout_s = seconds  # type: ignore[attr-defined]
        try:
            yield self
        finally:
            self.backend.timeout_s = before  # type: ignore[attr-defined]

    # -- reading ------------------------------------------------------------------------------
    def solutions(self, query: str, bindings: Mapping[str, Node] | None = None, *,
                  named_graphs: Iterable[URIRef] | None = None) -> ox.QuerySolutions:
        """The Oxigraph solutions of a SELECT query, streamed (see `select`)."""
        result = self.backend.query(query, substitutions=_substitutions(bindings),
                                **self._dataset(named_graphs))
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        return result

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *,
               named_graphs: Iterable[URIRef] | None = None) -> Rows:
        """Run a SELECT query; `bindings` binds variables to terms, never pasted into the text
        (Oxigraph's substitutions: a bound variable must be in the projection, as in
        `SELECT *`); `named_graphs` limits what GRAPH clauses see."""
        result = self.solutions(query, bindings, named_graphs=named_graphs)
        variables = [v.value for v in result.variables]
        width = range(len(variables))
        return Rows(variables, ox_rows=[tuple(sol[i] for i in width)
                                        for sol in result])

    def raw_query(self, query: str, bindings: Mapping[str, Node] | None = None) -> object:
        """The pyoxigraph result of any query, for formatting CONSTRUCT/ASK results."""
        return self.backend.query(query, substitutions=_substitutions(bindings), **self._dataset())

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.backend.named_graphs() if self._seen(g))

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """All quads, or those of one named graph."""
        for q in self.ox_quads(str(graph) if graph is not None else None):
            yield (to_rdflib(q.subject), to_rdflib(q.predicate),  # type: ignore[misc]
                   to_rdflib(q.object), URIRef(q.graph_name.value))  # type: ignore[union-attr]

    def ox_quads(self, graph: str | None = None) -> list[ox.Quad]:
        """Oxigraph quads of the named graphs (or of one), for fast serialisation."""
        graph_name = ox.NamedNode(graph) if graph is not None else None
        return [q for q in self.backend.quads_for_pattern(None, None, None, graph_name)
                if self._seen(q.graph_name)]

    def triples(self, graph: URIRef) -> set[Triple]:
        return {(s, p, o) for s, p, o, _ in self.quads(graph)}

    def __len__(self) -> int:
        if self._show_uncommitted or not self.uncommitted():
            return len(self.backend)
        return len(self.ox_quads())

    # -- writing ------------------------------------------------------------------------------
    def apply(self, changes: Mapping[URIRef, Iterable[Triple] | None]) -> None:
        """Replace (or, for None, drop) whole named graphs in one atomic update."""
        if changes:
            self.commit(moves={}, renames=(), changes=changes)

    def update(self, text: str) -> None:
        """Run a checked SPARQL update (queries.safety.check_update) in one transaction: all
        of it or, on an error, nothing."""
        self._update([text])

    def _update(self, parts: list[str]) -> None:
        if not parts:
            return
        self._changed()
        try:
            self.backend.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError, RefusedError) as exc:
            raise StoreError(f"write failed, nothing was changed: {exc}") from exc
        if self.on_disk:
            self.backend.flush()

    def stage_quads(self, path: Path) -> None:
        """Bulk-load an N-Quads file whose quads name their staging graphs, one load for a
        whole batch of sources (Oxigraph's bulk loader, much faster than a transaction).

        A staging graph is not a final graph: it becomes one only through `commit`, and the
        ingest drops it when anything fails, so the bulk loader's lack of a transaction
        never shows in the data. The file is the library's own, every term in it written by
        Oxigraph's constructors, which validated it: the loader does not check the IRIs again
        (`lenient`, 7% of a load's time)."""
        self._changed()
        try:
            self.backend.bulk_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"staging failed, nothing was changed: {exc}") from exc

    def drop(self, graphs: Iterable[URIRef]) -> None:
        """Remove named graphs (used to clean up staging graphs after a failure)."""
        self._changed()
        for graph in graphs:
            self.backend.remove_graph(ox.NamedNode(str(graph)))

    def commit(self, *, moves: Mapping[URIRef, URIRef],
               renames: Iterable[tuple[URIRef, URIRef, URIRef]],
               changes: Mapping[URIRef, Iterable[Triple] | None],
               additions: Mapping[URIRef, Iterable[Triple]] | None = None) -> None:
        """One atomic update: staged graphs replace their final graphs (moves: final ->
        staging; a graph staged under its final name stays), resources are renamed inside
        graphs (graph, old IRI, new IRI), whole graphs are replaced or dropped, and triples
        are added to graphs that keep what they hold (the ingest log grows by a run's
        records without being read and written again).

        On a store with `max_update_triples`, replacement graphs and additions larger than
        that are bulk-loaded into staging graphs first, which the same update then moves or
        adds into place."""
        graphs = {g: None if t is None else list(t) for g, t in changes.items()}
        added = {g: list(t) for g, t in (additions or {}).items()}
        if graphs.keys() & added.keys():
            raise ValueError("a graph is either replaced or added to in one commit")
        limit = self.max_update_triples
        large: dict[URIRef, list[Triple]] = {
            g: t for g, t in [*graphs.items(), *added.items()]
            if t is not None and limit is not None and len(t) > limit}
        staged = self._stage_graphs(large)
        try:
            self._commit({**moves, **{g: staged[g] for g in graphs.keys() & staged.keys()}},
                         renames, {g: t for g, t in graphs.items() if g not in large},
                         {g: staged.get(g, t) for g, t in added.items()})
        except BaseException:
            self.drop(staged.values())
            raise

    def _stage_graphs(self, graphs: Mapping[URIRef, list[Triple]]) -> dict[URIRef, URIRef]:
        """Bulk-load whole graphs into staging graphs; final graph -> its staging graph."""
        if not graphs:
            return {}
        staged = {g: URIRef(f"{iris.STAGING_PREFIX}commit-{iris.digest(str(g))}")
                  for g in graphs}
        with tempfile.NamedTemporaryFile(suffix=".nq") as file:
            for graph in sorted(graphs):
                name = named(str(staged[graph]))
                quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
                         for s, p, o in graphs[graph]]
                file.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
            file.flush()
            self.stage_quads(Path(file.name))
        return staged

    def _commit(self, moves: Mapping[URIRef, URIRef],
                renames: Iterable[tuple[URIRef, URIRef, URIRef]],
                changes: Mapping[URIRef, Iterable[Triple] | None],
                added: Mapping[URIRef, list[Triple] | URIRef]) -> None:
        parts = [f"MOVE GRAPH {iri_text(staging)} TO {iri_text(final)}"
                 for final, staging in sorted(moves.items()) if final != staging]
        rows = " ".join(f"({iri_text(g)} {iri_text(old)} {iri_text(new)})"
                        for g, old, new in sorted(renames))
        if rows:
            for pattern in ("?old ?p ?o", "?s ?p ?old"):
                new = pattern.replace("?old", "?new")
                parts.append(f"DELETE {{ GRAPH ?g {{ {pattern} }} }} "
                             f"INSERT {{ GRAPH ?g {{ {new} }} }} "
                             f"WHERE {{ VALUES (?g ?old ?new) {{ {rows} }} "
                             f"GRAPH ?g {{ {pattern} }} }}")
        parts += _replace_parts(changes)
        for graph in sorted(added):
            what = added[graph]
            if isinstance(what, URIRef):  # staged: added, then dropped, in the same update
                parts += [f"ADD GRAPH {iri_text(what)} TO {iri_text(graph)}",
                          f"DROP SILENT GRAPH {iri_text(what)}"]
            elif what:
                parts.append(insert_update([(str(graph), ntriples(what).decode("utf-8"))]))
        self._update(parts)

    def _changed(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.spec}: opened read-only")
        self._hidden = None

    def dump(self, *, format: ox.RdfFormat, graph: URIRef | None = None) -> bytes:
        """Oxigraph's own serialisation of the committed graphs or of one graph."""
        if graph is not None:
            if not self._seen(named(str(graph))):
                return b""
            return self.backend.dump(format=format, from_graph=ox.NamedNode(str(graph))) or b""
        if self._show_uncommitted or not self.uncommitted():
            return self.backend.dump(format=format) or b""
        return ox.serialize(self.ox_quads(), format=format) or b""

    def close(self) -> None:
        """Flush and release the store (an on-disk store is locked while open)."""
        if hasattr(self, "backend"):
            if self.on_disk and not self.read_only:
                self.backend.flush()
            del self.backend

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@cache
def _committed_graphs_query() -> str:
    return resources.files("borderkg.queries").joinpath(
        "internal/committed-graphs.rq").read_text("utf-8")


def _replace_parts(changes: Mapping[URIRef, Iterable[Triple] | None]) -> list[str]:
    parts: list[str] = []
    for graph in sorted(changes):
        g = iri_text(graph)
        parts.append(f"DROP SILENT GRAPH {g}")
        triples = changes[graph]
        body = ntriples(triples) if triples is not None else b""
        if body:
            parts.append(insert_update([(str(graph), body.decode("utf-8"))]))
    return parts


def _substitutions(bindings: Mapping[str, Node] | None) -> Substitutions | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_ox(term) for name, term in bindings.items()}

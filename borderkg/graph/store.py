"""The BorderKG store: Oxigraph (pyoxigraph) on disk, or in memory for tests and notebooks.

Users see rdflib terms; Oxigraph does the storage and the SPARQL. Writes go through
`apply`, which replaces or drops whole named graphs in one SPARQL update, so a failure leaves
the store as it was. Queries see the union of the committed named graphs as their default
graph: what an ingest has staged but not committed (its staging graphs, and new source graphs
that the ingest log does not record yet) stays hidden from every reader, also after a crash,
until the next ingest removes it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from borderkg.ontology import iris

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_STORE = "borderkg-store"
Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class StoreError(Exception):
    """A store that cannot be opened or written."""


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    """IRIs repeat (predicates, classes, concepts, organisations): build each once."""
    return ox.NamedNode(iri)


@lru_cache(maxsize=65536)
def _uriref(iri: str) -> URIRef:
    """IRIs repeat in results (kinds, roles, countries, organisations): build each once."""
    return URIRef(iri)


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=_named(str(term.datatype or XSD.string)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (plain strings stay plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _uriref(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


class Rows:
    """The result of a SELECT query: variable names and rows of terms (None = unbound).

    Rows read from the store keep Oxigraph's terms: `rows` and `dicts` give rdflib terms
    (converted once, on first use), `values` and `value_dicts` the plain strings (IRIs and
    lexical forms), several times faster, for callers that need no more."""

    def __init__(self, variables: list[str],
                 rows: list[tuple[Node | None, ...]] | None = None, *,
                 ox_rows: list[tuple[OxTerm | None, ...]] | None = None,
                 lists: dict[str, str] | None = None) -> None:
        self.variables = variables
        self._rows = rows
        self._ox_rows = ox_rows if rows is None else None
        self.lists = lists or {}  # multi-valued column -> the separator of its items

    @property
    def ox_rows(self) -> list[tuple[OxTerm | None, ...]] | None:
        """The rows in Oxigraph's terms, when they came from the store unconverted."""
        return self._ox_rows if self._rows is None else None

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self._rows is None:
            self._rows = [tuple(map(to_rdflib, row)) for row in self._ox_rows or []]
        return self._rows

    def ox_terms(self) -> list[tuple[OxTerm | None, ...]]:
        """The rows in Oxigraph's terms, converted if they were rdflib terms."""
        if self.ox_rows is not None:
            return self.ox_rows
        return [tuple(None if t is None else to_ox(t) for t in row) for row in self.rows]

    def __len__(self) -> int:
        return len(self._rows if self._rows is not None else self._ox_rows or [])

    def __repr__(self) -> str:
        return f"Rows(variables={self.variables!r}, rows={len(self)})"

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def values(self) -> list[tuple[str | None, ...]]:
        """Each row as plain strings: IRIs, blank node ids, lexical forms (None = unbound)."""
        if self._ox_rows is not None and self._rows is None:
            return [tuple(None if t is None else t.value for t in row) for row in self._ox_rows]
        return [tuple(None if t is None else str(t) for t in row) for row in self.rows]

    def value_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.values()]

    def python(self) -> list[tuple[object, ...]]:
        """Each row as Python values: int, float, bool, datetime.date for typed literals,
        str for IRIs and text, a list of str for the multi-valued columns, None = unbound."""
        split = [self.lists.get(v) for v in self.variables]
        return [tuple(_python(t, sep) for t, sep in zip(row, split, strict=True))
                for row in self.ox_terms()]

    def to_dataframe(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame of Python values (see `python`)."""
        import pandas as pd

        return pd.DataFrame(self.python(), columns=self.variables)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks (every value escaped), the first 50 rows."""
        import html

        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join("<tr>" + "".join(
            f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in self.values()[:_SHOWN_ROWS])
        more = (f"<p>{len(self):,} rows; the first {_SHOWN_ROWS} shown.</p>"
                if len(self) > _SHOWN_ROWS else f"<p>{len(self):,} row(s)</p>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


_SHOWN_ROWS = 50
_INTEGERS = {str(XSD[t]) for t in ("integer", "int", "long", "short", "byte",
                                   "nonNegativeInteger", "positiveInteger",
                                   "nonPositiveInteger", "negativeInteger", "unsignedInt",
                                   "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {str(XSD[t]) for t in ("decimal", "double", "float")}


def list_items(text: str, separator: str) -> list[str]:
    """The items of a multi-valued cell (a GROUP_CONCAT), empty items dropped."""
    return [x.strip() for x in text.split(separator.strip() or None) if x.strip()]


def _python(term: OxTerm | None, separator: str | None) -> object:
    """One term as a Python value; a literal that does not read as its datatype stays text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    text, datatype = term.value, term.datatype.value
    if separator is not None:
        return list_items(text, separator)
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(text)
        if datatype == str(XSD.boolean):
            return text in ("true", "1")
        if datatype == str(XSD.date):
            return datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return text


class Store:
    """A store opened from a spec: a directory (Oxigraph on disk) or `memory`."""

    def __init__(self, backend: ox.Store, *, spec: str, read_only: bool = False) -> None:
        self._ox = backend
        self.spec = spec
        self.read_only = read_only
        self._hidden: frozenset[str] | None = None  # uncommitted graphs (computed on demand)
        self._visible: list[ox.NamedNode] = []
        self._show_uncommitted = False

    @classmethod
    def open(cls, spec: str | Path | None = None, *, must_exist: bool = False,
             read_only: bool = False) -> Store:
        """Open the store a spec names; the default is $BORDERKG_STORE or ./borderkg-store.

        A directory that does not exist is created, unless `must_exist` (for commands that
        only read, where a missing store is a mistake worth saying). `read_only` opens a
        snapshot that needs no lock, so it works while another process writes."""
        text = spec_text(spec)
        if text == "memory":
            return cls(ox.Store(), spec=text)
        path = store_path(text)
        if (must_exist or read_only) and not path.exists():
            raise StoreError(f"{text}: no store here yet (run `borderkg ingest` first, or give "
                             "--store)")
        try:
            if read_only:
                return cls(ox.Store.read_only(str(path)), spec=text, read_only=True)
            return cls(ox.Store(str(path)), spec=text)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{text}: another process is writing to this store (an ingest, "
                                 "or a notebook that opened it); wait for it to finish or close "
                                 "it, then try again") from exc
            raise StoreError(f"{text}: cannot open the store ({exc})") from exc

    # -- what readers see ---------------------------------------------------------------------
    def uncommitted(self) -> frozenset[str]:
        """The graphs that no ingest has committed: staging graphs, and source graphs that
        the ingest log does not record (a running or interrupted ingest left them)."""
        if self._hidden is None:
            names = [g for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode)]
            solutions = self._ox.query(_committed_sources_query())
            assert isinstance(solutions, ox.QuerySolutions)
            committed = {sol[0].value for sol in solutions if sol[0] is not None}
            self._hidden = frozenset(
                g.value for g in names if g.value.startswith(iris.STAGING_PREFIX)
                or (iris.is_source_graph(g.value) and g.value not in committed))
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
        chosen = None if named_graphs is None else [_named(str(g)) for g in named_graphs]
        if self._show_uncommitted or not self.uncommitted():
            return {"use_default_graph_as_union": True, "named_graphs": chosen}
        hidden = self.uncommitted()
        visible = [g for g in (chosen if chosen is not None else self._visible)
                   if g.value not in hidden]
        return {"default_graph": visible or [ox.DefaultGraph()], "named_graphs": visible}

    def _seen(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and (
            self._show_uncommitted or graph.value not in self.uncommitted())

    # -- reading ------------------------------------------------------------------------------
    def solutions(self, query: str, bindings: Mapping[str, Node] | None = None, *,
                  named_graphs: Iterable[URIRef] | None = None) -> ox.QuerySolutions:
        """The Oxigraph solutions of a SELECT query, streamed (see `select`)."""
        result = self._ox.query(query, substitutions=_substitutions(bindings),
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
        return self._ox.query(query, substitutions=_substitutions(bindings), **self._dataset())

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if self._seen(g))

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """All quads, or those of one named graph."""
        for q in self.ox_quads(str(graph) if graph is not None else None):
            yield (to_rdflib(q.subject), to_rdflib(q.predicate),  # type: ignore[misc]
                   to_rdflib(q.object), URIRef(q.graph_name.value))  # type: ignore[union-attr]

    def ox_quads(self, graph: str | None = None) -> list[ox.Quad]:
        """Oxigraph quads of the named graphs (or of one), for fast serialisation."""
        graph_name = ox.NamedNode(graph) if graph is not None else None
        return [q for q in self._ox.quads_for_pattern(None, None, None, graph_name)
                if self._seen(q.graph_name)]

    def triples(self, graph: URIRef) -> set[Triple]:
        return {(s, p, o) for s, p, o, _ in self.quads(graph)}

    def __len__(self) -> int:
        if self._show_uncommitted or not self.uncommitted():
            return len(self._ox)
        return len(self.ox_quads())

    # -- writing ------------------------------------------------------------------------------
    def apply(self, changes: Mapping[URIRef, Iterable[Triple] | None]) -> None:
        """Replace (or, for None, drop) whole named graphs in one atomic update."""
        if changes:
            self._update(_replace_parts(changes))

    def update(self, text: str) -> None:
        """Run a checked SPARQL update (queries.safety.check_update) in one transaction: all
        of it or, on an error, nothing."""
        self._update([text])

    def _update(self, parts: list[str]) -> None:
        if not parts:
            return
        self._changed()
        try:
            self._ox.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"write failed, nothing was changed: {exc}") from exc
        if self.spec != "memory":
            self._ox.flush()

    def stage_quads(self, path: Path) -> None:
        """Bulk-load an N-Quads file whose quads name their staging graphs, one load for a
        whole batch of sources (Oxigraph's bulk loader, much faster than a transaction).

        A staging graph is not a final graph: it becomes one only through `commit`, and the
        ingest drops it when anything fails, so the bulk loader's lack of a transaction
        never shows in the data."""
        self._changed()
        try:
            self._ox.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"staging failed, nothing was changed: {exc}") from exc

    def drop(self, graphs: Iterable[URIRef]) -> None:
        """Remove named graphs (used to clean up staging graphs after a failure)."""
        self._changed()
        for graph in graphs:
            self._ox.remove_graph(ox.NamedNode(str(graph)))

    def commit(self, *, moves: Mapping[URIRef, URIRef],
               renames: Iterable[tuple[URIRef, URIRef, URIRef]],
               changes: Mapping[URIRef, Iterable[Triple] | None]) -> None:
        """One atomic update: staged graphs replace their final graphs (moves: final ->
        staging; a graph staged under its final name stays), resources are renamed inside
        graphs (graph, old IRI, new IRI), and whole small graphs are replaced or dropped."""
        parts = [f"MOVE GRAPH {_iri(staging)} TO {_iri(final)}"
                 for final, staging in sorted(moves.items()) if final != staging]
        rows = " ".join(f"({_iri(g)} {_iri(old)} {_iri(new)})" for g, old, new in sorted(renames))
        if rows:
            for pattern in ("?old ?p ?o", "?s ?p ?old"):
                new = pattern.replace("?old", "?new")
                parts.append(f"DELETE {{ GRAPH ?g {{ {pattern} }} }} "
                             f"INSERT {{ GRAPH ?g {{ {new} }} }} "
                             f"WHERE {{ VALUES (?g ?old ?new) {{ {rows} }} "
                             f"GRAPH ?g {{ {pattern} }} }}")
        parts += _replace_parts(changes)
        self._update(parts)

    def _changed(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.spec}: opened read-only")
        self._hidden = None

    def dump(self, *, format: ox.RdfFormat, graph: URIRef | None = None) -> bytes:
        """Oxigraph's own serialisation of the committed graphs or of one graph."""
        if graph is not None:
            if not self._seen(_named(str(graph))):
                return b""
            return self._ox.dump(format=format, from_graph=ox.NamedNode(str(graph))) or b""
        if self._show_uncommitted or not self.uncommitted():
            return self._ox.dump(format=format) or b""
        return ox.serialize(self.ox_quads(), format=format) or b""

    def close(self) -> None:
        """Flush and release the store (an on-disk store is locked while open)."""
        if hasattr(self, "_ox"):
            if self.spec != "memory" and not self.read_only:
                self._ox.flush()
            del self._ox

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spec_text(spec: str | Path | None) -> str:
    """A store spec as given, or the default ($BORDERKG_STORE, else ./borderkg-store)."""
    return str(spec) if spec is not None else os.environ.get("BORDERKG_STORE", DEFAULT_STORE)


def store_path(text: str) -> Path:
    """The directory of an on-disk store spec (StoreError for a spec that is not one)."""
    if text.startswith(("http://", "https://", "sparql+http")):
        raise StoreError(f"{text}: remote SPARQL endpoints are not supported by this version")
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{text}: not a directory")
    return path


@cache
def _committed_sources_query() -> str:
    return resources.files("borderkg.queries").joinpath(
        "internal/committed-sources.rq").read_text("utf-8")


def _iri(term: URIRef) -> str:
    """An IRI in SPARQL syntax, validated (an invalid IRI raises instead of being pasted)."""
    return str(ox.NamedNode(str(term)))


def ntriples(triples: Iterable[Triple]) -> bytes:
    """Triples as N-Triples."""
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                         for s, p, o in triples], format=ox.RdfFormat.N_TRIPLES) or b""


def _replace_parts(changes: Mapping[URIRef, Iterable[Triple] | None]) -> list[str]:
    parts: list[str] = []
    for graph in sorted(changes):
        g = _iri(graph)
        parts.append(f"DROP SILENT GRAPH {g}")
        triples = changes[graph]
        body = ntriples(triples) if triples is not None else b""
        if body:
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body.decode('utf-8')}}} }}")
    return parts


def _substitutions(bindings: Mapping[str, Node] | None
                   ) -> dict[ox.Variable, OxTerm | ox.Triple] | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_ox(term) for name, term in bindings.items()}

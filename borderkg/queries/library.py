"""The query library: .rq files with a header, listed, loaded, bound and run.

A header is a block of '# key: value' comment lines at the top of the file (title,
description, parameters, columns); a value may continue on indented comment lines. Parameters
are bound with initBindings-style substitutions, never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from borderkg.ontology import iris
from borderkg.store import Rows, Store, list_items

LIST_SEPARATOR = " | "
PARAMETER_KINDS = ("iri", "string", "integer", "decimal", "date", "country", "org", "project")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+):\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its variable name, the kind of term it takes and what it means."""

    name: str
    kind: str  # iri | string | integer | decimal | date | country | org | project
    description: str
    required: bool = False


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library with its header."""

    name: str
    text: str
    title: str
    description: str
    columns: tuple[str, ...]
    parameters: tuple[Parameter, ...] = field(default=())
    lists: dict[str, str] = field(default_factory=dict)  # list column -> its separator


def parse_header(name: str, text: str) -> LibraryQuery:
    """Read the header of an .rq file; a query without title or columns is an error."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        cont = _CONTINUATION.match(line)
        if cont and last:
            header[last] += " " + cont["value"].strip()
        elif m:
            last = m["key"]
            header[last] = m["value"].strip()
    missing = [k for k in ("title", "description", "parameters", "columns") if k not in header]
    if missing:
        raise ValueError(f"{name}.rq: header lacks {', '.join(missing)}")
    params: list[Parameter] = []
    if header["parameters"].lower() != "none":
        for spec in header["parameters"].split(";"):
            m = re.match(r"^\s*\??(?P<name>\w+)\s*\((?P<kind>\w+)(?P<req>,\s*required)?\)"
                         r"\s*:?\s*(?P<desc>.*)$", spec)
            if not m or m["kind"] not in PARAMETER_KINDS:
                raise ValueError(f"{name}.rq: unreadable parameter {spec!r}")
            params.append(Parameter(m["name"], m["kind"], m["desc"].strip(), bool(m["req"])))
    columns = tuple(c.strip() for c in header["columns"].split(",") if c.strip())
    lists: dict[str, str] = {}
    for spec in header.get("lists", "").split(","):
        m = re.match(r"^\s*(?P<col>\w+)(?:\s*\((?P<sep>space)\))?\s*$", spec)
        if m:
            lists[m["col"]] = " " if m["sep"] else LIST_SEPARATOR
    return LibraryQuery(name=name, text=text, title=header["title"],
                        description=header["description"], columns=columns,
                        parameters=tuple(params), lists=lists)


@cache
def load(name: str, *, folder: str | None = None) -> LibraryQuery:
    """A library query by name. The queries of the folders "internal" (for the builder) and
    "network" (for the projections) are not research questions of their own."""
    if not _KEY.fullmatch(name):
        raise KeyError(f"no library query named {name!r}")
    base = resources.files("borderkg.queries")
    path = (base.joinpath(folder) if folder else base).joinpath(f"{name}.rq")
    if not path.is_file():
        raise KeyError(f"no library query named {name!r}")
    return parse_header(name, path.read_text("utf-8"))


def names() -> list[str]:
    """The names of the library's research and contract queries."""
    folder = resources.files("borderkg.queries")
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


class ParameterError(ValueError):
    """A parameter that the query does not take, or a value of the wrong kind."""


def bind(query: LibraryQuery, values: dict[str, str]) -> dict[str, Node]:
    """Turn written parameter values into terms of the kind the header declares."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ParameterError(f"{query.name} takes no parameter {', '.join(unknown)} "
                             f"(it takes: {', '.join(declared) or 'none'})")
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        raise ParameterError(f"{query.name} needs {', '.join(missing)}")
    return {name: _term(declared[name], value) for name, value in values.items()}


_KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")  # whole strings only (fullmatch)
_NOT_IN_NAMES = re.compile(r"[<>{}#;\"`\\|^\x00-\x1f]")  # SPARQL and markup, never in a name
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}(?:[A-Za-z]{2})?")


def _term(param: Parameter, value: str) -> Node:
    kind = param.kind
    if kind in ("iri", "org", "project", "country") and value.startswith(("http://", "https://")):
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise ParameterError(f"{param.name}: {value!r} is not a valid IRI") from exc
        return URIRef(value)
    if kind == "country":
        if not _COUNTRY_CODE.fullmatch(value):
            raise ParameterError(f"{param.name} must be an ISO 3166 code such as UA or CSXX, "
                                 f"not {value!r}")
        return iris.country(value)
    if kind == "org":
        return _organisation(param, value)
    if kind == "project":
        if not _KEY.fullmatch(value):
            raise ParameterError(f"{param.name} must be a project key (such as iom-t75-805) "
                                 f"or an IRI, not {value!r}")
        return iris.project(value)
    if kind == "iri":
        raise ParameterError(f"{param.name} must be an IRI, not {value!r}")
    if kind in ("integer", "decimal"):
        try:
            number = int(value) if kind == "integer" else Decimal(value)
        except (ValueError, ArithmeticError) as exc:
            raise ParameterError(f"{param.name} must be a number, not {value!r}") from exc
        return Literal(number, datatype=XSD.integer if kind == "integer" else XSD.decimal)
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ParameterError(f"{param.name} must be a date YYYY-MM-DD, not {value!r}")
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _organisation(param: Parameter, value: str) -> Node:
    """An organisation named by its key, a name or an acronym ('frontex', 'Frontex', 'European
    Border and Coast Guard Agency'), resolved as ingest resolves names, so that a name the
    reference list does not know gets the key its ingest gave it."""
    from borderkg.resolve.names import organisation_resolver

    if not value.strip() or len(value) > 300 or _NOT_IN_NAMES.search(value):
        raise ParameterError(f"{param.name} must be an organisation's key, name or IRI, "
                             f"not {value!r}")
    resolver = organisation_resolver()
    if _KEY.fullmatch(value) and (resolver.is_key(value) or "-" in value):
        return iris.org(value)  # a key as `borderkg query organisations` lists them
    return iris.org(resolver.resolve(value).key)


def run(store: Store, query: LibraryQuery, bindings: dict[str, Node] | None = None) -> Rows:
    """Run a library query with its parameters bound; list columns come out sorted."""
    return sort_lists(query, store.select(query.text, bindings))


def sort_lists(query: LibraryQuery, rows: Rows) -> Rows:
    """Sort and de-duplicate the items of the header's list columns (GROUP_CONCAT has no
    order in SPARQL 1.1), dropping empty items. Oxigraph rows stay Oxigraph rows."""
    if not query.lists:
        return rows
    positions = {i: query.lists[v] for i, v in enumerate(rows.variables) if v in query.lists}
    if rows.ox_rows is not None:
        return Rows(rows.variables, ox_rows=[_sorted_cells(row, positions, ox.Literal)
                                             for row in rows.ox_rows], lists=query.lists)
    return Rows(rows.variables, [_sorted_cells(row, positions, Literal) for row in rows.rows],
                lists=query.lists)


def _sorted_cells(row: tuple[Any, ...], positions: dict[int, str],
                  literal: Callable[[str], Any]) -> tuple[Any, ...]:
    cells = list(row)
    for i, sep in positions.items():
        cell = cells[i]
        if not isinstance(cell, (Literal, ox.Literal)):
            continue
        text = cell.value if isinstance(cell, ox.Literal) else str(cell)
        split_on = sep.strip() or " "
        if split_on not in text and text == text.strip():
            continue  # one item: nothing to sort (most cells)
        items = sorted(set(list_items(text, sep)))
        cells[i] = literal(sep.join(items))
    return tuple(cells)

"""Bound variables written into a query as VALUES blocks, for servers that take no bindings
beside the text (the SPARQL 1.1 Protocol has none).

The binding reaches where pyoxigraph's substitutions reach: the outer WHERE group, and every
subquery whose SELECT projects the variable (or is `SELECT *`), since a subquery sees nothing
of the groups around it. Each block goes at the head of its group, where it binds first, or
at the end when the group's own BIND assigns the variable (SPARQL forbids binding a variable
already in scope). Terms are written by pyoxigraph: an IRI or a literal, never caller text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<open>\{) | (?P<close>\}) | (?P<paren>[()]) | (?P<star>\*)
  | (?P<var>[?$][A-Za-z0-9_]\w*)
  | (?P<word>[A-Za-z_][\w\-.]*:?)
""", re.VERBOSE | re.DOTALL)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class Group:
    """A WHERE group a VALUES block may go in, and what its query shows of the variables."""

    head: int = 0  # offset just inside its `{`
    end: int = 0  # offset of its `}`
    depth: int = 0  # brace depth inside it
    projected: set[str] | None = None  # None: every variable (the outer query, SELECT *)
    selected: set[str] = field(default_factory=set)  # assigned by its SELECT's (... AS ?v)
    assigned: set[str] = field(default_factory=set)  # assigned by a BIND directly in it
    parent_depth: int = 0  # a subquery: the brace depth of the group it is written in
    joined: bool = False  # a subquery joined with that group (not OPTIONAL, MINUS, UNION)


def groups(query: str) -> list[Group]:
    """The outer WHERE group of a query and the WHERE groups of its subqueries."""
    found: list[Group] = []
    open_groups: list[Group] = []
    pending: Group | None = None  # a SELECT seen, its group not opened yet
    pending_depth = 0
    depth = parens = 0
    form = None
    previous = ""
    before_brace: list[str] = []  # the token before each open brace
    wrapped: Group | None = None  # a subquery whose wrapping braces are still open
    closed: Group | None = None  # a subquery whose wrapping braces just closed
    for match in _TOKENS.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "comment":
            continue
        upper = text.upper()
        if closed is not None:
            closed.joined = closed.joined and upper != "UNION"
            closed = None
        if kind == "word" and upper in _FORMS and pending is None and (form is None or
                                                                       upper == "SELECT"):
            outer = form is None
            form = form or upper
            pending, pending_depth = Group(projected=None if outer else set()), depth
            if not outer:
                pending.parent_depth = depth - 1
                pending.joined = before_brace[-1] not in ("OPTIONAL", "MINUS", "UNION")
            if upper == "CONSTRUCT":  # its template comes first: wait for WHERE
                pending_depth = -1
        elif kind == "word" and upper == "WHERE" and pending is not None and pending_depth < 0:
            pending_depth = depth
        elif kind == "paren":
            parens += 1 if text == "(" else -1
        elif kind == "star" and pending is not None and parens == 0:
            pending.projected = None
        elif kind == "var" and previous.upper() == "AS":
            if pending is not None:
                pending.selected.add(text[1:])
            elif open_groups and open_groups[-1].depth == depth:
                open_groups[-1].assigned.add(text[1:])
        elif kind == "var" and pending is not None and parens == 0 and \
                pending.projected is not None:
            pending.projected.add(text[1:])
        elif kind == "open":
            before_brace.append(previous.upper())
            depth += 1
            if pending is not None and depth - 1 == pending_depth:
                pending.head, pending.depth = match.end(), depth
                open_groups.append(pending)
                pending = None
        elif kind == "close":
            if wrapped is not None and wrapped.depth == depth + 1:
                closed, wrapped = wrapped, None
            if open_groups and open_groups[-1].depth == depth:
                group = open_groups.pop()
                group.end = match.start()
                found.append(group)
                wrapped = group if group.parent_depth else None  # a subquery
            depth -= 1
            before_brace.pop()
        previous = text
    if not found:
        raise ValueError("no WHERE group to bind variables in")
    return found


def with_values(query: str, substitutions: Mapping[ox.Variable, object]) -> str:
    """The query with its bound variables written as VALUES blocks (see the module text)."""
    terms: dict[str, str] = {}
    for variable, term in substitutions.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise ValueError(f"?{variable.value}: only IRIs and literals can be bound")
        terms[variable.value] = str(term)
    inserts: list[tuple[int, str]] = []
    found = groups(query)
    for group in found:
        shown = set(terms) if group.projected is None else set(terms) & group.projected
        # a subquery joined here binds its variables already (and Virtuoso mis-joins a
        # VALUES block with a subquery's answers)
        inner: set[str] = set().union(*(
            g.projected for g in found if g.joined and g.projected is not None
            and g.parent_depth == group.depth and group.head < g.head < group.end))
        names = sorted(shown - group.selected - inner)
        if not names:
            continue
        block = (f" VALUES ({' '.join('?' + n for n in names)}) "
                 f"{{ ({' '.join(terms[n] for n in names)}) }} ")
        inserts.append((group.end if set(names) & group.assigned else group.head, block))
    for at, block in sorted(inserts, reverse=True):
        query = query[:at] + block + query[at:]
    return query

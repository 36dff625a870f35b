"""The rows of a SELECT result: Oxigraph terms kept as they came, converted on demand."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import XSD
from rdflib.term import Node

from borderkg.store.terms import OxTerm, to_ox, to_rdflib

if TYPE_CHECKING:
    import pandas as pd


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



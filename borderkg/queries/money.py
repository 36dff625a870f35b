"""Currency conversion of money rows, only with exchange rates the user gives.

Rates come from a CSV file with the columns currency, to, date, rate and (optionally) source:
one unit of `currency` is `rate` units of `to` on `date` (YYYY, YYYY-MM or YYYY-MM-DD). A
figure of a year is converted at the mean of the rates dated in that year; every converted
figure says how (the rate, how many rates it is the mean of, the file and the source), and a
figure with no rate for its currency and year is left unconverted, with the reason.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from borderkg.store import Rows

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
COLUMNS = ("converted", "to_currency", "conversion")


class RatesError(ValueError):
    """A rates file that cannot be read, or rows that cannot be converted."""


@dataclass(frozen=True)
class Rates:
    """Exchange rates into one currency, by (currency, year): their mean, count and sources."""

    target: str
    by_year: dict[tuple[str, str], tuple[Decimal, int, str]]
    origin: str

    def rate(self, currency: str, year: str) -> tuple[Decimal, str] | None:
        """The rate for a currency in a year and how it was found; None when there is none."""
        if currency == self.target:
            return Decimal(1), "same currency"
        found = self.by_year.get((currency, year))
        if found is None:
            return None
        mean, count, sources = found
        how = f"mean of {count} rates dated {year}" if count > 1 else f"rate dated {year}"
        return mean, f"{currency}->{self.target} {mean} ({how}; {self.origin}" + (
            f", {sources})" if sources else ")")


def read_rates(path: Path, *, to: str | None = None) -> Rates:
    """Read a rates CSV; `to` picks the target currency when the file has several."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = {"currency", "to", "date", "rate"} - set(reader.fieldnames or ())
            if missing:
                raise RatesError(f"{path}: the header lacks {', '.join(sorted(missing))} "
                                 "(columns: currency, to, date, rate, source)")
            lines = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RatesError(f"{path}: cannot read the rates ({exc})") from exc
    targets = sorted({(row["to"] or "").strip().upper() for _, row in lines})
    if to is None and len(targets) != 1:
        raise RatesError(f"{path}: rates into {', '.join(targets) or 'no currency'}; "
                         "say which with --to")
    target = (to or targets[0]).upper()
    values: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line, row in lines:
        if (row["to"] or "").strip().upper() != target:
            continue
        currency = (row["currency"] or "").strip().upper()
        date = (row["date"] or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", currency) or not _DATE.fullmatch(date):
            raise RatesError(f"{path}, line {line}: expected a currency code such as EUR and "
                             f"a date YYYY[-MM[-DD]], not {currency!r} and {date!r}")
        try:
            rate = Decimal((row["rate"] or "").strip())
        except InvalidOperation as exc:
            raise RatesError(f"{path}, line {line}: rate {row['rate']!r} is not a number") from exc
        if not rate.is_finite() or rate <= 0:
            raise RatesError(f"{path}, line {line}: rate {row['rate']!r} is not positive")
        values[(currency, date[:4])].append(rate)
        if (row.get("source") or "").strip():
            sources[(currency, date[:4])].add(row["source"].strip())
    by_year = {k: ((sum(v, Decimal(0)) / len(v)).quantize(Decimal("0.000001")), len(v),
                   "; ".join(sorted(sources[k]))) for k, v in values.items()}
    return Rates(target, by_year, path.name)


def convert(rows: Rows, rates: Rates) -> Rows:
    """The rows with three more columns: the amount in the target currency, that currency
    and how it was converted (or why it was not)."""
    need = [c for c in ("amount", "currency", "year") if c not in rows.variables]
    if need:
        raise RatesError(f"--rates converts money rows: this result has no "
                         f"{', '.join(need)} column")
    at = {v: rows.variables.index(v) for v in ("amount", "currency", "year")}
    out: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]] = []
    for row, values in zip(rows.ox_terms(), rows.values(), strict=True):
        amount, currency, year = (values[at[c]] for c in ("amount", "currency", "year"))
        found = rates.rate(currency, year) if currency and year else None
        if amount is None or found is None:
            note = f"not converted: no {currency}->{rates.target} rate for {year} in " \
                   f"{rates.origin}"
            out.append((*row, None, None, ox.Literal(note)))
            continue
        rate, how = found
        value = (Decimal(amount) * rate).quantize(Decimal("0.01"))
        out.append((*row, ox.Literal(format(value, "f"), datatype=_DECIMAL),
                    ox.Literal(rates.target), ox.Literal(how)))
    return Rows([*rows.variables, *COLUMNS], ox_rows=out)

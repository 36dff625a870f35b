"""IATI activity files (versions 1.0x and 2.01-2.03), read as a stream.

`parse_activities` reads one activity at a time with lxml's iterparse and clears what it has
read, so memory does not grow with the file. It is safe with hostile files: no DTD is loaded,
no entity is resolved, nothing is fetched from the network, and huge trees are refused; a
document type declaration is rejected outright, since IATI files have none. A malformed
activity is reported (line, identifier, reason) and skipped; a file that is not well-formed
raises LoadError, and the caller writes nothing of it.

Version 1.0x files name things with text codes ('Funding', 'start-planned', 'C') and put text
directly in elements; they may come wrapped in an old API response instead of an
iati-activities root. Both are read into the same records as 2.0x.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from lxml import etree

from borderkg.loaders.records import (
    IatiActivity,
    IatiBudget,
    IatiLocation,
    IatiOrg,
    IatiPlannedDisbursement,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
    Problem,
)
from borderkg.loaders.xml import XmlPrologError, check_prolog, has_doctype, head_text

TEMPLATE = "iati-activity-file"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEAD_BYTES = 65536
# Version 1.0x text codes -> 2.0x codes (IATI OrganisationRole, ActivityDateType,
# TransactionType and SectorVocabulary of version 1.05).
ROLE_CODES = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
DATE_CODES = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
TRANSACTION_CODES = {"if": "1", "c": "2", "d": "3", "e": "4", "ir": "5", "lr": "6", "r": "7",
                     "qp": "8", "qs": "9", "cg": "10"}
SECTOR_VOCABULARIES = {"dac": "1", "dac-3": "2"}
MAX_AMOUNT = Decimal("1e15")  # larger than any budget; beyond it a value is an error
MAX_NUMBER_CHARS = 40
MAX_DECIMALS = 30  # real files give percentages to 15 places
# Dates outside these years are placeholders (publishers write 2050-12-31, 2099-12-31 or
# 1900-01-01 for "unknown"): kept as written, flagged, and left out of every time slice.
FIRST_REAL_YEAR = 1950
LAST_REAL_YEAR = 2049


class IatiFileError(ValueError):
    """An IATI file that cannot be read at all (not well-formed, or declares a DTD)."""


def detect(head: bytes) -> bool:
    """True for an XML file that holds IATI activities (in any of XML's encodings)."""
    text = head_text(head).lstrip()
    return text.startswith("<") and "<iati-activit" in text


def check(stream: BinaryIO) -> None:
    """Refuse a document type or entity declaration before parsing."""
    try:
        check_prolog(stream)
    except XmlPrologError as exc:
        raise IatiFileError(f"{exc} in IATI files") from exc


def _narratives(el: etree._Element | None, default_lang: str | None) -> tuple[Narrative, ...]:
    if el is None:
        return ()
    found = [Narrative(" ".join(n.text.split()), n.get(XML_LANG) or default_lang)
             for n in el.findall("narrative") if n.text and n.text.strip()]
    if not found and el.text and el.text.strip():  # version 1.0x: text in the element
        found = [Narrative(" ".join(el.text.split()), el.get(XML_LANG) or default_lang)]
    return tuple(found)


def _code(value: str | None, table: dict[str, str]) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    return value if value.isdigit() else table.get(value.lower(), value)


def _org(el: etree._Element | None, lang: str | None, *, role: str | None = None
         ) -> IatiOrg | None:
    if el is None:
        return None
    activity_id = el.get("activity-id") or el.get("provider-activity-id") or \
        el.get("receiver-activity-id")
    ref = (el.get("ref") or "").strip() or None
    names = _narratives(el, lang)
    if ref is None and not names:
        return None
    return IatiOrg(ref=ref, type=(el.get("type") or "").strip() or None, names=names,
                   activity_id=(activity_id or "").strip() or None, role=role)


def _decimal(text: str | None, what: str, *, limit: Decimal = MAX_AMOUNT) -> Decimal:
    """A finite decimal within ±limit (ValueError otherwise: NaN, infinities, 1e999999)."""
    written = (text or "").strip().replace(",", "")
    shown = written if len(written) <= MAX_NUMBER_CHARS else written[:MAX_NUMBER_CHARS] + "..."
    if len(written) > MAX_NUMBER_CHARS:
        raise ValueError(f"{what}: {shown!r} is too long for a number")
    try:
        value = Decimal(written)
    except InvalidOperation as exc:
        raise ValueError(f"{what}: {shown!r} is not a number") from exc
    if not value.is_finite() or value.copy_abs() > limit:
        raise ValueError(f"{what}: {shown!r} is not a finite number within ±{limit:,.0f}")
    if int(value.as_tuple().exponent) < -MAX_DECIMALS:
        raise ValueError(f"{what}: {shown!r} has more than {MAX_DECIMALS} decimal places")
    return value


def _percentage(el: etree._Element) -> Decimal | None:
    value = el.get("percentage")
    if value in (None, ""):
        return None
    share = _decimal(value, "percentage", limit=Decimal(100))
    if share < 0:
        raise ValueError(f"percentage: {value!r} is negative")
    return share


def _countries(el: etree._Element, lang: str | None) -> list[IatiShare]:
    """The recipient-country elements of an activity or a transaction."""
    return [IatiShare(c.get("code", "").upper(), None, _percentage(c), _narratives(c, lang))
            for c in el.findall("recipient-country") if c.get("code")]


def _regions(el: etree._Element, lang: str | None) -> list[IatiShare]:
    return [IatiShare(r.get("code", ""), r.get("vocabulary") or "1", _percentage(r),
                      _narratives(r, lang))
            for r in el.findall("recipient-region") if r.get("code")]


def _sectors(el: etree._Element, lang: str | None) -> list[IatiShare]:
    return [IatiShare(s.get("code", ""), _code(s.get("vocabulary"), SECTOR_VOCABULARIES) or "1",
                      _percentage(s), _narratives(s, lang))
            for s in el.findall("sector") if s.get("code")]


def _value(el: etree._Element | None, currency: str | None, what: str,
           a: IatiActivity) -> IatiValue:
    if el is None:
        raise ValueError(f"{what} without a value")
    return IatiValue(amount=_decimal(el.text, f"{what} value"),
                     currency=el.get("currency") or currency,
                     value_date=_checked_date(el.get("value-date"), f"{what} value-date", a,
                                              el.sourceline))


def iso_date(value: str | None, what: str) -> str | None:
    """An ISO 8601 calendar date (YYYY-MM-DD, any time part dropped), None when absent;
    ValueError for an impossible one (2020-13-45, 2020-02-30)."""
    if value is None or not value.strip():
        return None
    day = value.strip()[:10]
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"{what}: {value.strip()[:40]!r} is not a date (YYYY-MM-DD)") from None
    if len(day) != 10:
        raise ValueError(f"{what}: {value.strip()[:40]!r} is not a date (YYYY-MM-DD)")
    return day


def _checked_date(value: str | None, what: str, a: IatiActivity, line: int | None
                  ) -> str | None:
    """A date, or None with a problem noted on the activity (a bad date drops the field,
    not the activity)."""
    try:
        return iso_date(value, what)
    except ValueError as exc:
        a.problems.append(Problem(f"iati-activity {a.identifier[:200]}", str(exc), line))
        return None


def _date(el: etree._Element | None, what: str, a: IatiActivity) -> str | None:
    """A real date of the element; a placeholder date is flagged on the activity (with a
    problem) and gives None."""
    if el is None:
        return None
    day = _checked_date(el.get("iso-date") or (el.text or "").strip() or None, what, a,
                        el.sourceline)
    if day is not None and not FIRST_REAL_YEAR <= int(day[:4]) <= LAST_REAL_YEAR:
        _flag_date(a, f"{what} {day}: a placeholder date", el.sourceline)
        return None
    return day


def _flag_date(a: IatiActivity, note: str, line: int | None) -> None:
    a.flagged_dates.append(note)
    a.problems.append(Problem(f"iati-activity {a.identifier[:200]}",
                              f"{note}, kept out of time slices", line))


def _check_span(a: IatiActivity, line: int | None) -> None:
    """A start after the end: both are flagged and neither dates the activity."""
    start = a.dates.get("2") or a.dates.get("1")
    end = a.dates.get("4") or a.dates.get("3")
    if start and end and start > end:
        _flag_date(a, f"start {start} after end {end}: impossible dates", line)
        for code in ("1", "2", "3", "4"):
            a.dates.pop(code, None)


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() in ("1", "true")


def read_activity(el: etree._Element, *, version: str, default_lang: str | None
                  ) -> IatiActivity:
    """One activity element as a record (ValueError for what cannot be read)."""
    identifier = (el.findtext("iati-identifier") or "").strip()
    if not identifier:
        raise ValueError("no iati-identifier")
    lang = el.get(XML_LANG) or default_lang
    currency = el.get("default-currency")
    a = IatiActivity(identifier=identifier, line=el.sourceline or 0, version=version,
                     default_lang=lang, default_currency=currency)
    a.reporting_org = _org(el.find("reporting-org"), lang)
    for title in el.findall("title"):
        a.titles += _narratives(title, lang)
    for d in el.findall("description"):
        a.descriptions += [(d.get("type") or "1", n) for n in _narratives(d, lang)]
    status = el.find("activity-status")
    if status is not None:
        a.status = status.get("code") or None
    for d in el.findall("activity-date"):
        kind = _code(d.get("type"), DATE_CODES)
        day = _date(d, f"activity-date type {kind}", a)
        if kind and day:
            a.dates[kind] = day
    _check_span(a, el.sourceline)
    for p in el.findall("participating-org"):
        org = _org(p, lang, role=_code(p.get("role"), ROLE_CODES))
        if org is not None and (org.ref or org.names):
            a.participants.append(org)
    a.countries += _countries(el, lang)
    a.regions += _regions(el, lang)
    a.sectors += _sectors(el, lang)
    for b in el.findall("budget"):
        a.budgets.append(IatiBudget(b.get("type"), b.get("status"),
                                    _date(b.find("period-start"), "budget period-start", a),
                                    _date(b.find("period-end"), "budget period-end", a),
                                    _value(b.find("value"), currency, "budget", a)))
    for t in el.findall("transaction"):
        type_el = t.find("transaction-type")
        kind = _code(type_el.get("code") if type_el is not None else None, TRANSACTION_CODES)
        if kind is None:
            raise ValueError("transaction without a transaction-type")
        a.transactions.append(IatiTransaction(
            ref=t.get("ref"), type=kind,
            date=_date(t.find("transaction-date"), "transaction-date", a),
            value=_value(t.find("value"), currency, "transaction", a),
            provider=_org(t.find("provider-org"), lang),
            receiver=_org(t.find("receiver-org"), lang),
            humanitarian=_flag(t.get("humanitarian")),
            countries=tuple(_countries(t, lang)), regions=tuple(_regions(t, lang)),
            sectors=tuple(_sectors(t, lang))))
    for d in el.findall("planned-disbursement"):
        a.planned_disbursements.append(IatiPlannedDisbursement(
            type=d.get("type"),
            period_start=_date(d.find("period-start"), "planned-disbursement period-start", a),
            period_end=_date(d.find("period-end"), "planned-disbursement period-end", a),
            value=_value(d.find("value"), currency, "planned-disbursement", a),
            provider=_org(d.find("provider-org"), lang),
            receiver=_org(d.find("receiver-org"), lang)))
    for r in el.findall("related-activity"):
        if r.get("ref"):
            a.related.append((r.get("type") or "", r.get("ref", "").strip()))
    for o in el.findall("other-identifier"):
        owner = o.find("owner-org")
        ref = o.get("ref") or (o.text or "").strip()
        if ref:
            a.other_ids.append((ref, o.get("type"), owner.get("ref") if owner is not None
                                else o.get("owner-ref")))
    a.humanitarian = _flag(el.get("humanitarian"))
    collaboration = el.find("collaboration-type")
    if collaboration is not None:
        a.collaboration_type = collaboration.get("code")
    for loc in el.findall("location"):
        point = loc.findtext("point/pos") or loc.findtext("coordinates")
        names = _narratives(loc.find("name"), lang)
        if loc.get("ref") or names or point:
            a.locations.append(IatiLocation(loc.get("ref"), names,
                                            " ".join(point.split()) if point else None))
    return a


def parse_activities(stream: BinaryIO) -> Iterator[IatiActivity | Problem]:
    """Each activity of a file as a record, or a Problem for an activity that could not be
    read. Raises IatiFileError for a file that is not well-formed."""
    version = "1.0x"
    default_lang: str | None = None
    # only the elements read here raise events (an event for each of an activity's dozens
    # of elements took a tenth of the parse); the others are read with their activity
    context = etree.iterparse(stream, events=("start", "end"),
                              tag=("iati-activities", "iati-activity"), resolve_entities=False,
                              no_network=True, load_dtd=False, huge_tree=False,
                              remove_pis=True, remove_comments=True)
    seen: dict[int, int] = {}  # hash of each identifier -> its line (small: no strings kept)
    first = True
    try:
        for event, el in context:
            if event == "start":
                if first and has_doctype(el.getroottree()):
                    raise IatiFileError("document type declarations are not allowed in IATI "
                                        "files")
                first = False
                if el.tag == "iati-activities":
                    version = el.get("version") or version
                    default_lang = el.get(XML_LANG) or default_lang
                continue
            if el.tag != "iati-activity":
                continue
            ident = (el.findtext("iati-identifier") or "?").strip()
            try:
                if hash(ident) in seen:
                    raise ValueError(f"duplicate iati-identifier (first at line "
                                     f"{seen[hash(ident)]}): this one is skipped")
                activity = read_activity(el, version=version, default_lang=default_lang)
                seen[hash(ident)] = el.sourceline or 0
                yield from activity.problems
                yield activity
            except ValueError as exc:
                yield Problem(f"iati-activity {ident[:200]}", str(exc), el.sourceline)
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise IatiFileError(f"not well-formed XML (line {exc.lineno}): {exc.msg}") from exc

"""Text helpers shared by the loaders: HTML to text, dates and money as pages write them.

Dates are read with dateparser and money with price-parser; the code here only splits ranges,
keeps the written precision and maps currency words and symbols to ISO 4217 codes.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

import lxml.html
import pycountry
from lxml import etree
from price_parser import Price

from borderkg.loaders.records import DateValue, Money
from borderkg.textnorm import fold

# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "dt",
                     "dd", "section", "article", "header", "footer", "td", "th", "caption",
                     "figcaption"})
_SPACE_RUNS = re.compile(r"[ \t\xa0]+")


_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})


def html_to_text(page: str) -> str:
    """The visible text of an HTML page, one block a line; list items keep a bullet.

    One pass over lxml's tree without recursion, so time grows with the page; hidden parts
    (scripts, styles, the head) are skipped. ValueError for nesting past libxml2's depth limit
    (256), where text would silently go missing."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False)
    try:
        root = lxml.html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise ValueError("HTML nested deeper than 256 elements: not a page (text past that "
                         "depth would be lost)")
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                walker.skip_subtree()
                continue
            if tag == "li":
                parts.append("• ")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
    lines = (_SPACE_RUNS.sub(" ", line).strip() for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------
_RANGE_SPLIT = re.compile(r"\s+(?:-|–|—|to|until|au|al|a|hasta)\s+|\s*[–—]\s*", re.I)
_FROM = re.compile(r"^(?:from|du|des|depuis|de|del|desde)\s+", re.I)
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:er|re|st|nd|rd|th|º|°)\b", re.I)
_YEAR = re.compile(r"^\d{4}$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_DAY_RANGE = re.compile(r"^(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})\s+(?P<rest>[^\d\s].*)$")


@cache
def _parser() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from dateparser.date import DateDataParser

        return DateDataParser(
            languages=["en", "fr", "es"],
            settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                      "PREFER_DATES_FROM": "past", "STRICT_PARSING": False},
        )


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        "january jan janvier janv enero ene", "february feb fevrier fevr febrero",
        "march mar mars marzo", "april apr avril avr abril abr", "may mai mayo",
        "june jun juin junio", "july jul juillet juil julio", "august aug aout agosto ago",
        "september sep sept septembre septiembre setiembre", "october oct octobre octubre",
        "november nov novembre noviembre", "december dec decembre diciembre dic"), start=1):
    _MONTHS.update((name, _number) for name in _names.split())
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_WEEKDAY = r"(?:[^\W\d_]+,?\s+)?"
_FAST = [
    re.compile(rf"^{_WEEKDAY}(?P<day>\d{{1,2}})\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?(?P<year>\d{{4}})$"),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^{_MONTH}\s+(?:de\s+)?(?P<year>\d{{4}})$"),
    re.compile(r"^(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})$"),
]


def _fast_date(written: str, original: str) -> DateValue | None | bool:
    """The common written forms read without dateparser (which costs milliseconds a date):
    a DateValue, None for an impossible date, or False when the form is not a common one."""
    for pattern in _FAST:
        m = pattern.match(written)
        if not m:
            continue
        month_text = m["month"]
        month = int(month_text) if month_text.isdigit() else \
            _MONTHS.get(fold(month_text).rstrip("."))
        if month is None:
            return False
        year = int(m["year"])
        if m.groupdict().get("day") is None:
            return DateValue(f"{year:04d}-{month:02d}", "month", original) \
                if 1 <= month <= 12 else None
        try:
            return DateValue(date(year, month, int(m["day"])).isoformat(), "day", original)
        except ValueError:
            return None
    return False


def parse_date(text: str, *, default_year: int | None = None) -> DateValue | None:
    """One date at the precision written: '2001' -> year, 'June 2009' -> month, else day.

    A day and month without a year (a news dateline) takes `default_year` if given.
    """
    written = text.strip().strip(".,;()")
    if not written:
        return None
    if _YEAR.match(written):
        return DateValue(written, "year", text.strip())
    iso = _ISO.match(written)
    if iso:
        precision = "day" if iso[3] else "month" if iso[2] else "year"
        return DateValue(written, precision, text.strip())
    if not re.search(r"\d", written):
        return None
    fast = _fast_date(written, text.strip())
    if fast is not False:
        return fast  # type: ignore[return-value]
    data = _parser().get_date_data(written)  # type: ignore[attr-defined]
    if data.date_obj is None:
        return None
    d: date = data.date_obj.date()
    has_year = bool(re.search(r"\b\d{4}\b", written))
    if not has_year:
        if default_year is None:
            return None
        d = d.replace(year=default_year)
    if data.period == "year":
        return DateValue(f"{d.year:04d}", "year", text.strip())
    if data.period == "month":
        return DateValue(f"{d.year:04d}-{d.month:02d}", "month", text.strip())
    return DateValue(d.isoformat(), "day", text.strip())


def parse_date_range(text: str, *, default_year: int | None = None
                     ) -> tuple[DateValue | None, DateValue | None]:
    """Start and end of a written period ('15 Jun 2009 - 14 Jun 2011', '13-14 June 2019').

    Words after the period ('with possible extension') are ignored; a single date is both.
    """
    cleaned = re.sub(r"\b(?:with|avec|con)\b.*$", "", text, flags=re.I).strip(" ()")
    cleaned = _FROM.sub("", _ORDINAL_DAY.sub(r"\1", cleaned))
    years = re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{4})", cleaned)
    if years:
        return parse_date(years[1]), parse_date(years[2])
    days = _DAY_RANGE.match(cleaned)
    if days:
        end = parse_date(f"{days['d2']} {days['rest']}", default_year=default_year)
        start = parse_date(f"{days['d1']} {days['rest']}", default_year=default_year)
        return start, end
    parts = [p for p in _RANGE_SPLIT.split(cleaned) if p.strip()]
    if len(parts) == 2:
        end = parse_date(parts[1], default_year=default_year)
        year = int(end.value[:4]) if end else default_year
        start = parse_date(parts[0], default_year=year)
        if start is None and end is not None and re.fullmatch(r"\d{1,2}\s+\w+", parts[0].strip()):
            start = parse_date(f"{parts[0]} {end.value[:4]}")
        return start, end
    single = parse_date(cleaned, default_year=default_year)
    return single, single


def next_day(value: DateValue) -> DateValue | None:
    """The day after a day-precision date (for 'on the second day of the meeting')."""
    if value.precision != "day":
        return None
    return DateValue((date.fromisoformat(value.value) + timedelta(days=1)).isoformat(), "day",
                     value.written)


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------
_CURRENCY_WORDS = {
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD",
    "dólares": "USD", "dolares": "USD",
    "c$": "CAD", "ca$": "CAD", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "JPY", "yen": "JPY", "japanese yen": "JPY",
    "km": "BAM", "convertible marks": "BAM", "chf": "CHF", "swiss francs": "CHF",
    "lari": "GEL", "gel": "GEL", "sek": "SEK", "nok": "NOK", "dkk": "DKK",
}
_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "millions": 1_000_000,
                "millones": 1_000_000, "billion": 1_000_000_000, "milliard": 1_000_000_000,
                "milliards": 1_000_000_000, "mln": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000}
_EQUIVALENT = re.compile(r"^(?P<main>[^()]*?)\s*\((?P<eq>[^()]*\d[^()]*)\)\s*$")
_CURRENCY_IN_TEXT = re.compile(
    r"(?i)\b(japanese yen|convertible marks|us dollars|swiss francs|euros?|dollars|d[óo]lares|"
    r"pounds|yen"
    r"|lari)\b")


def _currency_code(raw: str | None, text: str) -> str | None:
    candidates = [raw] if raw else []
    m = _CURRENCY_IN_TEXT.search(text)
    if m:
        candidates.append(m.group(1))
    for cand in candidates:
        key = cand.strip().lower()
        if key in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[key]
        if len(key) == 3 and pycountry.currencies.get(alpha_3=key.upper()) is not None:
            return key.upper()
    return None


def parse_money(text: str, *, currency: str | None = None) -> Money | None:
    """An amount as pages write it ('EUR 3,552,000', '€7.2 million', '1,425, 000 USD').

    `currency` is the currency a label gives ('Budget Amount (USD)'). A second amount in
    parentheses is kept as the equivalent, not as a second budget.
    """
    written = text.strip()
    if not written:
        return None
    main, eq_text = written, None
    m = _EQUIVALENT.match(written)
    if m and m["main"].strip():
        main, eq_text = m["main"], m["eq"]
    main_clean = re.sub(r"(?<=\d),\s+(?=\d{3}\b)", ",", main)
    main_clean = re.sub(r"(?i)^approximately\s+|^approx\.?\s+|^about\s+", "", main_clean)
    price = Price.fromstring(main_clean)
    if price.amount is None:
        return None
    amount = price.amount
    mult = re.search(r"(?i)\d\s*(thousand|millions?|millones|billion|milliards?|mln|bn|m)\b",
                     main_clean)
    if mult:
        amount = amount * _MULTIPLIERS[mult.group(1).lower()]
    code = _currency_code(price.currency, main_clean) or currency
    if code is None:
        return None
    try:
        amount = Decimal(amount)
    except InvalidOperation:
        return None
    equivalent = parse_money(eq_text) if eq_text else None
    return Money(amount=amount, currency=code, written=written, equivalent=equivalent)


_CURRENCY_TOKEN = (r"(?:EUR|USD|GBP|CHF|JPY|CAD|SEK|NOK|DKK|GEL|BAM|US\$|C\$|CA\$|€|\$|£|¥)")
_NUMBER = r"\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d+)?"
_SCALE = r"(?:\s*(?:million|millions|millones|billion|milliards?|thousand|mln|bn))?"
_CURRENCY_WORDS_AFTER = (r"(?:\s*(?:d['’]|de\s+)?(?:EUR|USD|GBP|CHF|JPY|euros?|US dollars|dollars"
                         r"(?: américains)?|dólares|pounds|Japanese yen|yen|Swiss francs))")
_AMOUNT_IN_TEXT = re.compile(
    rf"(?<![\w$€£¥]){_CURRENCY_TOKEN}\s?{_NUMBER}{_SCALE}"
    rf"(?:\s*\((?:approximately |approx\. |about |environ |aproximadamente )?"
    rf"{_CURRENCY_TOKEN}\s?{_NUMBER}{_SCALE}\))?"
    rf"|(?<![\w.,]){_NUMBER}{_SCALE}{_CURRENCY_WORDS_AFTER}\b", re.I)


def amounts_in_text(text: str) -> list[tuple[Money, str]]:
    """Amounts of money a running text states ('a EUR 2.5 million action', '4,750,000 euros'),
    each with the text it was read from; an amount in parentheses after another is its
    equivalent."""
    found: list[tuple[Money, str]] = []
    for m in _AMOUNT_IN_TEXT.finditer(text):
        money = parse_money(m.group(0).strip())
        if money is not None and money.amount > 0:
            found.append((money, m.group(0).strip()))
    return found

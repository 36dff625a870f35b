"""IATI organisation identifiers: registration-agency families of one body, channel categories
and placeholders.

One body publishes under several identifiers (XI-IATI-EC_INTPA, XT-IATI-EC_INTPA, bare
EC_INTPA, activity identifiers used as organisation refs; GB-1, GB-GOV-1, GB-01, GB-1-...;
SE-0 and SE-6), and many participations name a category (CRS channel 12000 "Recipient
Government") or a placeholder ("N/A", "TBD", "XI-BRIDGE-null", a redaction notice) instead of
an organisation. This module tells which is which; it knows nothing of the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from borderkg.reference.yamldata import read_yaml
from borderkg.textnorm import normalise_name

# Identifier families: a pattern over the ref (upper-cased) -> reference organisation key.
# A name that says a different member of the family (FCDO under GB-GOV-1) decides.
FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key) for pattern, key in (
        (r"^(?:X[IT]-IATI-)?EC[_-](?:INTPA|DEVCO|EUROPEAID)(?:$|[-/])", "dg-intpa"),
        (r"^(?:X[IT]-IATI-)?EC[_-]NEAR(?:$|[-/])", "dg-near"),
        (r"^(?:X[IT]-IATI-)?EC[_-]FPI(?:$|[-/])", "ec-fpi"),
        (r"^(?:X[IT]-IATI-)?EC[_-]ECHO(?:$|[-/])", "dg-echo"),
        (r"^(?:X[IT]-IATI-)?EC[_-]HOME(?:$|[-/])", "dg-home"),
        (r"^(?:GB-1|GB-GOV-1|GB-01)(?:$|-)", "dfid"),
        (r"^GB-GOV-3(?:$|-)", "fco"),
        (r"^SE-(?:0|6)(?:$|-)", "sida"),
        (r"^US-GOV-1(?:$|-)|^US-USAID(?:$|-)", "usaid"),
        (r"^XM-DAC-47066(?:$|-)", "iom"),
        (r"^XM-DAC-41121(?:$|-)", "unhcr"),
    ))
# Names that, under a family's identifier, say which member of the family it is.
NAMED_MEMBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bFCDO\b|Foreign,? Commonwealth (?:and|&) Development", re.I), "fcdo"),
    (re.compile(r"Foreign (?:and|&) Commonwealth Office|\bFCO\b", re.I), "fco"),
)
_CHANNEL_CODE = re.compile(r"^\d{5,6}$|^\d{2}[A-Z0-9]{3}$")
_PLACEHOLDER = re.compile(
    r"^(?:n/?a|none|null|nil|unknown|other|others|tbd|tbc|to be (?:determined|confirmed)|"
    r"not applicable|not available|various|multiple|-+|\.+|0+|\?+)$"
    r"|-null$|\bredacted\b|\bexceptions outlined\b|^XI-BRIDGE-null$", re.I)


@dataclass(frozen=True)
class Category:
    """A CRS channel category that a participation names instead of an organisation."""

    code: str
    name: str


@cache
def _categories() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files("borderkg.reference").joinpath("data", "iati_channels.yaml")
    rows = read_yaml(text.read_text("utf-8"))
    by_code = {str(code): str(names[0]) for code, names in rows.items()}
    by_name = {normalise_name(str(n)): str(code) for code, names in rows.items() for n in names}
    return by_code, by_name


def is_placeholder(value: str | None) -> bool:
    """True for an empty value or a placeholder ('N/A', 'TBD', 'XI-BRIDGE-null', a
    redaction notice) that names no organisation."""
    return value is None or not value.strip() or bool(_PLACEHOLDER.search(value.strip()))


def category(ref: str | None, name: str | None) -> Category | None:
    """The channel category that a ref (a CRS channel code) or a name gives, if it is one."""
    by_code, by_name = _categories()
    if ref and ref.strip() in by_code:
        return Category(ref.strip(), by_code[ref.strip()])
    if name and (code := by_name.get(normalise_name(name))) is not None:
        return Category(code, by_code[code])
    return None


def is_channel_code(ref: str | None) -> bool:
    """True for a CRS channel code given where an organisation identifier belongs."""
    return bool(ref and _CHANNEL_CODE.match(ref.strip()))


def family(ref: str | None, name: str | None = None) -> str | None:
    """The reference organisation that an identifier's family names (a name naming another
    member of the family decides), or None."""
    if not ref:
        return None
    value = ref.strip().upper()
    for pattern, key in FAMILIES:
        if pattern.search(value):
            for member, other in NAMED_MEMBERS:
                if name and member.search(name):
                    return other
            return key
    return None


def looks_like_identifier(name: str | None) -> bool:
    """True for a 'name' that is really an organisation identifier ('XI-IATI-EC_INTPA')."""
    return bool(name and re.fullmatch(r"[A-Z]{2}(?:-[A-Z0-9_]+)+|EC_[A-Z]+", name.strip()))

"""Countries and former states from ISO 3166-1 and 3166-3 (pycountry), with names in en/fr/es.

English, French and Spanish names come from pycountry's own translations; the aliases that
real pages use (and ISO does not) come from data/country_aliases.yaml.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry

from borderkg.reference.yamldata import read_yaml
from borderkg.textnorm import tokens

LANGUAGES = ("fr", "es")
_COMMA_NAME = re.compile(r"^(?P<head>[^,]+), (?P<tail>.+)$")


@dataclass(frozen=True)
class Country:
    """One country or former state; `code` is alpha-2 (or XK) or the ISO 3166-3 code."""

    code: str
    names: dict[str, str]
    alpha3: str | None = None
    numeric: str | None = None
    former: bool = False
    user_assigned: bool = False
    valid_until: str | None = None
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.names["en"]

    def all_names(self) -> list[str]:
        """Every name and alias, English first, without duplicates."""
        seen: dict[str, None] = {}
        for value in (*self.names.values(), *self.aliases):
            seen.setdefault(value, None)
        return list(seen)


def _load_yaml(name: str) -> object:
    text = resources.files("borderkg.reference").joinpath("data", name).read_text("utf-8")
    return read_yaml(text)


def _translators(domain: str) -> dict[str, gettext.NullTranslations]:
    return {
        lang: gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    }


def _variants(name: str) -> list[str]:
    """ISO's inverted names ("Iran, Islamic Republic of") also as pages write them."""
    match = _COMMA_NAME.match(name)
    if not match:
        return []
    head, tail = match["head"], match["tail"]
    return [f"{head} ({tail})", f"{tail} {head}"]


@cache
def load_countries() -> dict[str, Country]:
    """All countries by code: ISO 3166-1, XK, and ISO 3166-3 former states."""
    aliases = _load_yaml("country_aliases.yaml")
    successions = _load_yaml("country_successions.yaml")
    assert isinstance(aliases, dict) and isinstance(successions, dict)
    current = _translators("iso3166-1")
    historic = _translators("iso3166-3")
    countries: dict[str, Country] = {}
    for c in pycountry.countries:
        extra = [getattr(c, "official_name", None), getattr(c, "common_name", None)]
        names = {"en": getattr(c, "common_name", None) or c.name}
        names.update({lang: t.gettext(c.name) for lang, t in current.items()})
        more = [n for n in [c.name, *extra] if n] + _variants(c.name)
        more += [_v for lang, t in current.items() for _v in _variants(t.gettext(c.name))]
        countries[c.alpha_2] = Country(
            code=c.alpha_2, names=names, alpha3=c.alpha_3, numeric=c.numeric,
            aliases=tuple(dict.fromkeys([*more, *aliases.get(c.alpha_2, [])])),
        )
    countries["XK"] = Country(
        code="XK", names={"en": "Kosovo", "fr": "Kosovo", "es": "Kosovo"}, user_assigned=True,
        aliases=tuple(aliases.get("XK", [])),
    )
    for h in pycountry.historic_countries:
        code = h.alpha_4
        names = {"en": h.name, **{lang: t.gettext(h.name) for lang, t in historic.items()}}
        tail = code[2:]
        if code in successions:
            succ = tuple(successions[code])
        elif tail == "AA" and h.alpha_2 in countries:
            succ = (h.alpha_2,)
        elif tail in countries:
            succ = (tail,)
        else:
            succ = ()
        countries[code] = Country(
            code=code, names=names, alpha3=getattr(h, "alpha_3", None),
            numeric=getattr(h, "numeric", None), former=True,
            valid_until=getattr(h, "withdrawal_date", None), successors=succ,
            aliases=tuple(dict.fromkeys(_variants(h.name) + list(aliases.get(code, [])))),
        )
    return countries


@cache
def load_region_names() -> tuple[str, ...]:
    """Region and country-group names that are not countries (data/regions.yaml)."""
    names = _load_yaml("regions.yaml")
    assert isinstance(names, list)
    return tuple(str(n) for n in names)


@cache
def load_demonyms() -> dict[str, str]:
    """Nationality adjectives (en/fr/es) mapped to their country code; an adjective that two
    countries share is an error in the data."""
    data = _load_yaml("demonyms.yaml")
    assert isinstance(data, dict)
    out: dict[str, str] = {}
    for code, words in data.items():
        for word in words:
            key = " ".join(tokens(str(word)))
            if out.setdefault(key, str(code)) != str(code):
                raise ValueError(f"demonyms.yaml: {word!r} names both {out[key]} and {code}")
    return out


@cache
def load_places() -> dict[str, str]:
    """City names that sources give as event places, mapped to their country code."""
    places = _load_yaml("places.yaml")
    assert isinstance(places, dict)
    return {str(k): str(v) for k, v in places.items()}

"""The country gazetteer: finds country names in text by longest match over words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from borderkg.reference.countries import (
    load_countries,
    load_demonyms,
    load_places,
    load_region_names,
)
from borderkg.textnorm import tokens

_STOPWORDS = frozenset(
    "and the of et y de la le les du des in to at along with its their between also or".split()
)


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CountryMatch:
    """A country found in a text: its code and the words that named it."""

    code: str
    words: str


class CountryGazetteer:
    """Finds country names in text by longest match over words (names run together with
    spaces, as in "Albania Croatia Serbia Montenegro", cannot be split on spaces)."""

    def __init__(self) -> None:
        countries = load_countries()
        index: dict[str, set[str]] = {}
        for country in countries.values():
            for name in country.all_names():
                index.setdefault(" ".join(tokens(name)), set()).add(country.code)
        self._index: dict[str, str] = {}
        for key, codes in index.items():
            current = sorted(c for c in codes if not countries[c].former)
            chosen = current if current else sorted(codes)
            if len(chosen) == 1 and key:
                self._index[key] = chosen[0]
        self._regions = {" ".join(tokens(r)) for r in load_region_names()}
        self._places = {" ".join(tokens(p)): c for p, c in load_places().items()}
        self._demonyms = load_demonyms()
        self._max = max(len(k.split()) for k in [*self._index, *self._regions])

    def lookup(self, name: str) -> str | None:
        """The code of a country written exactly (up to case, accents and punctuation)."""
        return self._index.get(" ".join(tokens(name)))

    def place_country(self, place: str) -> str | None:
        """The country of a place name: a country itself, or a known city."""
        return self.lookup(place) or self._places.get(" ".join(tokens(place)))

    def scan(self, text: str) -> tuple[list[CountryMatch], list[str]]:
        """Countries named in the text, in order, and the runs of words that matched nothing
        (stop words and known region names aside)."""
        words = tokens(text)
        found: list[CountryMatch] = []
        leftovers: list[str] = []
        pending: list[str] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + self._max), i, -1):
                key = " ".join(words[i:j])
                if key in self._index or key in self._regions:
                    if key in self._index:
                        found.append(CountryMatch(self._index[key], key))
                    if pending:
                        leftovers.append(" ".join(pending))
                        pending = []
                    i = j
                    break
            else:
                if words[i] not in _STOPWORDS and not words[i].isdigit():
                    pending.append(words[i])
                elif pending:
                    leftovers.append(" ".join(pending))
                    pending = []
                i += 1
        if pending:
            leftovers.append(" ".join(pending))
        return found, leftovers

    def demonym_country(self, text: str) -> str | None:
        """The country of the one nationality adjective a name holds ('Nigerian Immigration
        Service' -> NG), else None."""
        words = tokens(text)
        found = {code for n in (1, 2) for i in range(len(words) - n + 1)
                 if (code := self._demonyms.get(" ".join(words[i:i + n]))) is not None}
        return found.pop() if len(found) == 1 else None

    def codes(self, text: str) -> list[str]:
        """Country codes named in the text, first occurrence order, without duplicates."""
        found, _ = self.scan(text)
        return list(dict.fromkeys(m.code for m in found))


@cache
def gazetteer() -> CountryGazetteer:
    """The shared gazetteer (building it reads every country name once)."""
    return CountryGazetteer()

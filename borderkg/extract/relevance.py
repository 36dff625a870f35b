"""Whether a project is about border management, and the evidence for saying so.

A project is relevant when it works in a border-management sector (DAC purpose codes such as
15190 migration and mobility, 33120 trade facilitation) or when its title or description names
border management in English, French or Spanish ("border guard", "gestion des frontières",
"aduanas"). The criteria are data (reference/data/relevance.yaml); this module only applies
them. Pure: codes and text in, evidence out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from borderkg.reference.yamldata import read_yaml
from borderkg.textnorm import fold

QUOTE_CONTEXT = 60  # characters of text kept either side of a keyword in the evidence
MAX_EVIDENCE = 5  # per project: enough to judge the tag, few enough to keep the graph small


@dataclass(frozen=True)
class RelevanceEvidence:
    """One reason for the tag: a sector code or a keyword found in a field."""

    field: str  # "sector", or the text field the keyword is in (title, description, ...)
    basis: str  # 'IATI sector 15190' or 'keyword "border guard" (en)'
    quote: str  # the sector's name, or the words around the keyword


@dataclass(frozen=True)
class Criteria:
    """The relevance criteria: sector codes with their names and one pattern of keywords."""

    sectors: dict[str, str]
    keywords: dict[str, tuple[str, str]]  # key (see _key) -> (keyword as listed, language)
    pattern: re.Pattern[str]


@cache
def criteria() -> Criteria:
    """The criteria of reference/data/relevance.yaml, compiled once."""
    path = resources.files("borderkg.reference").joinpath("data", "relevance.yaml")
    data = read_yaml(path.read_text("utf-8"))
    sectors = {str(code): str(name) for code, name in data["sectors"].items()}
    keywords: dict[str, tuple[str, str]] = {}
    for language, words in data["keywords"].items():
        for word in words:
            keywords.setdefault(_key(str(word)), (str(word), str(language)))
    # longest first, so that "border guard" wins over "border" at the same place
    alternatives = sorted(keywords, key=lambda k: (-len(k), k))
    body = "|".join(r"[\s-]+".join(map(re.escape, k.split())) for k in alternatives)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
    return Criteria(sectors, keywords, pattern)


def _key(words: str) -> str:
    """How keywords compare: folded, with hyphens and runs of spaces read as one space."""
    return " ".join(re.split(r"[\s-]+", fold(words)))


def border_relevance(sectors: Iterable[str], texts: Iterable[tuple[str, str]], *,
                     limit: int = MAX_EVIDENCE) -> tuple[RelevanceEvidence, ...]:
    """The evidence that a project is about border management (empty if none): its sector
    codes (DAC 5-digit) that the criteria list, then the first place each keyword appears in
    its (field, text) pairs, at most `limit` in all."""
    c = criteria()
    found: list[RelevanceEvidence] = []
    for code in dict.fromkeys(sectors):
        if code in c.sectors:
            found.append(RelevanceEvidence("sector", f"IATI sector {code}", c.sectors[code]))
    seen: set[str] = set()
    for field, text in texts:
        folded, origin = _folded(text)
        for m in c.pattern.finditer(folded):
            key = _key(m.group())
            if key in seen:
                continue
            seen.add(key)
            word, language = c.keywords[key]
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            found.append(RelevanceEvidence(field, f'keyword "{word}" ({language})',
                                           _snippet(text, start, end)))
    return tuple(found[:limit])


def _folded(text: str) -> tuple[str, Sequence[int]]:
    """`text` folded as textnorm.fold folds it (case, accents, quotes), character by
    character, with the position in `text` of each folded character."""
    if text.isascii():
        return text.lower(), range(len(text))  # most text, and lower() keeps the positions
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for f in fold(ch) if not ch.isspace() else " ":
            if not unicodedata.combining(f):
                chars.append(f)
                origin.append(i)
    return "".join(chars), origin


def _snippet(text: str, start: int, end: int) -> str:
    """The keyword with up to QUOTE_CONTEXT characters either side, cut at word breaks."""
    left = max(0, start - QUOTE_CONTEXT)
    right = min(len(text), end + QUOTE_CONTEXT)
    if left > 0 and (space := text.find(" ", left, start)) != -1:
        left = space + 1
    if right < len(text) and (space := text.rfind(" ", end, right)) != -1:
        right = space
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")

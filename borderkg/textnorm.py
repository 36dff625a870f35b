"""Text normalisation shared by IRI minting and name resolution.

Both must agree on what counts as "the same name", so the folding rules live here once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_REPUBLIC = re.compile(r" (?:the )?republic of ")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes and dashes; keeps punctuation."""
    if not text.isascii():  # ASCII has no accents or curly quotes (most names: the fast path)
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """The comparison key of a name: folded, '&' read as 'and', no punctuation, no leading
    'the', and 'of the Republic of X' read as 'of X' (official and short forms compare equal)."""
    text = fold(text).replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    text = _REPUBLIC.sub(" ", f" {text} ").strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def slugify(text: str, *, max_length: int = 80) -> str:
    """A lower-case ASCII slug; stable, so that the same text always gives the same IRI."""
    slug = _NON_WORD.sub("-", fold(text).replace("&", " and ")).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug or "unnamed"


def tokens(text: str) -> list[str]:
    """Words of a text for gazetteer matching; splits on spaces, slashes and hyphens."""
    return [t for t in _NON_WORD.split(fold(text).replace("&", " and ")) if t]


_SPACES = re.compile(r"\s+")
_LEADING_WORD = re.compile(r"^(?:and|the|by|of)\s+", re.I)


def clean_name(name: str) -> str:
    """A written name without surrounding quotes, articles and punctuation."""
    name = _SPACES.sub(" ", name).strip(" \t.,;:\"'“”«»")
    return _LEADING_WORD.sub("", name).strip()

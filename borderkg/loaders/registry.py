"""Which loader reads which file: a table of (template, detect, parse), tried in order.

Reading a file (bytes -> text, HTML -> text) is the only I/O here; the parsers are pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from borderkg.loaders import iom_idf, iom_mission, news
from borderkg.loaders.records import Document
from borderkg.loaders.text import html_to_text

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ""}


class LoadError(Exception):
    """A source that cannot be read at all: unreadable, empty, binary or of no known template."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Loader:
    """One page template: how to recognise it and how to read it."""

    template: str
    module: str
    detect: Callable[[str], bool]
    parse: Callable[[str], Document]


LOADERS: tuple[Loader, ...] = (
    Loader(iom_idf.TEMPLATE, iom_idf.__name__, iom_idf.detect, iom_idf.parse),
    Loader(iom_mission.MISSION_TEMPLATE, iom_mission.__name__, iom_mission.detect,
           iom_mission.parse),
    Loader(news.TEMPLATE, news.__name__, news.detect, news.parse),
)


def decode(data: bytes, *, path: str) -> str:
    """Bytes of a page as text; binary or undecodable content is an error, not garbage."""
    if not data.strip():
        raise LoadError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise LoadError(path, "binary file (NUL bytes), not a text or HTML page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    head = text.lstrip()[:512].lower()
    if path.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith(("<!doctype html",
                                                                             "<html")):
        text = html_to_text(text)
    if not text.strip():
        raise LoadError(path, "no text content")
    return text


def pick_loader(text: str, *, path: str) -> Loader:
    """The first loader whose template the text matches."""
    for loader in LOADERS:
        if loader.detect(text):
            return loader
    raise LoadError(path, "unrecognised format: no IOM project page field block and no news date")


def read_file(path: Path) -> tuple[bytes, Loader, Document]:
    """Read one source file: its bytes, the loader that matched and what it read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), f"unreadable: {exc.strerror or exc}") from exc
    text = decode(data, path=str(path))
    loader = pick_loader(text, path=str(path))
    return data, loader, loader.parse(text)

"""Which loader reads which file: one table of every source format, tried in order.

A streamed format (IATI activity files) is recognised by a file's first bytes and read record
by record, so that memory does not grow with the file; a page format (IOM pages, news items,
any other prose) is recognised and read as text. Reading a file (bytes -> text, HTML -> text)
is the only I/O here; the parsers are pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from borderkg.loaders import iati, iom_idf, iom_mission, news
from borderkg.loaders.records import Document, IatiActivity, Problem
from borderkg.loaders.text import html_to_text
from borderkg.loaders.xml import MAX_PROLOG_CHARS, only_prolog

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ""}
MAX_PAGE_BYTES = 20_000_000  # a saved IOM page is well under 1 MB
MAX_TEXT_CHARS = 1_000_000  # the running text of one page (a long report is 300,000)
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


@dataclass(frozen=True)
class StreamLoader:
    """A format read record by record: recognised by a file's first bytes, checked before
    parsing (check raises on what must not be parsed), then streamed."""

    template: str
    module: str
    head_bytes: int
    detect: Callable[[bytes], bool]
    check: Callable[[BinaryIO], None]  # reads the stream's head; the caller seeks back
    stream: Callable[[BinaryIO], Iterator[IatiActivity | Problem]]
    error: type[Exception]  # what check and stream raise for a file that cannot be read


_WORD = re.compile(r"[^\W\d_]{2,}")
_STOPS = re.compile(r"([.!?\n])")


def is_prose(text: str) -> bool:
    """True for running text: some sentences of several words (any page that got this far):
    a word, twenty more characters and a full stop, within one line. Linear in the text (a
    search with a regular expression backtracks quadratically on a long line without one)."""
    if sum(1 for _ in zip(range(12), _WORD.finditer(text), strict=False)) < 12:
        return False
    parts = _STOPS.split(text)
    for segment, stop in zip(parts[::2], parts[1::2], strict=False):
        if stop != "\n" and (word := _WORD.search(segment)) and \
                len(segment) - word.start() - 2 >= 20:
            return True
    return False


# Tried in order: streamed formats on the first bytes, then page templates on the text; the
# last one takes any prose that no template matched.
LOADERS: tuple[StreamLoader | Loader, ...] = (
    StreamLoader(iati.TEMPLATE, iati.__name__, iati.HEAD_BYTES, iati.detect, iati.check,
                 iati.parse_activities, iati.IatiFileError),
    Loader(iom_idf.TEMPLATE, iom_idf.__name__, iom_idf.detect, iom_idf.parse),
    Loader(iom_mission.MISSION_TEMPLATE, iom_mission.__name__, iom_mission.detect,
           iom_mission.parse),
    Loader(news.TEMPLATE, news.__name__, news.detect, news.parse),
    Loader(news.DOCUMENT_TEMPLATE, news.__name__, is_prose, news.parse_document),
)

_RDF = re.compile(r"^\s*(?:@prefix|@base|PREFIX\s|BASE\s|<[^>\s]+>\s+<[^>\s]+>|_:\w+\s+<)",
                  re.I | re.M)
_RDF_XML = re.compile(r"<rdf:RDF\b|xmlns:rdf=", re.I)


def not_prose(text: str, *, path: str) -> str | None:
    """Why a text is data rather than a page (RDF, JSON, CSV, XML), or None for a page."""
    head = text.lstrip()[:4096]
    if _RDF.search(head) and (head.count(" .\n") + head.count(" ;\n") >= 2
                              or head.lower().startswith(("@prefix", "prefix"))):
        return "RDF (Turtle, N-Triples or N-Quads), not a page: load it as RDF, not as a source"
    if _RDF_XML.search(head):
        return "RDF/XML, not a page"
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "JSON data, not a page"
    if head.startswith("<?xml") or (head.startswith("<") and not head.lower().startswith(
            ("<!doctype html", "<html"))):
        return "XML that is not an IATI activity file, not a page"
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    for sep in (",", ";", "\t", "|"):
        counts = [ln.count(sep) for ln in lines]
        if len(lines) >= 3 and min(counts) >= 2 and len(set(counts)) <= 2 and \
                sum(len(ln.split()) for ln in lines) / len(lines) < 3 * (min(counts) + 1):
            return f"a delimited table ({sep!r}-separated values), not a page"
    return None


def _check_size(size: int, path: str) -> None:
    if size > MAX_PAGE_BYTES:
        raise LoadError(path, f"{size:,} bytes: larger than any page ({MAX_PAGE_BYTES:,} bytes "
                              "at most)")


def decode(data: bytes, *, path: str) -> str:
    """Bytes of a page as text; binary or undecodable content, and data that is not a page
    (RDF, JSON, CSV, XML), are errors, not garbage. Control characters become spaces, so
    none reaches a literal (XML 1.0, hence RDF/XML, cannot carry them)."""
    if not data.strip():
        raise LoadError(path, "empty file")
    _check_size(len(data), path)
    if (nul := data.find(b"\x00")) >= 0:
        raise LoadError(path, f"binary file (a NUL byte at byte {nul:,}), not a text or HTML "
                              "page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    text = _CONTROLS.sub(" ", text)
    head = text.lstrip()[:512].lower()
    if path.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith(("<!doctype html",
                                                                             "<html")):
        try:
            text = html_to_text(text)
        except ValueError as exc:
            raise LoadError(path, str(exc)) from exc
    elif (reason := not_prose(text, path=path)) is not None:
        raise LoadError(path, reason)
    if not text.strip():
        raise LoadError(path, "no text content")
    if len(text) > MAX_TEXT_CHARS:
        raise LoadError(path, f"{len(text):,} characters of text: more than any page "
                              f"({MAX_TEXT_CHARS:,} at most)")
    return text


def stream_loader(path: Path) -> StreamLoader | None:
    """The streamed format whose first bytes the file has, if any."""
    try:
        with path.open("rb") as f:
            head = f.read(max(x.head_bytes for x in LOADERS if isinstance(x, StreamLoader)))
            if only_prolog(head):  # the root element lies further on: read up to it
                head += f.read(4 * MAX_PROLOG_CHARS)
    except OSError:
        return None
    return next((x for x in LOADERS if isinstance(x, StreamLoader) and x.detect(head)), None)


def pick_loader(text: str, *, path: str) -> Loader:
    """The first page loader whose template the text matches."""
    for loader in LOADERS:
        if isinstance(loader, Loader) and loader.detect(text):
            return loader
    raise LoadError(path, "no running text: not a page of any template, nor prose")


def read_bytes(path: Path) -> bytes:
    """The bytes of a page file (LoadError for one too large to be a page, or unreadable)."""
    try:
        _check_size(path.stat().st_size, str(path))  # before reading it all
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), f"unreadable: {exc.strerror or exc}") from exc


def read_page(data: bytes, *, path: str) -> tuple[Loader, Document]:
    """The loader that matches a page's bytes and what it read."""
    text = decode(data, path=path)
    loader = pick_loader(text, path=path)
    return loader, loader.parse(text)


def read_file(path: Path) -> tuple[bytes, Loader, Document]:
    """Read one source file: its bytes, the loader that matched and what it read."""
    data = read_bytes(path)
    return (data, *read_page(data, path=str(path)))

"""Reading untrusted XML safely: the encoding of a file's head, a prolog check that refuses
document type declarations wherever they hide, and the one parser configuration to use.

A DTD can declare entities that expand without bound (the "billion laughs") or name local
files and URLs (XXE). IATI and codelist files never need one, so it is refused before
parsing, however long the comments before it and whatever the encoding (UTF-8, UTF-16 and
UTF-32, with or without a byte-order mark); the parser itself never loads a DTD, resolves an
entity or touches the network, which covers anything the check could miss.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from lxml import etree

MAX_PROLOG_CHARS = 1_000_000  # comments and processing instructions before the root
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# '<' or '<?' in the encodings that a file without a byte-order mark may use (XML 1.0, F.1)
_NO_BOM = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
           (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))
_DECLARED = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class XmlPrologError(ValueError):
    """A file whose prolog declares a document type (or cannot be read as XML at all)."""


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of an XML file from its first bytes, and the length of its byte-order
    mark."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    for start, name in _NO_BOM:
        if head.startswith(start):
            return name, 0
    m = _DECLARED.match(head)
    if m:
        try:
            return codecs.lookup(m.group(1).decode("ascii")).name, 0
        except LookupError:
            return "utf-8", 0
    return "utf-8", 0


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, in the encoding the file uses."""
    encoding, skip = sniff_encoding(head)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head[skip:])


_PROLOG_PARTS = re.compile(r"<\?.*?\?>|<!--.*?-->", re.S)


def only_prolog(head: bytes) -> bool:
    """True when the first bytes of an XML file hold no element yet (long comments or
    processing instructions first), so whoever sniffs the format must read further."""
    text = head_text(head).lstrip()
    return text.startswith("<") and re.search(r"<[^\W\d]", _PROLOG_PARTS.sub("", text)) is None


def check_prolog(stream: BinaryIO) -> None:
    """Refuse a document type declaration before the root element (XmlPrologError); the
    stream is read up to the root element, so the caller seeks back before parsing."""
    first = stream.read(4)
    encoding, skip = sniff_encoding(first + stream.read(256))
    stream.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    buffer, seen = "", 0
    while True:
        buffer = buffer.lstrip()
        if buffer.startswith("<?") and "?>" in buffer:
            buffer = buffer[buffer.index("?>") + 2:]
            continue
        if buffer.startswith("<!--") and "-->" in buffer[4:]:
            buffer = buffer[buffer.index("-->", 4) + 3:]
            continue
        if buffer.startswith("<!") and len(buffer) >= 4 and not buffer.startswith("<!--"):
            raise XmlPrologError("document type or entity declarations are not allowed (they "
                                 "can expand without bound or read local files)")
        if buffer[:1] == "<" and len(buffer) >= 2 and buffer[1] not in "?!":
            return  # the root element
        if buffer and buffer[0] != "<":
            return  # not XML: the parser says why
        chunk = stream.read(65536)
        if not chunk:
            return
        text = decoder.decode(chunk)
        seen += len(text)
        if seen > MAX_PROLOG_CHARS:
            raise XmlPrologError(f"more than {MAX_PROLOG_CHARS:,} characters before the root "
                                 "element")
        buffer += text


def safe_parser() -> etree.XMLParser:
    """lxml's parser with no DTD, no entities, no network and no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False)


def has_doctype(tree: etree._ElementTree) -> bool:
    """True when a parsed document declared a document type (the parser's own view)."""
    info = tree.docinfo
    return bool(info.doctype or info.internalDTD is not None or info.externalDTD is not None)

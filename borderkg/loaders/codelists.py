"""Official IATI codelist files (XML 'codelist' format): code -> names in several languages.

Users point `borderkg ingest --codelists DIR` at the files; the labels of IATI codes (sectors,
regions, transaction types, ...) come from there rather than from a copy in the project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from borderkg.loaders.iati import XML_LANG
from borderkg.loaders.records import Narrative
from borderkg.loaders.xml import XmlPrologError, check_prolog, has_doctype, safe_parser

MAX_BYTES = 50_000_000  # the largest official codelist is a few megabytes


class CodelistError(ValueError):
    """A codelist file that cannot be read (the message names the file and why)."""


@dataclass(frozen=True)
class CodelistItem:
    codelist: str
    code: str
    names: tuple[Narrative, ...]
    description: str | None


def read_codelist(path: Path) -> list[CodelistItem]:
    """The items of one codelist file (safe parser: no DTD, no entities, no network)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CodelistError(f"{path}: larger than {MAX_BYTES:,} bytes")
        with path.open("rb") as f:
            check_prolog(f)
            f.seek(0)
            tree = etree.parse(f, safe_parser())
    except XmlPrologError as exc:
        raise CodelistError(f"{path}: {exc}") from exc
    except etree.XMLSyntaxError as exc:
        raise CodelistError(f"{path}: not well-formed XML (line {exc.lineno}): {exc.msg}"
                            ) from exc
    except OSError as exc:
        raise CodelistError(f"{path}: unreadable ({exc.strerror or exc})") from exc
    if has_doctype(tree):
        raise CodelistError(f"{path}: document type declarations are not allowed")
    root = tree.getroot()
    if root.tag != "codelist":
        raise CodelistError(f"{path}: not an IATI codelist (root element {root.tag!r})")
    name = root.get("name") or path.stem
    default_lang = root.get(XML_LANG) or "en"
    items = []
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code:
            continue
        names = tuple(Narrative(n.text.strip(), n.get(XML_LANG) or default_lang)
                      for n in item.findall("name/narrative") if n.text and n.text.strip())
        description = item.findtext("description/narrative")
        items.append(CodelistItem(name, code, names,
                                  description.strip() if description else None))
    return items

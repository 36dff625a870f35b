"""Official IATI codelist files (XML 'codelist' format): code -> names in several languages.

Users point `borderkg ingest --codelists DIR` at the files; the labels of IATI codes (sectors,
regions, transaction types, ...) come from there rather than from a copy in the project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from borderkg.loaders.iati import XML_LANG
from borderkg.loaders.records import Narrative


@dataclass(frozen=True)
class CodelistItem:
    codelist: str
    code: str
    names: tuple[Narrative, ...]
    description: str | None


def read_codelist(path: Path) -> list[CodelistItem]:
    """The items of one codelist file (safe parser: no DTD, no entities, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    root = etree.parse(str(path), parser).getroot()
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

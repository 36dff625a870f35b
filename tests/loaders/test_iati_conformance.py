"""Every element of the official IATI annotated examples is mapped or listed as deliberately
not mapped in docs/iati-mapping.md."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from borderkg.loaders.iati import parse_activities
from borderkg.loaders.records import IatiActivity
from tests.conftest import IATI, ROOT, need_shared

ENTRY = re.compile(r"^\| `(?P<path>[a-z/-]+)` \|")


def documented() -> tuple[set[str], set[str]]:
    text = (ROOT / "docs" / "iati-mapping.md").read_text("utf-8")
    mapped_part, _, unmapped_part = text.partition("## Not mapped")
    mapped = {m["path"] for line in mapped_part.splitlines() if (m := ENTRY.match(line))}
    unmapped = {m["path"] for line in unmapped_part.splitlines() if (m := ENTRY.match(line))}
    return mapped, unmapped


def example_paths() -> set[str]:
    paths: set[str] = set()

    def walk(el: ET.Element, prefix: str) -> None:
        path = f"{prefix}/{el.tag}" if prefix else el.tag
        paths.add(path)
        for child in el:
            walk(child, path)

    for f in sorted(need_shared(IATI / "official-examples").glob("activity*.xml")):
        for activity in ET.parse(f).getroot().iter("iati-activity"):
            for child in activity:
                walk(child, "")
    return paths


def test_every_example_element_is_mapped_or_documented() -> None:
    mapped, unmapped = documented()
    assert not mapped & unmapped
    missing = [p for p in sorted(example_paths()) if p not in mapped
               and not any(p == u or p.startswith(u + "/") for u in unmapped)]
    assert missing == [], f"neither mapped nor documented as not mapped: {missing}"


def test_the_examples_are_read_in_full() -> None:
    for f in sorted(need_shared(IATI / "official-examples").glob("activity*.xml")):
        with f.open("rb") as stream:
            read = [a for a in parse_activities(stream) if isinstance(a, IatiActivity)]
        assert read, f.name
        a = read[0]
        assert a.titles and a.participants and a.reporting_org is not None, f.name
        assert a.budgets and a.transactions and a.sectors, f.name

"""The IATI reader: counts against an independent reading of the XML, version 1.0x, bad
activities, files that are not well-formed, hostile files, and memory that stays flat."""

from __future__ import annotations

import io
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from borderkg.loaders import iati
from borderkg.loaders.records import IatiActivity, Problem
from tests.conftest import DATA, IATI, need_shared


def activities(path: Path) -> list[IatiActivity]:
    with path.open("rb") as f:
        return [a for a in iati.parse_activities(f) if isinstance(a, IatiActivity)]


def real_files() -> list[Path]:
    return sorted(need_shared(IATI / "real").glob("*.xml"))


def test_counts_match_an_independent_reading() -> None:
    for path in real_files():
        root = ET.parse(path).getroot()
        elements = list(root.iter("iati-activity"))
        read = activities(path)
        assert len(read) == len(elements), path.name
        assert [a.identifier for a in read] == [e.findtext("iati-identifier", "").strip()
                                                for e in elements]
        roles = Counter(p.role for a in read for p in a.participants)
        expected = Counter(iati._code(p.get("role"), iati.ROLE_CODES)
                           for e in elements for p in e.findall("participating-org")
                           if p.get("ref") or p.findtext("narrative") or (p.text or "").strip())
        assert roles == expected, path.name
        assert sum(len(a.countries) for a in read) == sum(
            len(e.findall("recipient-country")) for e in elements), path.name
        assert sum(len(a.budgets) for a in read) == sum(len(e.findall("budget"))
                                                        for e in elements), path.name
        assert sum(len(a.transactions) for a in read) == sum(
            len(e.findall("transaction")) for e in elements), path.name


def test_version_1_api_response_with_text_codes() -> None:
    path = need_shared(IATI / "real" / "dportal-ctrack-test_activities2_v1.0x.xml")
    read = activities(path)
    assert len(read) == 51 and read[0].version == "1.0x"
    assert {p.role for a in read for p in a.participants} <= {"1", "2", "3", "4"}
    assert read[0].dates == {"1": "2001-09-28", "2": "2001-09-28", "3": "2011-12-31",
                             "4": "2011-12-31"}
    types = {t.type for a in read for t in a.transactions}
    assert types and all(t.isdigit() for t in types)  # letter codes (C, D, IR, ...) mapped


def test_bad_activities_are_reported_and_skipped() -> None:
    with (DATA / "iati" / "malformed_activity.xml").open("rb") as f:
        items = list(iati.parse_activities(f))
    good = [i for i in items if isinstance(i, IatiActivity)]
    bad = [i for i in items if isinstance(i, Problem)]
    assert [a.identifier for a in good] == ["XI-TEST-1", "XI-TEST-4"]
    assert [(p.field, p.line) for p in bad] == [("iati-activity ?", 17), ("iati-activity XI-TEST-3", 20)]
    assert "no iati-identifier" in bad[0].reason and "not a number" in bad[1].reason
    first = good[0]
    assert [(t.text, t.lang) for t in first.titles] == [("Border crossing points in Moldova", "en"),
                                                       ("Puncte de trecere a frontierei", "ro")]
    assert good[1].participants[0].role == "1"  # 'Funding'


def test_not_well_formed(tmp_path: Path) -> None:
    broken = b'<?xml version="1.0"?><iati-activities><iati-activity><iati-identifier>X</iati-activities>'
    with pytest.raises(iati.IatiFileError, match="not well-formed"):
        list(iati.parse_activities(io.BytesIO(broken)))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<iati-activities><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>"""


def xxe(target: Path) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "{target.as_uri()}">]>'
            "<iati-activities><iati-activity><iati-identifier>&secret;</iati-identifier>"
            "</iati-activity></iati-activities>").encode()


def test_hostile_files_are_refused_before_parsing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    for data in (BILLION_LAUGHS, xxe(secret)):
        start = time.perf_counter()
        with pytest.raises(iati.IatiFileError, match="not allowed"):
            iati.check(io.BytesIO(data))
        assert time.perf_counter() - start < 1


def test_the_parser_itself_neither_expands_nor_reads(tmp_path: Path) -> None:
    """Defence in depth: even without the head check, entities are not resolved."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    for data in (BILLION_LAUGHS, xxe(secret)):
        start = time.perf_counter()
        try:
            items = list(iati.parse_activities(io.BytesIO(data)))
        except iati.IatiFileError:
            items = []
        assert time.perf_counter() - start < 1
        for item in items:
            assert "TOP SECRET" not in str(item) and "lollol" not in str(item)


def synthetic(n: int) -> bytes:
    one = ("<iati-activity default-currency='EUR'><iati-identifier>XI-SYN-{i}</iati-identifier>"
           "<title><narrative>Activity {i}</narrative></title>"
           "<participating-org ref='XI-IATI-EC_NEAR' role='1'><narrative>DG NEAR</narrative>"
           "</participating-org><recipient-country code='MD' percentage='100'/>"
           "<budget><value>1000</value></budget></iati-activity>")
    body = "".join(one.format(i=i) for i in range(n))
    return f"<iati-activities version='2.03'>{body}</iati-activities>".encode()


def peak(data: bytes) -> int:
    tracemalloc.start()
    count = sum(1 for _ in iati.parse_activities(io.BytesIO(data)))
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 0
    return top


def test_memory_does_not_grow_with_the_file() -> None:
    """Ten times the activities, about the same peak: what grows is one entry per activity
    (a hash and a line number, to report duplicate identifiers), under 100 bytes each."""
    small, large = peak(synthetic(500)), peak(synthetic(5_000))
    assert large < 1.5 * small + 100 * 4_500

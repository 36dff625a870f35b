"""Reading files: format detection and clear errors for files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderkg.loaders.registry import LOADERS, LoadError, read_file, stream_loader
from tests.conftest import DATA, PAGES, SEEDS, need_shared


@pytest.mark.parametrize(("name", "template"), [
    ("idf_dash_en.txt", "iom-idf-page"), ("idf_page.html", "iom-idf-page"),
    ("mission_oneline.txt", "iom-mission-page"), ("legacy.txt", "iom-legacy-page"),
    ("news_dateline.txt", "news-item"),
])
def test_detection(name: str, template: str) -> None:
    _, _, doc = read_file(PAGES / name)
    assert doc.template == template


def test_seed_templates() -> None:
    need_shared(SEEDS)
    templates = [read_file(p)[2].template for p in sorted(SEEDS.glob("*.txt"))]
    assert templates == ["iom-idf-page", "iom-mission-page", "iom-mission-page",
                         "iom-legacy-page", "news-item"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("Année 2001 café".encode("latin-1"), "not UTF-8"),
    (b"<html><body><script>x()</script></body></html>", "no text content"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(LoadError) as exc:
        read_file(path)
    assert reason in exc.value.reason and exc.value.path == str(path)


def test_prose_of_no_layout_is_a_generic_document(tmp_path: Path) -> None:
    _, loader, doc = read_file(PAGES / "unrecognised.txt")
    assert loader.template == doc.template == "document"
    assert {(m.name, m.role) for m in doc.mentions} == {("IOM", "mentioned"),
                                                        ("Frontex", "mentioned")}


@pytest.mark.parametrize(("content", "reason"), [
    ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", "RDF"),
    ("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
     "<http://example.org/a> <http://example.org/b> <http://example.org/d> .\n", "RDF"),
    ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
     "RDF/XML"),
    ('[{"name": "Frontex"}, {"name": "IOM"}]', "JSON"),
    ("org;country;year\nFrontex;PL;2019\nIOM;CH;2020\nEUBAM;UA;2021\n", "table"),
    ('<?xml version="1.0"?><catalogue><item>Frontex</item></catalogue>', "XML"),
    ("Frontex IOM", "no running text"),
])
def test_data_that_is_not_a_page_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "looks-like-a-page.txt"
    path.write_text(content, "utf-8")
    with pytest.raises(LoadError) as exc:
        read_file(path)
    assert reason in exc.value.reason


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="unreadable"):
        read_file(tmp_path / "missing.txt")


def test_iati_files_are_found_by_their_first_bytes_whatever_their_name(tmp_path: Path) -> None:
    renamed = tmp_path / "activities.txt"
    renamed.write_bytes((DATA / "iati" / "malformed_activity.xml").read_bytes())
    loader = stream_loader(renamed)
    assert loader is not None and loader.template == "iati-activity-file"
    assert stream_loader(PAGES / "mission_oneline.txt") is None
    assert [x.template for x in LOADERS][:2] == ["iati-activity-file", "iom-idf-page"]

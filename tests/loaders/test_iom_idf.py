"""Development Fund pages: both layouts, three languages, empty values, unlabelled values."""

from __future__ import annotations

from decimal import Decimal

from borderkg.loaders import iom_idf
from borderkg.loaders.registry import read_file
from borderkg.reference.gazetteer import gazetteer
from tests.conftest import PAGES, SEEDS, need_shared


def codes(project: object) -> list[str]:
    return [gazetteer().lookup(c.name) or "?" for c in project.countries  # type: ignore[attr-defined]
            if c.role == "beneficiary"]


def test_dash_layout_english_with_an_empty_value() -> None:
    doc = iom_idf.parse((PAGES / "idf_dash_en.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert doc.language == "en" and doc.template == "iom-idf-page"
    assert p.title == "Border Management Training for the Eastern Caribbean"
    assert (p.start.value, p.end.value) == ("2012", "2013")  # type: ignore[union-attr]
    assert p.start.precision == "year"  # type: ignore[union-attr]
    assert p.status is None  # the label has no value; the next line is the next label
    assert p.project_type == "Immigration and Borders"
    assert p.funding_year == "2011"
    assert p.identifiers == {"iom_project_id": "QU8-805"}
    assert codes(p) == ["DM", "GD", "LC"]
    assert [(o.role, o.name) for o in p.organisations] == [
        ("funding", "IOM Development Fund"), ("implementing", "IOM")]
    assert [e.kind for e in doc.events] == ["training"]
    assert doc.events[0].place == "Castries"


def test_bullet_layout_with_prima_id() -> None:
    (p,) = iom_idf.parse((PAGES / "idf_bullet_en.txt").read_text("utf-8")).projects
    assert p.identifiers == {"prima_id": "PW10P0506", "iom_project_id": "IB.0287"}
    assert p.status == "Ongoing" and p.region == "Asia and Oceania"
    assert codes(p) == ["PW", "WS", "SB"]
    assert p.budget is not None and p.budget.amount == Decimal("300000.00")


def test_french_labels_and_values() -> None:
    doc = iom_idf.parse((PAGES / "idf_bullet_fr.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert doc.language == "fr"
    assert (p.status, p.project_type, p.coverage, p.region) == \
        ("Achevé", "Immigration et frontières", "Nationale", "Afrique")
    assert codes(p) == ["KM", "IR"]
    assert p.budget is not None and p.budget.currency == "USD"


def test_spanish_doubled_project_type_label() -> None:
    doc = iom_idf.parse((PAGES / "idf_es.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert doc.language == "es"
    assert p.status == "Finalizado"  # the first 'Tipo de proyecto' holds the status
    assert p.project_type == "Inmigración y fronteras"
    assert codes(p) == ["BZ", "CR", "SV"]


def test_unlabelled_values_of_the_older_site() -> None:
    assert iom_idf.detect((PAGES / "idf_unlabelled.txt").read_text("utf-8"))
    (p,) = iom_idf.parse((PAGES / "idf_unlabelled.txt").read_text("utf-8")).projects
    assert p.title == "Capacity Building in Border Management for Zambia"
    assert (p.start.value, p.end.value, p.funding_year) == ("2008", "2009", "2008")  # type: ignore[union-attr]
    assert (p.status, p.project_type, p.coverage, p.region) == \
        ("Completed", "Immigration and Borders", "National", "Africa")
    assert p.identifiers == {"iom_project_id": "CT.0690"}
    assert codes(p) == ["ZM"]


def test_html_page() -> None:
    _, loader, doc = read_file(PAGES / "idf_page.html")
    assert loader.template == "iom-idf-page"
    (p,) = doc.projects
    assert p.title == "Document Examination Training in Ghana and Togo"
    assert p.identifiers == {"iom_project_id": "PR.0221"}
    assert codes(p) == ["GH", "TG"]
    assert "tracking" not in (p.description or "")


def test_unknown_country_is_kept_for_the_builder() -> None:
    (p,) = iom_idf.parse((PAGES / "bad_unknown_country.txt").read_text("utf-8")).projects
    assert [c.name for c in p.countries if c.role == "beneficiary"] == ["chad", "atlantis"]


def test_seed_000() -> None:
    text = need_shared(SEEDS / "000_402e9d006899ed54.txt").read_text("utf-8")
    assert iom_idf.detect(text)
    (p,) = iom_idf.parse(text).projects
    assert p.identifiers == {"iom_project_id": "T75-805"}
    assert codes(p) == ["AL", "HR", "RS", "ME"]
    assert p.evidence["countries"] == "Benefiting Member States: Albania Croatia Serbia Montenegro"

"""News items: dates (with and without year), datelines, captions, events, projects, people."""

from __future__ import annotations

from decimal import Decimal

from borderkg.loaders import news
from tests.conftest import PAGES, SEEDS, need_shared


def test_dateline_yearless_date_captions_and_line_breaks() -> None:
    text = (PAGES / "news_dateline.txt").read_text("utf-8")
    assert news.detect(text)
    doc = news.parse(text)
    assert doc.title == "Sahel border officials meet in Ouagadougou"
    assert doc.published is not None and doc.published.value == "2021-09-29"
    assert any("no year" in p.reason for p in doc.problems)  # the inferred year is reported
    (meeting,) = doc.events
    assert (meeting.start.value, meeting.end.value) == ("2021-09-27", "2021-09-28")  # type: ignore[union-attr]
    assert meeting.place == "Ouagadougou"
    roles = {(o.role, o.name) for o in meeting.organisations}
    assert ("host", "Government of Burkina Faso") in roles
    assert ("supporter", "International Organization for Migration (IOM), Mission in Burkina Faso") in roles
    assert {("participant", "Frontex"), ("participant", "UNHCR")} <= roles
    assert not any("civil society" in o.name for o in meeting.organisations)
    participant_countries = {c.name for c in meeting.countries if c.role == "participant"}
    assert participant_countries == {"Burkina Faso", "Mali", "Niger"}


def test_seed_004_projects_and_person() -> None:
    doc = news.parse(need_shared(SEEDS / "004_bc1ca026c1a4fd5b.txt").read_text("utf-8"))
    assert doc.published is not None and doc.published.value == "2019-06-18"
    assert [p.acronym for p in doc.projects] == ["IVCO", None, None]
    for p in doc.projects:
        assert [(o.role, o.name) for o in p.organisations] == [
            ("funding", "EU"), ("implementing", "IOM Mission in Ukraine")]
    meeting = doc.events[0]
    (person,) = meeting.people
    assert (person.name, person.organisation) == ("Radoslaw Darski", "EEAS")
    assert meeting.related_projects == [doc.projects[2].title]


def test_not_a_news_item() -> None:
    assert not news.detect((PAGES / "unrecognised.txt").read_text("utf-8"))


def test_french_item_without_date_line_reports_an_undated_training() -> None:
    doc = news.parse((PAGES / "news_fr.txt").read_text("utf-8"))
    assert doc.title == "Des agents frontaliers nigériens formés à la détection des faux documents"
    assert doc.published is None and [p.field for p in doc.problems] == ["date"]
    (event,) = doc.events
    assert (event.kind, event.place, event.start) == ("training", "Niamey", None)
    assert [c.name for c in event.countries] == ["Niger"]  # from the dateline
    assert {(o.role, o.name) for o in event.organisations} == {
        ("participant", "Direction de la surveillance du territoire (DST)"), ("host", "OIM")}
    assert {(m.role, m.name) for m in doc.mentions} == {
        ("funding", "Gouvernement du Japon"), ("partner", "Police aux frontières du Mali")}


def test_spanish_item_names_and_money_in_prose() -> None:
    doc = news.parse((PAGES / "news_es.txt").read_text("utf-8"))
    (event,) = doc.events
    assert (event.kind, event.place) == ("training", "San José")
    assert ("host", "Organización Internacional para las Migraciones") in \
        {(o.role, o.name) for o in event.organisations}
    assert ("partner", "Servicio Nacional de Fronteras de Panamá (SENAFRONT)") in \
        {(m.role, m.name) for m in doc.mentions}
    ((money, sentence),) = doc.amounts
    assert (money.amount, money.currency) == (Decimal("85000"), "USD")
    assert "85.000 dólares" in sentence

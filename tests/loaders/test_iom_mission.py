"""Mission and legacy project pages: label variants, layouts, missing titles, prose donors."""

from __future__ import annotations

from decimal import Decimal

from borderkg.loaders import iom_mission
from borderkg.reference.gazetteer import gazetteer
from tests.conftest import PAGES, SEEDS, need_shared


def orgs(project: object) -> list[tuple[str, str]]:
    return [(o.role, o.name) for o in project.organisations]  # type: ignore[attr-defined]


def test_one_line_labels_and_label_variants() -> None:
    doc = iom_mission.parse((PAGES / "mission_oneline.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert doc.template == "iom-mission-page"
    assert p.title == "Border Management Support in Georgia"
    assert (p.start.value, p.end.value) == ("2018-11", "2020-06")  # type: ignore[union-attr]
    assert p.status == "Ongoing"
    assert p.budget is not None and (p.budget.amount, p.budget.currency) == (Decimal("1250000"), "EUR")
    assert p.budget.equivalent is not None and p.budget.equivalent.currency == "GEL"
    assert orgs(p) == [
        ("funding", "European Union"), ("funding", "Government of Georgia"),
        ("implementing", "IOM Mission in Georgia"),
        ("partner", "Ministry of Internal Affairs of Georgia"), ("partner", "Frontex"),
        ("beneficiary", "Border Police of Georgia"), ("beneficiary", "Revenue Service of Georgia"),
    ]


def test_older_layout_hierarchies_and_names_with_commas() -> None:
    (p,) = iom_mission.parse((PAGES / "mission_older.txt").read_text("utf-8")).projects
    assert p.title == "Enhancing Border Control Capacities in Bosnia and Herzegovina"
    assert (p.start.value, p.end.value) == ("2017-11-01", "2020-03-01")  # type: ignore[union-attr]
    assert p.budget is not None and p.budget.currency == "JPY"
    assert p.budget.equivalent is not None and p.budget.equivalent.amount == Decimal("2000000")
    assert orgs(p) == [
        ("funding", "Government of Japan"),
        ("partner", "Republic of Serbia, Ministry of Interior, Border Police Directorate"),
        ("partner", "Migration, Asylum, Refugees Regional Initiative (MARRI)"),
        ("beneficiary", "Border Police of Bosnia and Herzegovina"),
    ]
    assert [gazetteer().lookup(c.name) for c in p.countries] == ["BA"]  # from the title


def test_untitled_page_with_prose_donor() -> None:
    (p,) = iom_mission.parse((PAGES / "mission_untitled.txt").read_text("utf-8")).projects
    assert p.title is None
    assert p.derived_label == "Untitled project funded by European Union in Armenia (2019–2021)"
    assert p.duration_months == 24
    assert ("funding", "European Union") in orgs(p)
    assert ("implementing", "IOM Mission in Armenia") in orgs(p)


def test_legacy_page() -> None:
    doc = iom_mission.parse((PAGES / "legacy.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert doc.template == "iom-legacy-page"
    assert p.title == "Regional Border Cooperation in Central Asia"
    assert p.project_type == "Technical Cooperation"
    assert ("associate-partner", "Frontex") in orgs(p)
    assert ("implementing", "International Organization for Migration") in orgs(p)
    assert p.beneficiary_groups == [
        "Border services of Central Asia: border guards of the three countries",
        "travellers crossing the borders", "traders using the crossing points"]
    assert p.results == ["A network of border liaison offices",
                         "Joint trainings on risk analysis for border guards"]


def test_unreadable_values_are_reported_with_field_and_line() -> None:
    doc = iom_mission.parse((PAGES / "bad_dates.txt").read_text("utf-8"))
    assert [(x.field, x.line) for x in doc.problems] == [("Duration", 3), ("Budget", 4)]
    (p,) = doc.projects
    assert p.start is None and p.budget is None
    assert ("funding", "European Union") in orgs(p)  # the rest of the page is still read


def test_seed_002_implementers_and_partner() -> None:
    text = need_shared(SEEDS / "002_0925a1c2cda1333b.txt").read_text("utf-8")
    (p,) = iom_mission.parse(text).projects
    assert p.title is None and p.derived_label
    assert orgs(p)[:4] == [
        ("funding", "European Union"), ("implementing", "IOM Mission in Ukraine"),
        ("implementing", "IOM Mission in Moldova"),
        ("partner", "European Border Assistance Mission to Moldova and Ukraine (EUBAM)")]
    assert len(p.results) == 3


def test_french_labels_values_and_sentence_case_names() -> None:
    doc = iom_mission.parse((PAGES / "mission_fr.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert p.title == "Renforcement de la gestion des frontières au Niger"
    assert (p.start.value, p.end.value) == ("2018-03-01", "2020-02-28")  # type: ignore[union-attr]
    assert p.duration_months == 24
    assert p.budget is not None and (p.budget.amount, p.budget.currency) == (Decimal("2500000"), "EUR")
    assert ("funding", "Gouvernement du Japon") in orgs(p)
    assert ("beneficiary", "Police aux frontières du Niger") in orgs(p)
    # named only in the summary's prose, in sentence case, defined by its acronym
    assert ("partner", "Agence nationale de lutte contre la traite des personnes (ANLTP)") in orgs(p)
    assert sorted(gazetteer().lookup(c.name) or "" for c in p.countries) == ["ML", "NE"]
    assert doc.problems == []


def test_spanish_labels_alone_on_their_line() -> None:
    doc = iom_mission.parse((PAGES / "mission_es.txt").read_text("utf-8"))
    (p,) = doc.projects
    assert p.title == "Fortalecimiento de la cooperación fronteriza en Centroamérica"
    assert (p.start.value, p.end.value) == ("2019-01", "2020-12")  # type: ignore[union-attr]
    assert p.budget is not None and (p.budget.amount, p.budget.currency) == (Decimal("1250000"), "USD")
    assert orgs(p)[:3] == [
        # a reference name with commas stays one name
        ("funding", "Oficina de Población, Refugiados y Migración del Departamento de Estado de "
                    "los Estados Unidos"),
        ("partner", "Dirección General de Migración y Extranjería de Costa Rica"),
        ("beneficiary", "Servicio Nacional de Fronteras de Panamá"),
    ]
    # countries run together with spaces, split by the gazetteer
    assert [gazetteer().lookup(c.name) for c in p.countries] == ["CR", "PA", "NI"]
    assert p.description is not None and p.description.startswith("El proyecto apoya")


def test_listing_page_with_repeated_empty_labels() -> None:
    doc = iom_mission.parse((PAGES / "legacy_listing.txt").read_text("utf-8"))
    assert doc.template == "iom-legacy-page"
    assert [p.title for p in doc.projects] == [
        "Border Management Support to the State Border Service",
        "Training of Customs Officers in Risk Analysis"]
    first, second = doc.projects
    assert first.project_type == "Technical Cooperation"
    assert second.project_type is None  # the empty label does not take the sentence below it
    assert [(p.start.value, p.end.value) for p in doc.projects] == [  # type: ignore[union-attr]
        ("2004-01", "2005-12"), ("2005-03", "2006-02")]
    assert orgs(first) == [("implementing", "International Organization for Migration"),
                           ("beneficiary", "State Border Service of Bosnia and Herzegovina")]
    assert orgs(second) == [("implementing", "International Organization for Migration"),
                            ("partner", "Swedish Customs")]
    assert [gazetteer().lookup(c.name) for c in second.countries] == ["CSXX"]
    assert doc.mentions == []  # the navigation line names nobody

"""Every fact of ../shared/spec/seed-expectations.yaml, checked through the contract queries
(and, for provenance and events, SPARQL) after ingesting ../shared/seeds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from rdflib import Literal, URIRef

from borderkg.ontology import iris
from borderkg.queries import library
from borderkg.reference import load_countries
from borderkg.store import Store
from borderkg.textnorm import normalise_name
from tests.conftest import SPEC, need_shared

PREFIX = ("PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
          "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    data = yaml.safe_load(need_shared(SPEC / "seed-expectations.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def projects(seed_store: Store) -> list[dict[str, str]]:
    rows = library.run(seed_store, library.load("projects"))
    return [{k: str(v) if v is not None else "" for k, v in r.items()} for r in rows.dicts()]


def items(cell: str, sep: str = " | ") -> set[str]:
    return {x for x in cell.split(sep.strip() or None) if x.strip()} if sep.strip() else set(cell.split())


def listed(cell: str) -> set[str]:
    return {x.strip() for x in cell.split(" | ") if x.strip()}


def names(values: set[str] | list[str]) -> set[str]:
    """Names as the resolver compares them (the spec writes some official long forms)."""
    return {normalise_name(v) for v in values}


def spec_project(spec: dict[str, Any], projects: list[dict[str, str]], key: str
                 ) -> tuple[dict[str, Any], URIRef]:
    """A project of the spec and the IRI of its row."""
    p = next(p for p in spec["projects"] if p["key"] == key)
    return p, URIRef(row_for(projects, p)["project"])


def objects(store: Store, project: URIRef, path: str, *, english: bool = False) -> list[str]:
    """The values of a property path of a project (English labels only, if asked)."""
    only = " FILTER(LANG(?o) = 'en')" if english else ""
    rows = store.select(PREFIX + f"SELECT ?o ?p WHERE {{ ?p {path} ?o{only} }}", {"p": project})
    return [str(r[0]) for r in rows.rows]


def row_for(projects: list[dict[str, str]], spec_project: dict[str, Any]) -> dict[str, str]:
    """The one row of `projects` for a spec project, found by its sources and title."""
    sources = set(spec_project["sources"])
    titles = spec_project.get("titles") or ([spec_project["title"]] if spec_project.get("title")
                                            else [])
    candidates = [r for r in projects if listed(r["sources"]) == sources]
    if titles:
        candidates = [r for r in candidates if set(titles) <= listed(r["title"])]
    assert len(candidates) == 1, (spec_project["key"], [r["title"] for r in candidates])
    return candidates[0]


def test_every_spec_project_is_one_row(spec: dict[str, Any], projects: list[dict[str, str]]) -> None:
    rows = [row_for(projects, p) for p in spec["projects"]]
    assert len({r["project"] for r in rows}) == len(spec["projects"]) == len(projects)


def test_project_facts(spec: dict[str, Any], projects: list[dict[str, str]]) -> None:
    for p in spec["projects"]:
        row = row_for(projects, p)
        key = p["key"]
        if "identifiers" in p:
            assert listed(row["identifiers"]) == set(p["identifiers"].values()), key
        for fld in ("start", "end"):
            if fld in p:
                want = set(p[fld].values()) if isinstance(p[fld], dict) else {p[fld]}
                assert listed(row[fld]) == want, (key, fld)
        if "budget" in p:
            assert Decimal(row["budget_amount"]) == Decimal(p["budget"]["amount"]), key
            assert row["budget_currency"] == p["budget"]["currency"], key
        countries = p.get("benefiting_countries") or p.get("countries")
        if countries:
            assert row["countries"].split() == sorted(countries), key
        for column, spec_key in (("funders", "funders"), ("funders", "donors"),
                                 ("implementers", "implementers"), ("partners", "partners"),
                                 ("beneficiaries", "beneficiaries")):
            if spec_key in p:
                assert names(listed(row[column])) == names(p[spec_key]), (key, column)
        if "project_type" in p:
            assert row["type"] == p["project_type"], key


def test_status_is_the_completed_concept(seed_store: Store, spec: dict[str, Any],
                                         projects: list[dict[str, str]]) -> None:
    for p in (p for p in spec["projects"] if "status" in p):
        row = row_for(projects, p)
        ok = seed_store.select(PREFIX + "SELECT * WHERE { ?p bkg:status ?s . "
                               "?s skos:altLabel ?want }",
                               {"p": URIRef(row["project"]), "want": Literal(p["status"], lang="en")})
        assert ok.rows, p["key"]


def test_untitled_page_has_a_derived_label(seed_store: Store, projects: list[dict[str, str]],
                                           spec: dict[str, Any]) -> None:
    p = next(p for p in spec["projects"] if p["key"] == "ibm-moldova-ukraine-2020")
    row = row_for(projects, p)
    assert row["title"].startswith("[") and row["title"].endswith("]")
    rows = seed_store.select(PREFIX + "SELECT ?p ?t ?d WHERE { ?p bkg:derivedLabel ?d "
                             "OPTIONAL { ?p bkg:title ?t } }", {"p": URIRef(row["project"])})
    assert [r[1] for r in rows.rows] == [None]
    assert "Moldova" in str(rows.rows[0][2]) and "2020" in str(rows.rows[0][2])
    months = seed_store.select(PREFIX + "SELECT ?p ?m WHERE { ?p bkg:durationMonths ?m }",
                               {"p": URIRef(row["project"])})
    assert [int(r[1]) for r in months.rows] == [p["duration_months"]]  # type: ignore[arg-type]


def test_merged_project_keeps_both_date_readings_with_their_source(
        seed_store: Store, spec: dict[str, Any], projects: list[dict[str, str]]) -> None:
    p = next(p for p in spec["projects"] if p["key"] == "ibm-western-balkans-turkey-2009")
    row = row_for(projects, p)
    rows = seed_store.select(PREFIX + "SELECT ?p ?file ?start ?end WHERE { GRAPH ?g { "
                             "?p bkg:startDate ?start ; bkg:endDate ?end } ?g bkg:fileName ?file }",
                             {"p": URIRef(row["project"])})
    got = {(str(f), str(s), str(e)) for _, f, s, e in rows.rows}
    # The spec keys the readings by the source number (YAML reads 001 as the integer 1).
    want = {(src, p["start"][int(src[:3])], p["end"][int(src[:3])]) for src in p["sources"]}
    assert got == want
    merge = seed_store.select(PREFIX + "SELECT ?rule ?score ?p WHERE { ?m a bkg:ProjectMerge ; "
                              "bkg:matchedProject ?p ; bkg:matchRule ?rule ; bkg:matchScore ?score }",
                              {"p": URIRef(row["project"])})
    assert [str(r[0]) for r in merge.rows] == ["title+dates+countries"]


def test_merged_project_details(seed_store: Store, spec: dict[str, Any],
                                projects: list[dict[str, str]]) -> None:
    p, project = spec_project(spec, projects, "ibm-western-balkans-turkey-2009")
    groups = objects(seed_store, project, "bkg:beneficiaryGroup")
    assert len(groups) == len(p["beneficiary_groups"])
    text = " ".join(g.lower() for g in groups)
    for word in ("border management", "member states", "third country", "companies"):
        assert word in text
    results = objects(seed_store, project, "bkg:expectedResult")
    # The spec lists four results; the page numbers them I-III (I holds two of them).
    assert len(results) == 3 and len(p["results"]) == 4
    joined = " ".join(results)
    for phrase in ("Permanent Regional Forum for Heads of Border Services",
                   "Assessment and Monitoring Team", "trainings on IBM Strategies",
                   "Risk Analysis", "BCP Level Operations", "Suspicious Cases"):
        assert phrase in joined
    frontex = seed_store.select(PREFIX + "SELECT * WHERE { ?p bkg:hasAssociatePartner ?o . "
                                "?o skos:prefLabel \"Frontex\" }", {"p": project})
    assert frontex.rows
    hu = iris.country("HU")
    mentioned = seed_store.select(PREFIX + "SELECT * WHERE { ?p bkg:mentionsCountry ?c }",
                                  {"p": project, "c": hu})
    beneficiary = seed_store.select(PREFIX + "SELECT * WHERE { ?p bkg:coversCountry ?c }",
                                    {"p": project, "c": hu})
    assert mentioned.rows and not beneficiary.rows


def test_idf_project_details(seed_store: Store, spec: dict[str, Any],
                             projects: list[dict[str, str]]) -> None:
    p, project = spec_project(spec, projects, "field-visit-ukraine-border-2001")
    mentioned = objects(seed_store, project, "bkg:mentionsCountry")
    assert {iris.key_of(c) for c in mentioned} == set(p["other_countries_mentioned"])
    assert objects(seed_store, project, "bkg:coverage/skos:prefLabel", english=True) == \
        [p["coverage"]]
    assert objects(seed_store, project, "bkg:coversRegion/skos:prefLabel", english=True) == \
        [p["region"]]
    spec_event = p["events"][0]
    events = seed_store.select(PREFIX + "SELECT ?e ?c ?p WHERE { ?e a bkg:FieldVisit ; "
                               "bkg:relatedProject ?p ; bkg:inCountry ?c }", {"p": project})
    assert {iris.key_of(str(r[1])) for r in events.rows} == set(spec_event["countries"])


def test_news_projects(seed_store: Store, spec: dict[str, Any],
                       projects: list[dict[str, str]]) -> None:
    ivco, project = spec_project(spec, projects, "ivco-belarus-ukraine")
    assert objects(seed_store, project, "bkg:acronym") == [ivco["acronym"]]


def test_candidate_match_is_recorded_not_merged(seed_store: Store, spec: dict[str, Any],
                                                projects: list[dict[str, str]]) -> None:
    news = next(p for p in spec["projects"] if p.get("candidate_match"))
    page = next(p for p in spec["projects"] if p["key"] == news["candidate_match"])
    a, b = URIRef(row_for(projects, news)["project"]), URIRef(row_for(projects, page)["project"])
    assert a != b
    rows = library.run(seed_store, library.load("match-candidates"))
    candidates = {}
    for r in rows.dicts():
        if str(r["kind"]) == "candidate":
            candidates.setdefault(str(r["match"]), set()).add(r["project"])
    assert {a, b} in candidates.values()
    score = next(Decimal(str(r["score"])) for r in rows.dicts()
                 if r["project"] == a and str(r["kind"]) == "candidate")
    assert Decimal("0.6") <= score <= 1


def test_events(seed_store: Store, spec: dict[str, Any]) -> None:
    rows = library.run(seed_store, library.load("events")).dicts()
    by_start = {str(r["start"]): r for r in rows if r["start"] is not None}
    meeting = next(e for e in spec["events"] if e["key"] == "eap-panel-minsk-2019")
    row = by_start[meeting["start"]]
    assert str(row["end"]) == meeting["end"] and str(row["place"]) == meeting["place"]
    assert str(row["country"]) == meeting["country"]
    assert "Eastern Partnership Panel" in str(row["label"])
    parts = library.run(seed_store, library.load("event-participants")).dicts()
    mine = [r for r in parts if r["event"] == row["event"]]
    by_role: dict[str, set[str]] = {}
    for r in mine:
        by_role.setdefault(str(r["role"]), set()).add(str(r["participant_label"]))
    assert by_role["host"] == {meeting["host"]}
    assert by_role["supporter"] == set(meeting["supported_by"])
    # States named as participants take part through their governments (they count as
    # participants and tie their governments to the other participants).
    countries_by_code = load_countries()
    governments = {f"Government of {countries_by_code[c].name}"
                   for c in meeting["participants"]["countries"]}
    assert by_role["participant"] == set(meeting["participants"]["organisations"]) | governments
    assert int(str(row["participants"])) >= 15
    countries = seed_store.select(PREFIX + "SELECT ?c ?e WHERE { ?e bkg:participantCountry ?c }",
                                  {"e": row["event"]})  # type: ignore[dict-item]
    assert {iris.key_of(str(r[0])) for r in countries.rows} == \
        set(meeting["participants"]["countries"])
    person = meeting["people"][0]
    people = seed_store.select(PREFIX + "SELECT ?n ?j ?o ?e WHERE { ?e bkg:hasAttendee ?x . "
                               "?x rdfs:label ?n ; bkg:jobTitle ?j ; bkg:affiliation/skos:prefLabel ?o "
                               "FILTER(LANG(?o) = '') }", {"e": row["event"]})  # type: ignore[dict-item]
    assert [tuple(str(c) for c in r[:3]) for r in people.rows] == \
        [(person["name"], person["role"], person["organisation"])]

    visit = next(e for e in spec["events"] if e["key"] == "field-visit-molodechno-2019")
    vrow = next(r for r in rows if "Molodechnenskaia" in str(r["label"]))
    assert str(vrow["start"]) == visit["date"] and str(vrow["end"]) == visit["date"]
    assert visit["place"] in str(vrow["place"])
    assert str(vrow["country"]).split() == sorted(visit["countries"])
    host = [r for r in parts if r["event"] == vrow["event"] and str(r["role"]) == "host"]
    assert [str(r["participant_label"]) for r in host] == [visit["host"]]


def test_news_publication_date(seed_store: Store, spec: dict[str, Any]) -> None:
    for d in spec["documents"]:
        rows = seed_store.select(PREFIX + "SELECT ?d ?f WHERE { ?s bkg:fileName ?f ; bkg:published ?d }",
                                 {"f": Literal(d["source"])})
        assert [str(r[0]) for r in rows.rows] == [d["published"]]


def test_organisations_are_single_nodes_of_their_kind(seed_store: Store,
                                                      spec: dict[str, Any]) -> None:
    rows = library.run(seed_store, library.load("organisations")).dicts()
    by_label: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_label.setdefault(normalise_name(str(r["label"])), []).append(r)
    assert len(rows) == len(by_label), "two organisation nodes share a name"
    for written, description in spec["organisations"].items():
        name = normalise_name(written)
        assert name in by_label, written
        kind = str(by_label[name][0]["kind"]).lower()
        first_words = description.split("(")[0].strip().lower()
        assert _kind_matches(kind, first_words), (name, kind, description)
        if "(" in description and len(description.split("(")[1]) == 3:
            assert str(by_label[name][0]["country"]) == description.split("(")[1][:2], name


def _kind_matches(kind: str, described: str) -> bool:
    """The spec's kind descriptions, mapped to the organisation-kind scheme's labels."""
    synonyms = {
        "international organisation": "international organisation",
        "funding programme of iom": "funding programme",
        "country office of iom": "country office",
        "supranational union": "supranational union",
        "eu institution": "eu institution",
        "funding programme of the european commission": "funding programme",
        "directorate-general of the european commission": "directorate-general",
        "eu mission": "eu mission", "eu agency": "eu agency", "eu advisory team": "advisory team",
        "un agency": "un agency", "national government": "national government",
        "border guard service": "border guard service", "customs service": "customs service",
        "ministry department": "ministry department", "police service": "police service",
        "border police": "border police",
    }
    return synonyms[described] == kind


def test_nothing_left_unresolved(seed_store: Store) -> None:
    assert library.run(seed_store, library.load("unresolved")).rows == []

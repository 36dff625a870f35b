"""Every library query parses, has its header, returns its declared columns, binds its
parameters without touching the query text, and answers the seed graph sensibly."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from borderkg.queries import library
from borderkg.store import Store

CONTRACT = {
    "projects": ["project", "identifiers", "title", "start", "end", "status", "type",
                 "budget_amount", "budget_currency", "countries", "funders", "implementers",
                 "partners", "beneficiaries", "sources"],
    "participations": ["project", "organisation", "organisation_label", "role", "source"],
    "organisations": ["organisation", "label", "kind", "country", "projects"],
    "events": ["event", "label", "start", "end", "place", "country", "participants"],
    "unresolved": None,
}
EXAMPLE_PARAMS = {
    "partners-of-organisation": {"organisation": "Frontex"},
    "organisations-in-country-by-year": {"country": "UA"},
    "projects-per-period": {"from_year": "2014", "to_year": "2020"},
    "projects-active-in-year": {"year": "2010"},
    "organisation-projects": {"organisation": "iom"},
    "changes-between-periods": {"from_a": "2007", "to_a": "2013", "from_b": "2014",
                                "to_b": "2020"},
    "implementers-of-donor": {"donor": "European Union"},
}


def all_rq() -> list[tuple[str, str | None]]:
    base = resources.files("borderkg.queries")
    found: list[tuple[str, str | None]] = [
        (p.name[:-3], None) for p in base.iterdir() if p.name.endswith(".rq")]
    for folder in ("internal", "network", "web"):
        found += [(p.name[:-3], folder) for p in base.joinpath(folder).iterdir()
                  if p.name.endswith(".rq")]
    return found


def test_library_has_contract_and_research_queries() -> None:
    names = library.names()
    assert set(CONTRACT) <= set(names)
    research = set(names) - set(CONTRACT) - {"match-candidates"}  # (that one is for curators)
    assert len(research) >= 25
    parameterised = [n for n in names if library.load(n).parameters]
    assert len(parameterised) >= 15


@pytest.mark.parametrize(("name", "folder"), all_rq())
def test_each_file_parses_and_has_a_header(name: str, folder: str | None) -> None:
    q = library.load(name, folder=folder)
    assert q.title and q.description and q.columns
    prepareQuery(q.text)  # parses in rdflib
    ox.Store().query(q.text)  # and in Oxigraph


@pytest.mark.parametrize("name", library.names())
def test_columns_match_the_header(seed_store: Store, name: str) -> None:
    q = library.load(name)
    rows = library.run(seed_store, q, library.bind(q, EXAMPLE_PARAMS.get(name, {})))
    assert tuple(rows.variables) == q.columns
    if CONTRACT.get(name):
        assert list(q.columns) == CONTRACT[name]
    for p in q.parameters:  # a parameter is a projected variable, so it can be bound
        assert p.name in q.columns, (name, p.name)


def test_binding_is_a_term_not_text(seed_store: Store) -> None:
    q = library.load("funders-by-country")
    bound = library.bind(q, {"country": "UA"})
    assert bound == {"country": URIRef("https://w3id.org/borderkg/id/country/UA")}
    rows = library.run(seed_store, q, bound).dicts()
    assert rows and {str(r["funder"]) for r in rows} == {"European Union"}
    for hostile in ('UA> } ; DROP ALL ; #', "https://x/> } DROP ALL #"):
        with pytest.raises(library.ParameterError):
            library.bind(q, {"country": hostile})
    odd = library.bind(library.load("projects"), {"project": "no-such-project"})
    assert library.run(seed_store, library.load("projects"), odd).rows == []
    assert library.run(seed_store, library.load("projects")).rows  # nothing was dropped


def test_parameter_errors() -> None:
    q = library.load("projects-active-in-year")
    with pytest.raises(library.ParameterError, match="needs year"):
        library.bind(q, {})
    with pytest.raises(library.ParameterError, match="must be a number"):
        library.bind(q, {"year": "twenty"})
    with pytest.raises(library.ParameterError, match="takes no parameter"):
        library.bind(q, {"year": "2010", "colour": "red"})
    assert library.bind(q, {"year": "2010"})["year"] == Literal(2010)


def test_research_answers_on_the_seeds(seed_store: Store) -> None:
    def run(name: str, **params: str) -> list[dict[str, str]]:
        q = library.load(name)
        return [{k: str(v) for k, v in r.items()}
                for r in library.run(seed_store, q, library.bind(q, params)).dicts()]

    active = run("projects-active-in-year", year="2010")
    assert [r["title"] for r in active] == ["Integrated Border Management in the Western Balkans "
                                            "and Turkey"] or len(active) == 1
    pairs = run("co-participation")
    frontex = {(r["label_a"], r["label_b"]) for r in pairs if "Frontex" in (r["label_a"], r["label_b"])}
    assert ("Frontex", "Polish Border Guard") in frontex
    assert ("Frontex", "Italian Customs Agency") in frontex
    budgets = run("budgets-by-donor-year")
    assert {(r["funder"], r["year"], r["currency"], r["total"]) for r in budgets} == {
        ("European Union", "2020", "EUR", "3552000"), ("IOM Development Fund", "2001", "USD", "64200")}
    services = {r["label"]: r for r in run("partner-services")}
    assert services["Polish Border Guard"]["countries"] == "AL BA HR ME MK RS TR XK"
    disagreements = {r["property"] for r in run("source-disagreements")}
    assert disagreements == {"startDate", "endDate", "title"}
    former = {r["name"] for r in run("projects-per-former-state")}
    assert former == {"Serbia and Montenegro"}
    iom = run("organisation-projects", organisation="iom")
    assert {r["via"] for r in iom} >= {"IOM", "IOM Hungary", "IOM Mission in Ukraine",
                                       "IOM Development Fund"}
    flows = {(r["funder"], r["implementer"]): r for r in run("funding-flows")}
    assert flows[("European Union", "IOM Mission in Ukraine")]["projects"] == "4"


def test_new_research_questions_on_the_seeds(seed_store: Store) -> None:
    def run(name: str, **params: str) -> list[dict[str, str]]:
        q = library.load(name)
        return [{k: str(v) for k, v in r.items()}
                for r in library.run(seed_store, q, library.bind(q, params)).dicts()]

    changes = {r["label"]: r for r in run("changes-between-periods", from_a="2007", to_a="2013",
                                          from_b="2014", to_b="2020")}
    assert changes["Frontex"]["change"] == "left"  # the Western Balkans IBM project, 2009
    assert changes["EUBAM"]["change"] == "entered"  # the Moldova-Ukraine project, 2020
    for r in changes.values():
        expected = ("entered" if r["projects_a"] == "0" else
                    "left" if r["projects_b"] == "0" else "stayed")
        assert r["change"] == expected
    pairs = {(r["kind"], r["other_kind"]): r["projects"] for r in run("cooperation-by-kind")}
    assert pairs[("border-guard", "customs-service")] == "2"
    assert all(pairs[(b, a)] == n for (a, b), n in pairs.items())  # both ways
    guard = run("cooperation-by-kind", kind="border-guard")
    assert guard and {r["kind"] for r in guard} == {"border-guard"}
    funded = {r["implementer_label"]: r for r in run("implementers-of-donor",
                                                     donor="European Union")}
    assert funded["IOM Mission in Moldova"]["countries"] == "MD UA"
    assert funded["IOM Mission in Ukraine"]["projects"] == "4"
    border = run("border-projects-by-country-year", country="MD")
    assert [(r["year"], r["border_projects"], r["all_projects"]) for r in border] == [
        ("2020", "1", "1")]


@pytest.mark.parametrize("name", library.names())
def test_every_question_answers_on_the_seeds_and_the_real_iati_files(
        seeds_iati_store: Store, name: str) -> None:
    q = library.load(name)
    rows = library.run(seeds_iati_store, q, library.bind(q, EXAMPLE_PARAMS.get(name, {})))
    assert tuple(rows.variables) == q.columns
    if name not in ("unresolved", "match-candidates", "projects-active-in-year"):
        assert rows.rows, name  # every question has an answer in this much material

"""Projections of the seed graph, filters and time slices."""

from __future__ import annotations

import pytest

from borderkg.network import projections as proj
from borderkg.ontology import iris
from borderkg.store import Store


@pytest.fixture(scope="module")
def data(seed_store: Store) -> proj.NetworkData:
    return proj.load_rows(seed_store)


def org(key: str) -> str:
    return str(iris.org(key))


def test_partners_of_the_western_balkans_project_co_participate(data: proj.NetworkData) -> None:
    g = proj.organisations(data)
    frontex, polish, italian = org("frontex"), org("polish-border-guard"), org("italian-customs-agency")
    for a, b in ((frontex, polish), (frontex, italian), (polish, italian)):
        assert g.has_edge(a, b)
        edge = g.edges[a, b]
        assert edge["weight"] == 1
        assert edge["projects"] == [str(iris.project("integrated-border-management-in-the-western-balkans-and-turkey-2009"))]
        assert edge["sources"] == ["003_aa9f497248f45ccb.txt"]
    assert g.nodes[frontex]["label"] == "Frontex" and g.nodes[frontex]["kind"] == "eu-agency"
    # the merged project links the donors of one page to the partners of the other
    assert g.has_edge(org("government-nl"), frontex)
    assert set(g.edges[org("government-nl"), frontex]["sources"]) == {"001_48bed365b2f7cf51.txt",
                                                                      "003_aa9f497248f45ccb.txt"}


def test_eubam_links_to_moldova_and_ukraine(data: proj.NetworkData) -> None:
    g = proj.organisations(data)
    assert g.nodes[org("eubam")]["countries"] == ["MD", "UA"]
    b = proj.bipartite(data)
    projects = [n for n in b[org("eubam")]]
    assert len(projects) == 1 and b.edges[org("eubam"), projects[0]]["roles"] == ["partner"]
    assert b.nodes[projects[0]]["country"] == "MD UA"


def test_meetings_tie_their_participants(data: proj.NetworkData) -> None:
    g = proj.organisations(data)
    for key in ("eeas", "dg-home", "icmpd", "unhcr", "belarus-state-border-committee"):
        assert g.has_edge(org(key), org("frontex")) and g.has_edge(org(key), org("eubam")), key
    projects_only = proj.organisations(data, proj.Filter(evidence="projects"))
    assert org("eeas") not in projects_only
    events_only = proj.organisations(data, proj.Filter(evidence="events"))
    assert org("polish-border-guard") not in events_only and org("eeas") in events_only


def test_bipartite_roles(data: proj.NetworkData) -> None:
    b = proj.bipartite(data)
    wb = str(iris.project("integrated-border-management-in-the-western-balkans-and-turkey-2009"))
    assert b.edges[org("frontex"), wb]["roles"] == ["associate-partner"]
    assert b.edges[org("iom-mission-hu"), wb]["roles"] == ["coordinator"]
    assert {d["type"] for _, d in b.nodes(data=True)} == {"organisation", "project"}


def test_country_co_benefit(data: proj.NetworkData) -> None:
    g = proj.countries(data)
    al, rs, md, ua = (str(iris.country(c)) for c in ("AL", "RS", "MD", "UA"))
    assert g.edges[al, rs]["weight"] == 2  # T75-805 and the Western Balkans project
    assert g.edges[md, ua]["weight"] == 2  # the 2020 page and the news item's project
    assert g.nodes[al]["label"] == "Albania"


def test_funding_flows(data: proj.NetworkData) -> None:
    g = proj.flows(data)
    assert g.is_directed()
    eu, iom_ua = org("european-union"), org("iom-mission-ua")
    assert g.edges[eu, iom_ua]["weight"] == 4
    assert g.has_edge(iom_ua, str(iris.country("UA"))) and not g.has_edge(iom_ua, eu)
    assert g.edges[org("iom-development-fund"), org("iom")]["budget_USD"] == pytest.approx(64200)
    assert g.edges[iom_ua, str(iris.country("MD"))]["budget_EUR"] == pytest.approx(3552000)


def test_filters(data: proj.NetworkData) -> None:
    early = proj.organisations(data, proj.Filter(from_year=2000, to_year=2005))
    assert set(early) == {org("iom"), org("iom-development-fund")}
    partners = proj.bipartite(data, proj.Filter(roles=frozenset({"partner", "associate-partner"})))
    assert org("frontex") in partners and org("european-union") not in partners
    moldova = proj.organisations(data, proj.Filter(countries=frozenset({"MD"})))
    assert org("eubam") in moldova and org("frontex") not in moldova
    customs = proj.bipartite(data, proj.Filter(org_kinds=frozenset({"customs-service"})))
    assert {d["kind"] for n, d in customs.nodes(data=True) if d["type"] == "organisation"} == \
        {"customs-service"}
    one_source = proj.organisations(data, proj.Filter(sources=frozenset({"001_48bed365b2f7cf51.txt"})))
    assert org("frontex") not in one_source and org("government-nl") in one_source
    typed = proj.organisations(data, proj.Filter(project_types=frozenset({"tcmmcb"})))
    assert set(typed) == {org("iom"), org("iom-development-fund")}


def test_time_slices_keep_node_ids(data: proj.NetworkData) -> None:
    slices = proj.time_slices(data, "organisations", proj.windows("2000-2006,2007-2013,2014-2020,2021-2027"))
    assert list(slices) == ["2000-2006", "2007-2013", "2014-2020", "2021-2027"]
    assert org("iom") in slices["2000-2006"] and org("iom") in slices["2007-2013"]
    assert org("frontex") in slices["2007-2013"] and org("frontex") not in slices["2000-2006"]
    assert org("eubam") in slices["2021-2027"] and org("eubam") in slices["2014-2020"]
    merged = proj.merge_slices(slices)
    # IOM's 2019 tie is the Minsk panel: meetings count as cooperation evidence.
    assert merged.nodes[org("iom")]["slices"] == ["2000-2006", "2007-2013", "2014-2020"]
    by_projects = proj.time_slices(data, "organisations", proj.windows("2014-2020"),
                                   proj.Filter(evidence="projects"))
    assert org("iom") not in by_projects["2014-2020"]
    assert proj.windows("2019") == [(2019, 2019)]
    with pytest.raises(ValueError):
        proj.windows("last year")
    assert proj.yearly(data)[0] == (2001, 2001)


def test_two_mode_organisation_event_network(data: proj.NetworkData) -> None:
    g = proj.project(data, "events")
    events = {n for n in g if g.nodes[n]["kind"] == "event"}
    assert events and all(g.nodes[n]["bipartite"] == 1 for n in events)
    for a, b, e in g.edges(data=True):
        assert (a in events) != (b in events)  # two-mode: every tie joins a body and an event
        assert e["roles"]
    meetings = [p for p in data.participations if p.evidence == "events"]
    assert {p.project for p in meetings} == events
    assert {p.organisation for p in meetings} == set(g) - events


def test_multiplex_ties_say_their_layers(data: proj.NetworkData) -> None:
    g = proj.organisations(data)
    layered = {tuple(e["layers"]) for *_, e in g.edges(data=True)}
    assert layered == {("projects",), ("events",), ("events", "projects")}
    for *_, e in g.edges(data=True):
        assert e["weight"] == e.get("weight_projects", 0) + e.get("weight_events", 0)
        assert sorted(k[7:] for k in e if k.startswith("weight_")) == e["layers"]
    both = {tuple(sorted(g.nodes[n]["label"] for n in (a, b)))
            for a, b, e in g.edges(data=True) if len(e["layers"]) == 2}
    assert ("Frontex", "IOM") in both
    only = proj.organisations(data, proj.Filter(evidence="projects"))
    assert {tuple(e["layers"]) for *_, e in only.edges(data=True)} == {("projects",)}

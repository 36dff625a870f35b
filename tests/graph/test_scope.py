"""The --relevant-only view: tagged projects and events only, everything else kept."""

from __future__ import annotations

import pyoxigraph as ox

import borderkg
from borderkg.graph.scope import relevant_view
from borderkg.network import projections
from borderkg.queries import library, runner
from borderkg.queries.safety import check_query
from borderkg.store import Store

P = "PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
TAGGED = P + "SELECT DISTINCT ?p WHERE { ?p a bkg:Project ; bkg:relevantTo ?t }"
ALL = P + "SELECT DISTINCT ?p WHERE { ?p a bkg:Project }"


def iris(store: Store, query: str) -> set[str]:
    return {str(row[0]) for row in store.select(query).rows}


def test_the_view_holds_the_tagged_projects_and_nothing_of_the_others(
        seeds_iati_store: Store) -> None:
    tagged, every = iris(seeds_iati_store, TAGGED), iris(seeds_iati_store, ALL)
    assert 100 < len(tagged) < len(every)  # the real IATI files mix border work and the rest
    view = relevant_view(seeds_iati_store)
    assert iris(view, ALL) == tagged
    untagged = {ox.NamedNode(p) for p in every - tagged}
    assert not [q for q in view.ox_quads() if q.subject in untagged or q.object in untagged]
    orgs = P + "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a bkg:Organisation }"
    assert view.select(orgs).rows == seeds_iati_store.select(orgs).rows
    assert not view.uncommitted()  # the ingest log came along: every source is visible


def test_library_queries_and_ad_hoc_sparql_take_relevant_only(seeds_iati_store: Store) -> None:
    tagged = iris(seeds_iati_store, TAGGED)
    rows = borderkg.run_query(seeds_iati_store, "projects", relevant_only=True)
    assert {str(r[0]) for r in rows.rows} == tagged
    every = borderkg.run_query(seeds_iati_store, "projects")
    assert len(every.rows) > len(rows.rows)
    result = runner.run(seeds_iati_store, check_query(ALL), None,
                        runner.Limits(relevant_only=True))
    assert result.rows is not None and {str(r[0]) for r in result.rows.rows} == tagged
    query = library.load("funding-by-country-year")
    some = library.run(relevant_view(seeds_iati_store), query, library.bind(query, {}))
    assert 0 < len(some.rows) <= len(library.run(seeds_iati_store, query).rows)


def test_networks_take_relevant_only(seeds_iati_store: Store) -> None:
    tagged = iris(seeds_iati_store, TAGGED)
    data = projections.load_rows(seeds_iati_store)
    kept = projections.select(data, projections.Filter(relevant_only=True), evidence="projects")
    assert kept and {p.project for p in kept} <= tagged
    assert {p.project for p in projections.select(data, projections.Filter())} - tagged
    small = projections.organisations(data, projections.Filter(relevant_only=True))
    assert 0 < small.number_of_nodes() < projections.organisations(data).number_of_nodes()

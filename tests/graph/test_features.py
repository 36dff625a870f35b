"""Matching features and used entities collected from the built triples: what the
mention-features and used-entities queries give for the same graphs, so that matching and
the reference graph come out the same whichever path read them."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from rdflib.namespace import RDF

import borderkg.pipeline.ingest as ingest_module
from borderkg.graph.features import (
    DESCRIPTION_CHARS,
    USED_PREDICATES,
    FeatureCollector,
    StagedFeatures,
    in_matching_order,
    queried_mentions,
)
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.queries import library
from borderkg.store import Store
from tests.conftest import IATI, PAGES, SEEDS, need_shared

TYPE = str(RDF.type)


def test_units_of_one_project_merge_as_the_query_aggregates() -> None:
    p, part = "https://example.org/p", "https://example.org/part"
    features = FeatureCollector()
    features.add([(p, TYPE, str(BKG.Project)), (p, str(BKG.mentionKey), "k1"),
                  (p, str(BKG.title), "Border B"), (p, str(BKG.startDate), "2019-05-01"),
                  (p, str(BKG.hasParticipation), part),
                  (part, str(BKG.participant), "https://example.org/org/a"),
                  (p, str(BKG.description), "d" * 500)])
    features.add([(p, str(BKG.mentionKey), "k2"), (p, str(BKG.title), "Border A"),
                  (p, str(BKG.startDate), "2018-01-01"), (p, str(BKG.iatiIdentifier), "X-1"),
                  (p, str(BKG.coversCountry), "https://example.org/country/md"),
                  ("https://example.org/untyped", str(BKG.mentionKey), "k3")])
    got = features.mentions("https://example.org/graph")
    assert sorted(m.key for _, m in got) == ["k1", "k2"]  # the untyped subject is no project
    m = got[0][1]
    assert (m.title, m.start_year, m.ids) == ("Border B", "2018", frozenset({"X-1"}))
    assert m.orgs == {"https://example.org/org/a"}
    assert m.countries == {"https://example.org/country/md"}
    assert m.description == "d" * DESCRIPTION_CHARS


def test_collected_features_equal_the_query_on_real_pages_and_iati_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = StagedFeatures()
    consolidate = ingest_module.consolidate

    def spy(store: Store, features: StagedFeatures, *args: Any) -> Any:
        seen.mentions, seen.used = features.mentions, features.used
        return consolidate(store, features, *args)

    monkeypatch.setattr(ingest_module, "consolidate", spy)
    store = Store.open("memory")
    report = ingest_module.ingest(store, [need_shared(SEEDS), need_shared(IATI / "real"), PAGES])
    collected = seen.mentions
    assert report.loaded and len(collected) > 2000
    graphs = {str(g) for g in store.graph_names() if iris.is_source_graph(str(g))}
    queried = list(queried_mentions(store.solutions(
        library.load("mention-features", folder="internal").text), graphs))
    assert Counter(m for _, m in queried) == Counter(m for _, m in collected)
    # matching the committed store again (every mention read by the query) decides the same
    used = {str(r[0]) for r in store.select(
        library.load("used-entities", folder="internal").text).rows if str(r[1]) in graphs}
    assert len(seen.used) > 300 and seen.used == used
    again = ingest_module.match_projects(store, {}, StagedFeatures()).resolution
    assert again.canonical == report.resolution.canonical
    assert [m for _, m in in_matching_order(queried)] == \
        [m for _, m in in_matching_order(collected)]


def test_the_used_predicates_are_the_querys() -> None:
    text = library.load("used-entities", folder="internal").text
    block = re.search(r"VALUES \?p \{([^}]*)\}", text)
    assert block is not None
    assert {str(BKG[n]) for n in re.findall(r"bkg:(\w+)", block[1])} == USED_PREDICATES

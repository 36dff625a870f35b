"""Matching features collected from the built triples: what the mention-features query
gives for the same graphs, so that matching decides the same whichever path read them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import borderkg.graph.ingest as ingest_module
from borderkg.graph.features import DESCRIPTION_CHARS, FeatureCollector, in_matching_order
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.queries import library
from borderkg.resolve.projects import Mention
from borderkg.store import Store
from tests.conftest import IATI, PAGES, SEEDS, need_shared

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
    collected: list[tuple[str, Mention]] = []
    consolidate = ingest_module.consolidate

    def spy(store: Store, staged: Any, staged_mentions: list[tuple[str, Mention]],
            *args: Any) -> Any:
        collected.extend(staged_mentions)
        return consolidate(store, staged, staged_mentions, *args)

    monkeypatch.setattr(ingest_module, "consolidate", spy)
    store = Store.open("memory")
    report = ingest_module.ingest(store, [need_shared(SEEDS), need_shared(IATI / "real"), PAGES])
    assert report.loaded and len(collected) > 2000
    graphs = {str(g) for g in store.graph_names() if iris.is_source_graph(str(g))}
    queried = list(ingest_module._mentions(store.solutions(
        library.load("mention-features", folder="internal").text), graphs))
    assert Counter(m for _, m in queried) == Counter(m for _, m in collected)
    # matching the committed store again (every mention read by the query) decides the same
    _, _, again = consolidate(store, {}, [])
    assert again.canonical == report.resolution.canonical
    assert [m for _, m in in_matching_order(queried)] == \
        [m for _, m in in_matching_order(collected)]

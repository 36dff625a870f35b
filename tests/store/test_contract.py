"""The seeds and the real IATI files ingested into each backend give what the in-memory
store gives: the same rows for every library query, the same networks and the same export,
and ingesting them again changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from borderkg.graph.export import export
from borderkg.network import projections
from borderkg.ontology import iris
from borderkg.pipeline.ingest import IngestReport, ingest
from borderkg.queries import library
from borderkg.store import Store, StoreError
from tests.conftest import IATI, iati_codelists, need_shared
from tests.store.conftest import Target, target_for

# a value for each kind of parameter, taken from what the seeds and IATI files hold
SAMPLES = {"country": "GE", "org": "dg-near", "kind": "directorate-general",
           "flow": "disbursement", "sector": "15190", "source": "004_bc1ca026c1a4fd5b.txt",
           "from_a": "2005", "to_a": "2014", "from_b": "2015", "to_b": "2022", "year": "2016",
           "from_year": "2010", "to_year": "2020"}
KINDS = ("organisations", "countries", "bipartite", "events", "flows")


def _ingest(store: Store, seeds: Path) -> IngestReport:
    report = ingest(store, [seeds, need_shared(IATI / "real")], codelists=iati_codelists())
    assert not report.failed, [f.error for f in report.failed]
    return report


@pytest.fixture(scope="module", params=("embedded", "oxigraph-server", "virtuoso"))
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           seeds_dir: Path) -> Iterator[tuple[Target, IngestReport]]:
    """The seeds and the real IATI files ingested into one backend."""
    target = target_for(request.param, request, tmp_path_factory.mktemp(request.param))
    with target.open() as store:
        report = _ingest(store, seeds_dir)
    yield target, report


def _calls(reference: Store) -> Iterator[tuple[str, dict[str, str]]]:
    """Every library query: as it is, and with every parameter given a value."""
    project = str(reference.select("PREFIX bkg: <https://w3id.org/borderkg/ontology#> "
                                   "SELECT ?p WHERE { ?p a bkg:Project } ORDER BY ?p LIMIT 1"
                                   ).rows[0][0])
    for name in library.names():
        query = library.load(name)
        if not any(p.required for p in query.parameters):
            yield name, {}
        if query.parameters:
            yield name, {p.name: project if p.kind == "project" else
                         SAMPLES.get(p.name, SAMPLES.get(p.kind, "")) for p in query.parameters}


@dataclass
class Reference:
    """What the in-memory store gives, computed once for the three backends."""

    answers: dict[str, tuple[str, dict[str, str], list[str]]]
    export: bytes
    networks: projections.NetworkData


@pytest.fixture(scope="module")
def reference(seeds_iati_store: Store) -> Reference:
    answers = {f"{name} {params}": (name, params, _answer(seeds_iati_store, name, params))
               for name, params in _calls(seeds_iati_store)}
    return Reference(answers, export(seeds_iati_store, "nquads"),
                     projections.load_rows(seeds_iati_store))


def _answer(store: Store, name: str, params: dict[str, str]) -> list[str]:
    query = library.load(name)
    rows = library.run(store, query, library.bind(query, params))
    return sorted(repr(row) for row in rows.python())


def test_every_library_query_gives_the_same_rows(loaded: tuple[Target, IngestReport],
                                                 reference: Reference) -> None:
    target, _ = loaded
    differ = []
    with target.open(read_only=True) as store:
        for name, params, expected in reference.answers.values():
            assert expected or params, f"{name} gives no rows on the seeds and IATI files"
            try:
                got = _answer(store, name, params)
            except StoreError as exc:
                differ.append((name, params, str(exc)[:300]))
                continue
            if got != expected:
                only = sorted(set(expected) ^ set(got))[:1]
                differ.append((name, params, f"{len(expected)} rows, {len(got)} here; "
                               f"{only[0][:300] if only else 'in another order'}"))
    assert differ == [], f"on {target.name}"


def test_the_networks_are_the_same(loaded: tuple[Target, IngestReport],
                                   reference: Reference) -> None:
    target, _ = loaded
    with target.open(read_only=True) as store:
        data = projections.load_rows(store)
    for kind in KINDS:
        got = projections.project(data, kind, projections.Filter())
        want = projections.project(reference.networks, kind, projections.Filter())
        assert sorted(got.nodes(data=True)) == sorted(want.nodes(data=True)), kind
        assert sorted(map(repr, got.edges(data=True))) == sorted(
            map(repr, want.edges(data=True))), kind
        assert got.number_of_edges() > 0, kind


def test_the_export_is_the_same_and_reingest_changes_nothing(
        loaded: tuple[Target, IngestReport], reference: Reference, seeds_dir: Path) -> None:
    target, first = loaded
    with target.open() as store:
        assert export(store, "nquads") == reference.export
        size, names = len(store), store.graph_names()
        shared = [str(g) for g in names if not iris.is_source_graph(str(g))
                  and g != iris.INGEST_LOG_GRAPH]
        before = {g: export(store, "nquads", graph=g) for g in shared}
        again = _ingest(store, seeds_dir)
        assert {f.status for f in again.files} == {"unchanged"}
        assert len(again.files) == len(first.files)
        # the sources' graphs are left alone; the run's shared graphs are written again, alike
        assert store.graph_names() == names
        assert len(store) == size
        assert {g: export(store, "nquads", graph=g) for g in shared} == before

"""Building one source's graph: organisations in context, money stated in prose."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from borderkg.graph.build import MAX_LITERAL_CHARS, SourceInfo, StreamGraph, build_document
from borderkg.loaders import iom_mission, news
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.store import Store
from tests.conftest import PAGES


def built(loader: object, name: str) -> Graph:
    doc = loader.parse((PAGES / name).read_text("utf-8"))  # type: ignore[attr-defined]
    g = Graph()
    for t in build_document(doc, SourceInfo(name, "0" * 64)).triples:
        g.add(t)
    return g


def test_money_in_prose_is_an_amount_of_the_source_with_its_sentence() -> None:
    g = built(news, "news_es.txt")
    (amount,) = g.objects(iris.source("news_es.txt"), BKG.mentionsAmount)
    assert g.value(amount, BKG.amount).toPython() == Decimal("85000")  # type: ignore[union-attr]
    assert g.value(amount, BKG.currency) == Literal("USD")
    (evidence,) = g.subjects(BKG.evidenceFor, amount)
    assert "85.000 dólares" in str(g.value(evidence, BKG.quote))


def test_a_national_body_the_page_does_not_qualify_is_of_the_page_country() -> None:
    g = built(news, "news_fr.txt")
    dst = iris.org("direction-de-la-surveillance-du-territoire-ne")
    assert g.value(dst, BKG.basedIn) == iris.country("NE")
    assert g.value(dst, SKOS.prefLabel) == Literal("Direction de la surveillance du territoire "
                                                  "(Niger)")
    # a body whose name gives its country keeps it
    mali = iris.org("police-aux-frontieres-du-mali")
    assert g.value(mali, BKG.basedIn) == iris.country("ML")


def test_french_page_funder_is_the_japanese_government() -> None:
    g = built(iom_mission, "mission_fr.txt")
    (project,) = g.objects(iris.source("mission_fr.txt"), BKG.mentionsProject)
    assert iris.org("government-jp") in set(g.objects(project, BKG.fundedBy))


def test_every_seed_project_is_tagged_as_border_management(seed_store: Store) -> None:
    rows = seed_store.select(
        "PREFIX bkg: <https://w3id.org/borderkg/ontology#> SELECT ?p (COUNT(?e) AS ?n) WHERE { "
        "?p a bkg:Project OPTIONAL { ?p bkg:relevantTo ?t ; bkg:relevanceEvidence ?e } } "
        "GROUP BY ?p").rows
    assert len(rows) >= 5 and all(int(n) >= 1 for _, n in rows)


def test_a_page_streamed_to_ntriples_is_the_graph_of_rdflib_terms(seeds_dir: Path) -> None:
    """The ingest builds pages as N-Triples lines (StreamGraph); every page, seeds and
    fixtures of every template, gives the graph the rdflib build gives, each triple once."""
    from borderkg.loaders.registry import LoadError, read_file

    files = sorted(PAGES.iterdir()) + sorted(p for p in seeds_dir.iterdir()
                                             if p.suffix == ".txt")
    checked = 0
    for path in files:
        try:
            _, _, doc = read_file(path)
        except LoadError:
            continue
        src = SourceInfo(path.name, "0" * 64)
        expected = Graph()
        for t in build_document(doc, src).triples:
            expected.add(t)
        stream = StreamGraph(src.iri)
        build_document(doc, src, into=stream)
        got = Graph().parse(data=stream.serialise().decode("utf-8"), format="nt")
        assert len(stream.lines) == len(got) == len(expected), path.name
        assert isomorphic(got, expected), path.name
        checked += 1
    assert checked >= 20


def test_a_streamed_graph_cuts_a_runaway_rdflib_literal() -> None:
    g = StreamGraph(iris.source("x.txt"))
    g.add(iris.source("x.txt"), BKG.description, Literal("a" * (MAX_LITERAL_CHARS + 5)))
    g.add(iris.source("x.txt"), BKG.title, Literal(""))  # an empty value is no fact
    (line,) = g.lines
    assert line.count("a") == MAX_LITERAL_CHARS and "…" in line
    assert "100,005 characters" in g.problems[0].reason

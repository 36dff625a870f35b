"""The command line through Typer's CliRunner, on an on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from borderkg.cli import app
from tests.conftest import PAGES

runner = CliRunner(env={"COLUMNS": "250"})  # wide enough that rich wraps no cell


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture
def store_dir(tmp_path: Path, seeds_dir: Path) -> str:
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--store", store])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "1 merge(s), 1 candidate(s)" in flat(result.output)
    return store


def test_ingest_is_idempotent_and_reports(store_dir: str, seeds_dir: Path) -> None:
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--store", store_dir])
    assert again.exit_code == 0 and again.output.count("unchanged") == 5


def test_ingest_exit_status(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    table = tmp_path / "table.txt"
    table.write_text("org,country,year\nFrontex,PL,2019\nIOM,CH,2020\nEUBAM,UA,2021\n", "utf-8")
    bad = runner.invoke(app, ["ingest", str(table), "--store", store])
    assert bad.exit_code == 1 and "table" in flat(bad.output)
    mixed = runner.invoke(app, ["ingest", str(table),
                                str(PAGES / "legacy.txt"), "--store", store])
    assert mixed.exit_code == 0 and "failed" in mixed.output and "added" in mixed.output
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--store", store])
    assert missing.exit_code == 1 and "no such file or folder" in flat(missing.output)


def test_query_formats(store_dir: str) -> None:
    csv_out = runner.invoke(app, ["query", "projects", "--store", store_dir, "-f", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.output.splitlines()[0].startswith("project,identifiers,title,start,end")
    assert "T75-805" in csv_out.output
    js = runner.invoke(app, ["query", "funders-by-country", "-p", "country=UA", "--store",
                             store_dir, "-f", "json"])
    doc = json.loads(js.output)
    assert {b["funder"]["value"] for b in doc["results"]["bindings"]} == {"European Union"}
    md = runner.invoke(app, ["query", "organisations", "--store", store_dir, "-f", "md"])
    assert "| Frontex | EU agency |" in md.output
    table = runner.invoke(app, ["query", "events", "--store", store_dir])
    assert "Minsk" in table.output and "3 row(s)" in table.output


def test_adhoc_and_file_queries(store_dir: str, tmp_path: Path) -> None:
    q = "PREFIX bkg: <https://w3id.org/borderkg/ontology#> SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bkg:Project }"
    out = runner.invoke(app, ["query", "--sparql", q, "--store", store_dir, "-f", "csv"])
    assert out.exit_code == 0 and out.output.splitlines()[1] == "6"
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }", "utf-8")
    assert runner.invoke(app, ["query", str(rq), "--store", store_dir]).output.strip() == "true"
    refused = runner.invoke(app, ["query", "--sparql",
                                  "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
                                  "--store", store_dir])
    assert refused.exit_code == 2 and "SERVICE is not allowed" in flat(refused.output)
    unknown = runner.invoke(app, ["query", "no-such-query", "--store", store_dir])
    assert unknown.exit_code == 2
    badparam = runner.invoke(app, ["query", "projects-active-in-year", "--store", store_dir])
    assert badparam.exit_code == 2 and "needs year" in flat(badparam.output)


def test_queries_lists_the_library() -> None:
    out = runner.invoke(app, ["queries"])
    assert out.exit_code == 0
    for name in ("projects", "participations", "organisations", "events", "unresolved"):
        assert name in out.output


def test_export(store_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    out = runner.invoke(app, ["export", "--store", store_dir, "-o", str(target)])
    assert out.exit_code == 0
    g = Graph()
    g.parse(target, format="turtle")
    assert len(g) > 2000
    again = tmp_path / "again.ttl"
    runner.invoke(app, ["export", "--store", store_dir, "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()
    onto = runner.invoke(app, ["export", "--ontology", "-f", "ntriples"])
    assert "<https://w3id.org/borderkg/ontology#Project>" in onto.output
    bad = runner.invoke(app, ["export", "--store", store_dir, "-f", "csv"])
    assert bad.exit_code == 2


def test_validate_and_stats(store_dir: str) -> None:
    out = runner.invoke(app, ["validate", "--store", store_dir, "--no-owl"])
    assert out.exit_code == 0 and "SHACL: conforms" in flat(out.output)
    stats = runner.invoke(app, ["stats", "--store", store_dir])
    assert stats.exit_code == 0
    assert "Project" in stats.output and "Unresolved names: 0" in flat(stats.output)


def test_demo(tmp_path: Path) -> None:
    out = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "demo" / "borderkg.ttl").stat().st_size > 10_000
    projects = (tmp_path / "demo" / "projects.csv").read_text("utf-8")
    assert "IB.0999" in projects and "T75-805" in projects
    assert "SHACL: conforms" in flat(out.output)


def test_version() -> None:
    assert runner.invoke(app, ["--version"]).output.startswith("borderkg 0.2.0")


def test_help_loads_no_heavy_library() -> None:
    """`borderkg --help` stays fast: the RDF, network, HTML and NLP libraries are imported by
    the commands that use them (the time itself is measured in benchmarks/)."""
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from borderkg.cli import app; "
            "assert CliRunner().invoke(app, ['--help']).exit_code == 0; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', 'bs4', 'spacy', "
            "'rapidfuzz', 'pyvis', 'owlready2', 'pyshacl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_format_names_of_the_help_are_the_library_s() -> None:
    from borderkg import cli
    from borderkg.graph.export import FORMATS as EXPORT
    from borderkg.queries.formats import FORMATS as QUERY

    assert cli.EXPORT_FORMATS == tuple(EXPORT)
    assert cli.QUERY_FORMATS == QUERY
    from borderkg.queries.formats import GRAPH_FORMATS

    assert cli.GRAPH_FORMATS == GRAPH_FORMATS


def test_ask_and_construct_formats(store_dir: str) -> None:
    ask = runner.invoke(app, ["query", "--sparql", "ASK { ?s ?p ?o }", "--store", store_dir,
                              "-f", "json"])
    assert ask.exit_code == 0 and json.loads(ask.stdout) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    refused = runner.invoke(app, ["query", "--sparql", construct, "--store", store_dir,
                                  "-f", "csv"])
    assert refused.exit_code == 2 and "gives a graph" in refused.output
    nt = runner.invoke(app, ["query", "--sparql", construct, "--store", store_dir,
                             "-f", "ntriples"])
    assert nt.exit_code == 0 and len(Graph().parse(data=nt.stdout, format="nt")) == 5
    rows_as_graph = runner.invoke(app, ["query", "projects", "--store", store_dir,
                                        "-f", "turtle"])
    assert rows_as_graph.exit_code == 2 and "gives rows" in rows_as_graph.output

"""`borderkg network` and `borderkg viz` through Typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from borderkg.cli import app

runner = CliRunner(env={"COLUMNS": "250"})  # wide enough that rich wraps no cell


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    store = str(tmp_path_factory.mktemp("net") / "store")
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--store", store]).exit_code == 0
    return store


def test_metrics_match_networkx_on_the_written_edges(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "orgs.csv"
    result = runner.invoke(app, ["network", "--store", store_dir, "--kind", "organisations",
                                 "-o", str(out), "--metrics"])
    assert result.exit_code == 0, result.output
    g = nx.Graph()
    with (tmp_path / "orgs-edges.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g.add_edge(row["source"], row["target"], weight=float(row["weight"]))
    between = nx.betweenness_centrality(g, normalized=True)
    pagerank = nx.pagerank(g, weight="weight")
    with (tmp_path / "orgs-metrics.csv").open(encoding="utf-8") as f:
        rows = {r["node"]: r for r in csv.DictReader(f)}
    assert set(rows) == set(g)
    for n in g:
        assert float(rows[n]["betweenness"] or 0) == pytest.approx(between[n], abs=1e-6)
        # NetworkX stops its power iteration at a tolerance; igraph solves the system
        assert float(rows[n]["pagerank"]) == pytest.approx(pagerank[n], abs=1e-4)
        assert float(rows[n]["weighted_degree"]) == g.degree(n, weight="weight")
    report = (tmp_path / "orgs-report.md").read_text("utf-8")
    assert report.startswith("# BorderKG organisations network") and "Frontex" in report
    doc = json.loads((tmp_path / "orgs-metrics.json").read_text("utf-8"))
    assert doc["graph"]["nodes"] == g.number_of_nodes()


def test_slices_filters_and_write_back(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "orgs.gexf"
    result = runner.invoke(app, ["network", "--store", store_dir, "-o", str(out), "--metrics",
                                 "--slices", "2000-2006,2007-2013,2014-2020,2021-2027",
                                 "--write-back"])
    assert result.exit_code == 0, result.output
    assert '<spell start="2021" end="2027"' in out.read_text("utf-8")
    assert "## Over time" in (tmp_path / "orgs-report.md").read_text("utf-8")
    with (tmp_path / "orgs-slice-metrics.csv").open(encoding="utf-8") as f:
        long = list(csv.DictReader(f))
    iom = "https://w3id.org/borderkg/id/org/iom"
    assert {r["slice"] for r in long if r["node"] == iom} >= {"2000-2006", "2007-2013"}
    assert {r["measure"] for r in long} >= {"betweenness", "core", "brokerage_liaison"}
    back = nx.read_gexf(out, version="1.3")
    assert "brokerage_coordinator" in back.nodes[iom] and "pagerank" in back.nodes[iom]
    ego = tmp_path / "ego.json"
    result = runner.invoke(app, ["network", "--store", store_dir, "--ego", "Frontex",
                                 "-o", str(ego)])
    assert result.exit_code == 0, result.output
    nodes = {n["id"] for n in json.loads(ego.read_text("utf-8"))["nodes"]}
    assert "https://w3id.org/borderkg/id/org/frontex" in nodes and 1 < len(nodes)
    unknown = runner.invoke(app, ["network", "--store", store_dir, "--ego", "Nobody",
                                  "-o", str(ego)])
    assert unknown.exit_code == 2 and "no node" in unknown.output
    q = ("PREFIX bkg: <https://w3id.org/borderkg/ontology#> SELECT ?o WHERE { "
         "?o bkg:betweennessCentrality ?b } ORDER BY DESC(?b) LIMIT 1")
    top = runner.invoke(app, ["query", "--store", store_dir, "--sparql", q, "-f", "csv"])
    assert top.output.splitlines()[1] == "https://w3id.org/borderkg/id/org/iom"
    flt = tmp_path / "partners.json"
    result = runner.invoke(app, ["network", "--store", store_dir, "--kind", "bipartite",
                                 "--role", "partner", "--role", "associate-partner",
                                 "--from", "2009", "--to", "2011", "-o", str(flt)])
    assert result.exit_code == 0
    data = json.loads(flt.read_text("utf-8"))
    labels = {n["label"] for n in data["nodes"]}
    assert "Frontex" in labels and "European Union" not in labels
    bad = runner.invoke(app, ["network", "--store", store_dir, "--kind", "friends", "-o",
                              str(tmp_path / "x.gexf")])
    assert bad.exit_code == 2


def test_viz(store_dir: str, tmp_path: Path) -> None:
    for name in ("net.html", "net.png", "net.svg"):
        result = runner.invoke(app, ["viz", "--store", store_dir, "--kind", "organisations",
                                     "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 1000
    page = (tmp_path / "net.html").read_text("utf-8")
    assert "Frontex" in page and "<script src" not in page
    timeline = runner.invoke(app, ["viz", "--store", store_dir, "--kind", "timeline", "-o",
                                   str(tmp_path / "t.png")])
    assert timeline.exit_code == 0
    community = runner.invoke(app, ["viz", "--store", store_dir, "--color-by", "community",
                                    "--size-by", "betweenness", "-o", str(tmp_path / "c.html")])
    assert community.exit_code == 0
    bad = runner.invoke(app, ["viz", "--store", store_dir, "--size-by", "beauty", "-o",
                              str(tmp_path / "b.html")])
    assert bad.exit_code == 2

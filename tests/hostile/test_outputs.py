"""Markup in the data never runs, and no escape sequence reaches a terminal: labels full of
HTML, rich markup and control characters, through every output."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

from borderkg.cli import app
from borderkg.network.metrics import compute
from borderkg.network.report import markdown_report
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.queries import formats
from borderkg.store import Rows, Store

cli = CliRunner(env={"COLUMNS": "250"})
SCRIPT = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
MARKUP = "[/bold][link=file:///etc/passwd]x[/link]"
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\u202eevil"
HOSTILE = f"Border {SCRIPT} {MARKUP} {ESCAPES} | pipe `code`"
LABELS = "SELECT ?l WHERE { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


@pytest.fixture
def hostile_store(tmp_path: Path) -> str:
    spec = str(tmp_path / "store")
    org = iris.org("hostile")
    with Store.open(spec) as store:
        store.apply({URIRef(iris.BASE + "graph/test"): [
            (org, RDF.type, BKG.Organisation), (org, RDFS.label, Literal(HOSTILE))]})
    return spec


def no_terminal_controls(text: str) -> bool:
    return not any(ch in text for ch in "\x1b\x07\u202e")


def test_markdown_results_escape_html(hostile_store: str) -> None:
    result = cli.invoke(app, ["query", "--sparql", LABELS, "--store", hostile_store, "-f", "md"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "<script>" not in out and "</script>" not in out and "<img" not in out
    assert "&lt;/script&gt;&lt;script&gt;" in out
    assert "\\|" in out and no_terminal_controls(out)


def test_terminal_tables_show_markup_and_controls_as_text(hostile_store: str) -> None:
    result = cli.invoke(app, ["query", "--sparql", LABELS, "--store", hostile_store])
    assert result.exit_code == 0, result.output
    flat = "".join(result.stdout.split())
    assert "[/bold][link=file:///etc/passwd]x[/link]" in flat  # printed, not interpreted
    assert "\\x1b" in flat and "\\u202e" in flat
    assert no_terminal_controls(result.stdout)


def test_error_messages_are_plain_text(tmp_path: Path) -> None:
    missing = tmp_path / f"{MARKUP}\x1b[31m.rq"
    result = cli.invoke(app, ["query", str(missing), "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert no_terminal_controls(result.output)
    assert "[/bold]" in result.output


def test_network_markdown_report_escapes_labels() -> None:
    g = nx.Graph()
    g.add_node("a", label=HOSTILE, kind_label=SCRIPT, country=MARKUP)
    g.add_node("b", label="Frontex", kind_label="agency", country="")
    g.add_edge("a", "b", weight=1)
    report = markdown_report(g, compute(g), title=f"Network {SCRIPT}")
    assert "<script>" not in report and "<img" not in report
    assert report.count("&lt;/script&gt;") >= 3 and no_terminal_controls(report)


def test_every_text_format_keeps_the_value_and_runs_nothing() -> None:
    rows = Rows(["label"], [(Literal(HOSTILE),)])
    for fmt in ("csv", "tsv", "json"):  # data formats: the value itself, quoted as the format says
        out = formats.render(rows, fmt)
        assert "alert(1)" in out
    assert "<script>" not in formats.render(rows, "md")
    assert "\\x1b" in formats.printable(ESCAPES) and no_terminal_controls(
        formats.printable(ESCAPES))

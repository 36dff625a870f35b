"""Metric tables (CSV, JSON), a Markdown report, and the measures as RDF statements in an
analysis named graph, so that SPARQL can select by centrality."""

from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from borderkg.network.groups import COLUMNS as BROKERAGE
from borderkg.network.metrics import Metrics, top
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.store import Triple

MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank", "eigenvector",
            "constraint", "effective_size", "community", "core", *BROKERAGE)
PROPERTY = {"degree": BKG.degreeCentrality, "weighted_degree": BKG.weightedDegree,
            "betweenness": BKG.betweennessCentrality, "pagerank": BKG.pageRank,
            "eigenvector": BKG.eigenvectorCentrality, "constraint": BKG.burtConstraint,
            "effective_size": BKG.effectiveSize}


def _cell(value: float) -> str:
    if math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() else f"{value:.6f}"


def metrics_csv(g: nx.Graph, metrics: Metrics) -> str:
    """One row per node: id, label, kind, country, then every measure."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["node", "label", "kind", "country", *MEASURES])
    for node, values in metrics.nodes.items():
        a = g.nodes[node]
        w.writerow([node, a.get("label", ""), a.get("kind_label", ""), a.get("country", ""),
                    *(_cell(values[m]) for m in MEASURES)])
    return out.getvalue()


def metrics_json(g: nx.Graph, metrics: Metrics) -> str:
    """The graph measures and each node's measures (NaN written as null)."""
    nodes = [{"node": n, "label": g.nodes[n].get("label", ""),
              **{m: (None if math.isnan(v[m]) else v[m]) for m in MEASURES}}
             for n, v in metrics.nodes.items()]
    graph = {k: (None if isinstance(v, float) and math.isnan(v) else v)
             for k, v in (metrics.graph.__dict__ if metrics.graph else {}).items()}
    doc = {"graph": graph, "nodes": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def markdown_report(g: nx.Graph, metrics: Metrics, *, title: str,
                    trend: list[dict[str, object]] | None = None, n: int = 10) -> str:
    """A report for papers: graph measures, top nodes by each centrality, communities, trend."""
    gm = metrics.graph
    assert gm is not None
    lines = [f"# {_md(title)}", "", "| measure | value |", "| --- | --- |"]
    lines += [f"| {k.replace('_', ' ')} | {v:.4f} |" if isinstance(v, float) else
              f"| {k.replace('_', ' ')} | {v} |" for k, v in gm.__dict__.items()]
    for measure in ("weighted_degree", "betweenness", "pagerank", "effective_size", "core",
                    *BROKERAGE):
        lines += ["", f"## Top {n} by {measure.replace('_', ' ')}", "",
                  "| node | kind | country | value |", "| --- | --- | --- | ---: |"]
        for node, value in top(metrics, measure, n):
            a = g.nodes[node]
            lines.append(f"| {_md(a.get('label', node))} | {_md(a.get('kind_label', ''))} | "
                         f"{_md(a.get('country', ''))} | {_cell(value)} |")
    lines += ["", "## Communities (Louvain)", ""]
    groups: dict[int, list[str]] = {}
    for node, values in metrics.nodes.items():
        label = str(g.nodes[node].get("label", node))
        groups.setdefault(int(values["community"]), []).append(label)
    for number, members in sorted(groups.items()):
        lines.append(f"- {number}: " + ", ".join(_md(m) for m in sorted(members)))
    if trend:
        keys = list(trend[0])
        lines += ["", "## Over time", "", "| " + " | ".join(keys) + " |",
                  "| " + " | ".join("---" for _ in keys) + " |"]
        lines += ["| " + " | ".join(f"{r[k]:.4f}" if isinstance(r[k], float) else str(r[k])
                                    for k in keys) + " |" for r in trend]
    return "\n".join(lines) + "\n"


def slice_measures_csv(rows: list[tuple[str, str, str, float]]) -> str:
    """The long table of node measures per time slice: node, slice, measure, value."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["node", "slice", "measure", "value"])
    for node, name, measure, value in rows:
        w.writerow([node, name, measure, _cell(value)])
    return out.getvalue()


def _md(text: object) -> str:
    from borderkg.queries.formats import markdown_cell

    return markdown_cell(text)


def analysis_triples(kind: str, metrics: Metrics) -> set[Triple]:
    """The measures as statements for the analysis graph of a projection."""
    graph = iris.analysis_graph(kind)
    out: set[Triple] = {(graph, RDF.type, BKG.NetworkAnalysis),
                        (graph, BKG.networkKind, Literal(kind))}
    if metrics.graph is not None:
        out.add((graph, BKG.analysisMethod,
                 Literal(f"betweenness {metrics.graph.betweenness}; Louvain seed 42")))
    for node, values in metrics.nodes.items():
        subject = URIRef(node)
        for measure, prop in PROPERTY.items():
            if not math.isnan(values[measure]):
                out.add((subject, prop, Literal(f"{values[measure]:.6f}", datatype=XSD.decimal)))
        out.add((subject, BKG.community, Literal(int(values["community"]), datatype=XSD.integer)))
    return out

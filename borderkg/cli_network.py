"""`borderkg network` and `borderkg viz`: parse options, call borderkg.network and borderkg.viz,
print."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from borderkg.cli_output import console
from borderkg.cli_store import StoreOption, UpdateUrlOption, open_cli_store

if TYPE_CHECKING:  # the libraries are imported by the commands that use them (fast --help)
    import networkx as nx

    from borderkg.network import projections as proj
    from borderkg.network.metrics import Metrics

KindOption = Annotated[str, typer.Option(
    "--kind", help="organisations (co-participation; each tie says its layers, shared "
                   "projects and shared events, with a weight for each), countries "
                   "(co-benefit), bipartite (organisation-project), events (organisation-"
                   "event) or flows (donor -> implementer -> country).")]
FromOption = Annotated[int | None, typer.Option("--from", help="First year (by project dates).")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last year (by project dates).")]
RoleOption = Annotated[list[str] | None, typer.Option(
    "--role", help="Keep only these roles (funding, implementing, partner, ...); repeatable.")]
OrgKindOption = Annotated[list[str] | None, typer.Option(
    "--org-kind", help="Keep only these organisation kinds (e.g. customs-service); repeatable.")]
CountryOption = Annotated[list[str] | None, typer.Option(
    "--country", help="Keep projects that benefit these countries (ISO codes); repeatable.")]
TypeOption = Annotated[list[str] | None, typer.Option(
    "--project-type", help="Keep projects of these types (e.g. 'Technical Cooperation').")]
SourceOption = Annotated[list[str] | None, typer.Option(
    "--source", help="Keep facts from these source files; repeatable.")]
EvidenceOption = Annotated[str, typer.Option(
    "--evidence", help="Which ties count as cooperation: shared projects, shared events "
    "(meetings, field visits, trainings) or all.")]
RelevantOption = Annotated[bool, typer.Option(
    "--relevant-only", help="Keep only projects and events tagged as border management "
    "(by IATI sector or keywords; see `borderkg query relevance`).")]
EgoOption = Annotated[str | None, typer.Option(
    "--ego", help="Keep only this node's ego network: a node IRI, an organisation key "
                  "(frontex) or label (EUBAM).")]
RadiusOption = Annotated[int, typer.Option(help="Steps from the --ego node (ties either way).")]


def _ego(g: nx.Graph, name: str, radius: int) -> nx.Graph:
    from borderkg.network.projections import ego_network

    try:
        return ego_network(g, name, radius=radius)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--ego") from exc


def _filter(from_year: int | None, to_year: int | None, role: list[str] | None,
            org_kind: list[str] | None, country: list[str] | None,
            project_type: list[str] | None, source: list[str] | None,
            evidence: str = "all", relevant_only: bool = False) -> proj.Filter:
    from borderkg.network import projections as proj

    if evidence not in ("projects", "events", "all"):
        raise typer.BadParameter("use projects, events or all", param_hint="--evidence")
    return proj.Filter(
        evidence=evidence, relevant_only=relevant_only,
        from_year=from_year, to_year=to_year, roles=frozenset(role or []),
        org_kinds=frozenset(k.lower() for k in org_kind or []),
        countries=frozenset(c.upper() for c in country or []),
        project_types=frozenset(t.lower() for t in project_type or []),
        sources=frozenset(source or []))


def _load(store: str | None, update_url: str | None) -> proj.NetworkData:
    from borderkg.network import projections as proj

    with open_cli_store(store, update_url, read_only=True) as db:
        return proj.load_rows(db)


def _graph(data: proj.NetworkData, kind: str, flt: proj.Filter) -> nx.Graph:
    from borderkg.network import projections as proj

    try:
        return proj.project(data, kind, flt)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--kind") from exc


def _summary(g: nx.Graph, metrics: Metrics) -> None:
    from rich.table import Table

    from borderkg.network.metrics import top
    from borderkg.queries.formats import shown

    gm = metrics.graph
    assert gm is not None
    console.print(f"{gm.nodes} nodes, {gm.edges} ties, density {gm.density:.3f}, "
                  f"{gm.components} component(s), {gm.communities} communities "
                  f"(modularity {gm.modularity:.3f}), betweenness {gm.betweenness}")
    table = Table(title="Top nodes")
    for col in ("node", "weighted degree", "betweenness", "pagerank", "community"):
        table.add_column(col, overflow="fold")
    for node, _ in top(metrics, "weighted_degree", 15):
        v = metrics.nodes[node]
        table.add_row(shown(g.nodes[node].get("label", node)), f"{v['weighted_degree']:.0f}",
                      f"{v['betweenness']:.3f}", f"{v['pagerank']:.3f}", f"{v['community']:.0f}")
    console.print(table)


def network_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.gexf, .graphml, .csv "
                                         "(writes FILE-nodes.csv and FILE-edges.csv) or .json")],
    kind: KindOption = "organisations",
    from_year: FromOption = None, to_year: ToOption = None, role: RoleOption = None,
    org_kind: OrgKindOption = None, country: CountryOption = None,
    project_type: TypeOption = None, source: SourceOption = None,
    evidence: EvidenceOption = "all", relevant_only: RelevantOption = False,
    metrics: Annotated[bool, typer.Option(
        "--metrics", help="Compute the measures; write FILE-metrics.csv, .json and "
                          "FILE-report.md beside the output.")] = False,
    slices: Annotated[str | None, typer.Option(
        help="Time windows such as 2000-2006,2007-2013,2014-2020,2021-2027, or 'yearly'. "
             "GEXF gets them as Gephi spells; --metrics adds a trend table.")] = None,
    write_back: Annotated[bool, typer.Option(
        help="Store the measures in the analysis graph of this kind, for SPARQL.")] = False,
    ego: EgoOption = None, radius: RadiusOption = 1,
    store: StoreOption = None, update_url: UpdateUrlOption = None,
) -> None:
    """Build a cooperation network from the graph and write it (GEXF, GraphML, CSV, JSON)."""
    from borderkg.network import projections as proj
    from borderkg.network.io import FORMATS, write_network
    from borderkg.network.metrics import compute, per_slice, slice_measures, trend
    from borderkg.network.report import (
        analysis_triples,
        markdown_report,
        metrics_csv,
        metrics_json,
        slice_measures_csv,
    )
    from borderkg.ontology import iris

    if output.suffix.lower() not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--output")
    data = _load(store, update_url)
    flt = _filter(from_year, to_year, role, org_kind, country, project_type, source, evidence,
                  relevant_only)
    g = _graph(data, kind, flt)
    if ego:
        g = _ego(g, ego, radius)
    measured = None
    if slices:
        try:
            spans = proj.yearly(data) if slices == "yearly" else proj.windows(slices)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--slices") from exc
        sliced = proj.time_slices(data, kind, spans, flt)
        if ego:
            sliced = {name: h.subgraph(g.nodes).copy() for name, h in sliced.items()}
        merged = proj.merge_slices(sliced)
        for n, attrs in merged.nodes(data=True):  # the same node ids across slices
            if n in g:
                g.nodes[n]["slices"] = attrs["slices"]
        for a, b, attrs in merged.edges(data=True):
            if g.has_edge(a, b):
                g.edges[a, b]["slices"] = attrs["slices"]
                g.edges[a, b]["slice_weights"] = attrs["slice_weights"]
        if metrics:
            measured = per_slice(sliced)
    m = compute(g) if metrics or write_back else None
    if m is not None:  # the measures travel with the nodes (GEXF and GraphML attributes)
        for n, values in m.nodes.items():
            g.nodes[n].update(values)
    written = write_network(g, output)
    if m is not None:
        _summary(g, m)
        base = output.with_suffix("")
        paths = {Path(f"{base}-metrics.csv"): metrics_csv(g, m),
                 Path(f"{base}-metrics.json"): metrics_json(g, m),
                 Path(f"{base}-report.md"): markdown_report(
                     g, m, title=f"BorderKG {kind} network",
                     trend=trend(measured) if measured else None)}
        if measured:
            paths[Path(f"{base}-slice-metrics.csv")] = slice_measures_csv(
                slice_measures(measured))
        for path, text in paths.items():
            path.write_text(text, encoding="utf-8")
            written.append(path)
        if write_back:
            with open_cli_store(store, update_url) as db:
                db.apply({iris.analysis_graph(kind): analysis_triples(kind, m)})
            console.print(f"Measures stored in <{iris.analysis_graph(kind)}>.")
    console.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} ties written to "
                  + ", ".join(str(p) for p in written))


def viz_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.html (interactive, "
                                         "offline), FILE.png or FILE.svg (static figure)")],
    kind: Annotated[str, typer.Option(
        "--kind", help="organisations, countries, bipartite, events, flows, or timeline (projects "
                       "per country and year, as a figure).")] = "organisations",
    from_year: FromOption = None, to_year: ToOption = None, role: RoleOption = None,
    org_kind: OrgKindOption = None, country: CountryOption = None,
    project_type: TypeOption = None, source: SourceOption = None,
    evidence: EvidenceOption = "all", relevant_only: RelevantOption = False,
    size_by: Annotated[str, typer.Option(help="degree, weighted_degree, betweenness, pagerank, "
                                         "eigenvector, effective_size")] = "pagerank",
    color_by: Annotated[str, typer.Option(help="kind or community")] = "kind",
    max_nodes: Annotated[int, typer.Option(help="Show at most this many nodes (the top by "
                                           "--size-by); the page says so.")] = 2000,
    max_ties: Annotated[int, typer.Option(help="Show at most about this many ties (each node "
                                          "keeps its strongest); the page says so.")] = 8000,
    min_weight: Annotated[float, typer.Option(help="Leave out ties with fewer shared projects "
                                              "than this; the page says so.")] = 0.0,
    title: Annotated[str | None, typer.Option(help="Title of the page or figure.")] = None,
    ego: EgoOption = None, radius: RadiusOption = 1,
    store: StoreOption = None, update_url: UpdateUrlOption = None,
) -> None:
    """Draw a network: an interactive HTML page that works offline, or a PNG/SVG figure."""
    from borderkg.network.metrics import compute
    from borderkg.viz.figures import FIGURE_SUFFIXES, network_figure, timeline_figure
    from borderkg.viz.html import Style, network_page

    suffix = output.suffix.lower()
    if suffix not in (".html", *FIGURE_SUFFIXES):
        raise typer.BadParameter("use .html, .png or .svg", param_hint="--output")
    data = _load(store, update_url)
    if kind == "timeline":
        if suffix == ".html":
            raise typer.BadParameter("the timeline is a figure: use .png or .svg")
        timeline_figure(data, output)
        console.print(f"Timeline written to {output}")
        return
    flt = _filter(from_year, to_year, role, org_kind, country, project_type, source, evidence,
                  relevant_only)
    g = _graph(data, kind, flt)
    if ego:
        g = _ego(g, ego, radius)
    label = title or f"BorderKG {kind} network"
    m = compute(g)
    try:
        if suffix == ".html":
            page = network_page(g, title=label, metrics=m,
                                style=Style(color_by=color_by, size_by=size_by,
                                            max_nodes=max_nodes, max_ties=max_ties,
                                            min_weight=min_weight))
            output.write_text(page, encoding="utf-8")
        else:
            network_figure(g, output, title=label, size_by=size_by, metrics=m)
    except (ValueError, KeyError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    console.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} ties drawn to {output}")

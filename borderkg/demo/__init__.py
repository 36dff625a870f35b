"""`borderkg demo`: the whole pipeline on the bundled sample corpus."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from borderkg.graph.export import export
from borderkg.graph.validate import ValidationReport, validate
from borderkg.pipeline.ingest import IngestReport, ingest
from borderkg.queries import formats, library
from borderkg.store import Rows, Store

PAGE_SUFFIXES = (".txt", ".html", ".xml")


@dataclass
class DemoResult:
    report: IngestReport
    projects: Rows
    validation: ValidationReport
    outputs: dict[str, Path] = field(default_factory=dict)


def corpus_files() -> list[Path]:
    """The sample pages shipped with the package."""
    folder = Path(str(resources.files("borderkg.demo").joinpath("corpus")))
    return sorted(p for p in folder.iterdir() if p.suffix in PAGE_SUFFIXES)


def network_outputs(store: Store, out: Path) -> dict[str, Path]:
    """The organisation network as an offline page, figures, a GEXF file and a report."""
    from borderkg.network import projections as proj
    from borderkg.network.io import write_network
    from borderkg.network.metrics import compute
    from borderkg.network.report import markdown_report, metrics_csv
    from borderkg.viz.figures import network_figure, save, timeline_figure
    from borderkg.viz.html import network_page

    data = proj.load_rows(store)
    g = proj.project(data, "organisations")
    m = compute(g)
    title = "Organisations co-participating in the sample projects"
    paths = {
        "network page (HTML, offline)": out / "organisations.html",
        "network figure (PNG)": out / "organisations.png",
        "network figure (SVG)": out / "organisations.svg",
        "network (GEXF, for Gephi)": out / "organisations.gexf",
        "network measures (CSV)": out / "organisations-metrics.csv",
        "network report (Markdown)": out / "organisations-report.md",
        "timeline figure (PNG)": out / "timeline.png",
    }
    paths["network page (HTML, offline)"].write_text(network_page(g, title=title, metrics=m),
                                                      encoding="utf-8")
    figure = network_figure(g, paths["network figure (PNG)"], title=title, metrics=m)
    save(figure, paths["network figure (SVG)"])
    write_network(g, paths["network (GEXF, for Gephi)"])
    paths["network measures (CSV)"].write_text(metrics_csv(g, m), encoding="utf-8")
    paths["network report (Markdown)"].write_text(markdown_report(g, m, title=title),
                                                   encoding="utf-8")
    timeline_figure(data, paths["timeline figure (PNG)"])
    return paths


def run_demo(out: Path, *, on_report: Callable[[IngestReport], None] | None = None
             ) -> DemoResult:
    """Ingest the sample corpus into a fresh on-disk store under `out`, then query, export
    and validate it; returns what was made and where."""
    out.mkdir(parents=True, exist_ok=True)
    store_dir = out / "store"
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store = Store.open(store_dir)
    report = ingest(store, corpus_files())
    if on_report is not None:
        on_report(report)
    outputs: dict[str, Path] = {"store (Oxigraph)": store_dir}
    turtle = out / "borderkg.ttl"
    turtle.write_bytes(export(store, "turtle"))
    outputs["graph (Turtle)"] = turtle
    trig = out / "borderkg.trig"
    trig.write_bytes(export(store, "trig"))
    outputs["graph with one named graph per source (TriG)"] = trig
    projects = library.run(store, library.load("projects"))
    for name in ("projects", "participations", "organisations", "events", "match-candidates"):
        rows = projects if name == "projects" else library.run(store, library.load(name))
        path = out / f"{name}.csv"
        path.write_text(formats.render(rows, "csv"), encoding="utf-8")
        outputs[f"query {name} (CSV)"] = path
    validation = validate(store, owl=shutil.which("java") is not None)
    outputs.update(network_outputs(store, out))
    store.close()
    return DemoResult(report=report, projects=projects, validation=validation, outputs=outputs)

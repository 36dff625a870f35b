"""Static figures for papers: files, labels that do not overlap, SVG text, shared colours,
and the user's matplotlib backend left alone."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import networkx as nx
from lxml import etree

from borderkg.network import projections as proj
from borderkg.network.metrics import compute
from borderkg.store import Store
from borderkg.viz.figures import network_figure, timeline_figure
from borderkg.viz.html import network_page
from borderkg.viz.palette import colour, kind_colour, known_kinds


def test_png_svg_and_timeline(seed_store: Store, tmp_path: Path) -> None:
    data = proj.load_rows(seed_store)
    g = proj.organisations(data)
    backend = matplotlib.get_backend()
    network_figure(g, tmp_path / "net.png", title="Organisations")
    assert (tmp_path / "net.png").read_bytes().startswith(b"\x89PNG")
    fig = network_figure(g, tmp_path / "net.svg", title="Organisations")
    assert matplotlib.get_backend() == backend  # the user's backend is not switched
    svg = etree.parse(str(tmp_path / "net.svg"))
    texts = {"".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "Organisations" in texts and "Frontex" in texts  # text, not paths
    labels = [t for t in fig.axes[0].texts if t.get_text()]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert len(boxes) >= 10
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    timeline = timeline_figure(data, tmp_path / "timeline.png")
    assert timeline.axes and (tmp_path / "timeline.png").stat().st_size > 1000


def test_crowded_labels_never_overlap(tmp_path: Path) -> None:
    g = nx.complete_graph([f"organisation number {i}" for i in range(150)])
    for n in g:
        g.nodes[n].update(label=n, kind="ngo", kind_label="NGO")
    fig = network_figure(g, title="Crowded", labels=150)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert 0 < len(boxes) < 150  # some labels found no free place and were left out
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_a_kind_has_one_colour_on_pages_and_in_figures(seed_store: Store,
                                                       tmp_path: Path) -> None:
    colours = [colour(i) for i in range(300)]
    assert len(set(colours)) == 300  # the palette does not repeat
    assert len({kind_colour(k) for k in known_kinds()}) == len(known_kinds())
    g = proj.organisations(proj.load_rows(seed_store))
    page = network_page(g, title="t", metrics=compute(g))
    network_figure(g, tmp_path / "net.svg", title="t")
    svg = (tmp_path / "net.svg").read_text("utf-8").lower()
    for kind in {g.nodes[n]["kind"] for n in g}:
        assert kind_colour(kind) in page
        assert re.search(re.escape(kind_colour(kind)), svg), kind

"""Static figures for papers."""

from __future__ import annotations

from pathlib import Path

from borderkg.graph.store import Store
from borderkg.network import projections as proj
from borderkg.viz.figures import network_figure, timeline_figure


def test_png_svg_and_timeline(seed_store: Store, tmp_path: Path) -> None:
    data = proj.load_rows(seed_store)
    g = proj.organisations(data)
    png = network_figure(g, tmp_path / "net.png", title="Organisations")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = network_figure(g, tmp_path / "net.svg", title="Organisations")
    text = svg.read_text("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    timeline = timeline_figure(data, tmp_path / "timeline.png")
    assert timeline.stat().st_size > 5000

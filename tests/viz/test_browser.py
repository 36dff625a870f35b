"""The network page in a real headless browser (Debian's chromium, driven by Playwright):
no request leaves the page, the vis DataSets hold the network, no console error, hostile
labels are shown as text and run nothing, and the search box finds Frontex."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderkg.network import projections as proj
from borderkg.store import Store
from borderkg.viz.html import network_page
from tests.viz.test_html import HOSTILE, hostile_graph

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Skipped on a machine without chromium, never in CI (which installs it): there it must run.
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                reason="needs Debian's chromium (.ci/run installs it)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if os.environ.get("CI") == "true":  # in CI a missing package fails the run
        import playwright.sync_api as playwright
    else:
        playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser: object, path: Path) -> tuple[object, list[str], list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.borderkg && window.borderkg.stable", timeout=60_000)
    return page, requests, problems


def test_seed_network_page(browser: object, seed_store: Store, tmp_path: Path) -> None:
    g = proj.organisations(proj.load_rows(seed_store))
    path = tmp_path / "organisations.html"
    path.write_text(network_page(g, title="Organisations"), "utf-8")
    page, requests, problems = open_page(browser, path)
    assert requests == [path.as_uri()]  # nothing but the page itself
    assert problems == []
    counts = page.evaluate("[borderkg.nodes.length, borderkg.edges.length]")  # type: ignore[attr-defined]
    assert counts == [g.number_of_nodes(), g.number_of_edges()]
    page.fill("#search", "Frontex")  # type: ignore[attr-defined]
    page.press("#search", "Enter")  # type: ignore[attr-defined]
    info = page.inner_text("#info")  # type: ignore[attr-defined]
    assert info.startswith("Frontex")
    assert "Polish Border Guard — Integrated Border Management in the Western Balkans and Turkey" in info
    page.uncheck("input[data-kind='customs-service']")  # type: ignore[attr-defined]
    visible = page.evaluate("borderkg.nodeView.length")  # type: ignore[attr-defined]
    customs = sum(1 for _, d in g.nodes(data=True) if d["kind"] == "customs-service")
    assert visible == g.number_of_nodes() - customs


def test_hostile_labels_are_text(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(network_page(hostile_graph(), title=HOSTILE[0]), "utf-8")
    page, requests, problems = open_page(browser, path)
    assert requests == [path.as_uri()] and problems == []
    assert page.evaluate("window.__xss === undefined")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    assert page.inner_text("#title") == HOSTILE[0]  # type: ignore[attr-defined]
    page.fill("#search", "script")  # type: ignore[attr-defined]
    page.press("#search", "Enter")  # type: ignore[attr-defined]
    assert HOSTILE[1] in page.inner_text("#info")  # type: ignore[attr-defined]
    node = page.evaluate("borderkg.network.getPosition('n0')")  # type: ignore[attr-defined]
    dom = page.evaluate("p => borderkg.network.canvasToDOM(p)", node)  # type: ignore[attr-defined]
    box = page.query_selector("#graph").bounding_box()  # type: ignore[attr-defined]
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])  # type: ignore[attr-defined]
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)  # type: ignore[attr-defined]
    tooltip = page.query_selector("div.vis-tooltip")  # type: ignore[attr-defined]
    assert HOSTILE[0] in tooltip.inner_text()
    assert tooltip.query_selector("img") is None
    assert page.evaluate("window.__xss === undefined")  # type: ignore[attr-defined]


def test_physics_settle_on_two_thousand_nodes(browser: object, tmp_path: Path) -> None:
    import networkx as nx

    g = nx.relabel_nodes(nx.barabasi_albert_graph(2000, 2, seed=1), lambda n: f"n{n}")
    for n in g:
        g.nodes[n].update(label=n, kind=f"k{int(n[1:]) % 3}", kind_label="kind", years=[2010])
    for e in g.edges:
        g.edges[e].update(weight=1, projects=["p"], project_labels=["p"], sources=["s"],
                          years=[2010])
    path = tmp_path / "big.html"
    path.write_text(network_page(g, title="2,000 nodes"), "utf-8")
    page, requests, problems = open_page(browser, path)  # waits until the physics stop
    assert requests == [path.as_uri()] and problems == []
    assert page.evaluate("[borderkg.nodes.length, borderkg.edges.length]") == [2000, g.number_of_edges()]  # type: ignore[attr-defined]

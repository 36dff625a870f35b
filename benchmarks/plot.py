"""Cost against size, drawn from the benchmarks' JSON results (benchmarks/results/).

One figure with a panel per benchmark (log-log axes, so that linear growth is a line of
slope one): page ingest and IATI ingest against their bulk-load floors, the IATI ingest's
peak memory (iati.json and iati-300k.json, with the ingest-only runs of iati-1m.json, when
present), the library queries at two graph sizes (growth-10k-100k.json: both sizes timed in
one run, in alternation), and the network measures against igraph. Also writes the growth
figures as a Markdown table beside the figure (a run repeated with --repeat counts with the
median of its times).

    python benchmarks/plot.py            # reads and writes benchmarks/results/
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from repeats import median_seconds  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def _read(folder: Path, name: str) -> Any:
    path = folder / name
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def iati_runs(folder: Path) -> list[dict[str, Any]]:
    """The IATI runs measured with their floor (iati.json, iati-300k.json), by size."""
    runs = (_read(folder, "iati.json") or []) + (_read(folder, "iati-300k.json") or [])
    return sorted(runs, key=lambda r: int(r["activities"]))


def query_growth(growth: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The library queries of a bench_growth.py result whose time at N is 10 ms or more (the
    engine's reference shapes left out)."""
    return [r for r in (growth or {}).get("results", [])
            if not r["query"].startswith("reference:") and r["small_s"] >= 0.01]


def growth_table(pages: list[dict[str, Any]] | None, iati: list[dict[str, Any]] | None,
                 growth: dict[str, Any] | None) -> str:
    """Markdown: how each cost grows between the measured sizes (IATI runs may include
    ingest-only ones)."""
    lines = ["| what | from | to | size ratio | time ratio | memory (MB) |",
             "|---|---:|---:|---:|---:|---|"]
    iati = sorted(iati or [], key=lambda r: int(r["activities"]))
    for label, runs, size, peak in (("page ingest", pages, "pages", "ingest_peak_mb"),
                                    ("IATI ingest", iati, "activities", None)):
        for a, b in zip(runs or [], (runs or [])[1:], strict=False):
            mem_a = a[peak] if peak else a["peak_mb"]["ingest"]
            mem_b = b[peak] if peak else b["peak_mb"]["ingest"]
            times = median_seconds(b) / median_seconds(a)
            lines.append(f"| {label} | {a[size]:,} | {b[size]:,} | {b[size] / a[size]:.1f} | "
                         f"{times:.2f} | {mem_a:,.0f} -> {mem_b:,.0f} |")
    if growth:
        n, m = growth["projects"]
        for q in query_growth(growth):
            lines.append(f"| query {q['query']} | {n:,} | {m:,} | {m / n:.0f} | "
                         f"{q['large_s'] / q['small_s']:.1f} | |")
    return "\n".join(lines) + "\n"


def draw(folder: Path, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    pages = _read(folder, "pages.json")
    iati = iati_runs(folder)
    alone = _read(folder, "iati-1m.json") or []  # ingest-only runs: time and memory
    growth, large = _read(folder, "growth-10k-100k.json"), _read(folder, "store-100k.json")
    network = _read(folder, "network.json")
    fig, axes = plt.subplots(2, 3, figsize=(15, 9))
    ax = axes[0][0]
    if pages:
        x = [r["pages"] for r in pages]
        ax.plot(x, [r["ingest_s"] for r in pages], "o-", label="borderkg ingest")
        ax.plot(x, [r["floor_s"] for r in pages], "s--", label="floor: bulk load")
    _style(ax, "Page ingest", "pages", "seconds")
    ax = axes[0][1]
    runs = sorted((iati or []) + alone, key=lambda r: int(r["activities"]))
    if iati:
        ax.plot([r["activities"] for r in runs], [r["ingest_s"] for r in runs], "o-",
                label="borderkg ingest")
        x = [r["activities"] for r in iati]
        ax.plot(x, [r["floor_parse_s"] + r["floor_load_s"] for r in iati], "s--",
                label="floor: parse + bulk load")
    _style(ax, "IATI ingest", "activities", "seconds")
    ax = axes[0][2]
    if iati:
        ax.plot([r["activities"] for r in runs], [r["peak_mb"]["ingest"] for r in runs], "o-",
                label="borderkg ingest")
        x = [r["activities"] for r in iati]
        ax.plot(x, [r["peak_mb"]["load"] for r in iati], "s--", label="bulk load, whole file")
        ax.axhline(4096, color="red", linewidth=0.8, label="4 GB")
    _style(ax, "IATI ingest: peak memory", "activities", "MB (peak RSS)")
    ax = axes[1][0]
    queries = query_growth(growth)
    if queries:
        sizes = growth["projects"]
        for q in queries:
            ax.plot(sizes, [q["small_s"], q["large_s"]], "-", linewidth=0.8)
        ref = min(q["small_s"] for q in queries)
        ax.plot(sizes, [ref, ref * sizes[1] / sizes[0]], "k--", label="linear")
    _style(ax, "Library queries (each line one query)", "projects", "seconds")
    ax = axes[1][1]
    if large:
        qs = [q for q in large["queries"] if q["raw_s"] >= 0.01]
        ax.barh([q["query"] for q in qs], [q["borderkg_s"] / q["raw_s"] for q in qs])
        ax.axvline(1.3, color="red", linewidth=0.8, label="1.3x")
        ax.set_title(f"Queries at {large['projects']:,} projects: borderkg / raw pyoxigraph")
        ax.tick_params(axis="y", labelsize=6)
        ax.legend(fontsize=8)
    ax = axes[1][2]
    if network:
        x = [r["ties"] for r in network]
        ax.plot(x, [r["borderkg_s"] for r in network], "o-", label="borderkg measures")
        ax.plot(x, [r["igraph_s"] for r in network], "s--", label="igraph alone")
    _style(ax, "Network measures", "ties", "seconds")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def _style(ax: Any, title: str, x: str, y: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.grid(True, which="both", linewidth=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    draw(args.results, args.results / "cost-vs-size.png")
    iati = iati_runs(args.results) + (_read(args.results, "iati-1m.json") or [])
    table = growth_table(_read(args.results, "pages.json"), iati,
                         _read(args.results, "growth-10k-100k.json"))
    (args.results / "growth.md").write_text(table, "utf-8")
    print(table)


if __name__ == "__main__":
    main()

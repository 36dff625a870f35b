"""How each library query's time grows with the graph, measured in one process: the synthetic
graph at N and at 10N projects side by side, each query run on both in alternation (N, 10N,
N, 10N, ...), so that a change in the machine's speed falls on both sizes alike.

Growth measured across two runs of `bench_store.py` (one size per run) mixed the machine's
drift into it: the same query's time at 10,000 projects differed by up to 1.7x between
runs. Here the medians of the alternated runs give the growth t(10N) / t(N), and the
engine's own reference shapes (a scan, a join, a path, a group: `bench_store.py`) are
measured the same way, to read the queries' growth against the store's.

    python benchmarks/bench_growth.py --projects 10000 --repeat 5 \
        --json benchmarks/results/growth-10k-100k.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import ENGINE_REFERENCE, PARAMS, load_data  # noqa: E402

from borderkg.queries import library  # noqa: E402
from borderkg.store import Store  # noqa: E402


def alternated(small: Callable[[], object], large: Callable[[], object],
               repeat: int) -> tuple[float, float]:
    """Median seconds of `small` and `large`, run in alternation."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((small, times[0]), (large, times[1])):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return statistics.median(times[0]), statistics.median(times[1])


def growth(small: float, large: float) -> float | None:
    """t(10N) / t(N), where the time at N (10 ms or more) is more than timer noise."""
    return round(large / small, 1) if small >= 0.01 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=10_000, help="N (the graph at N and 10N)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", nargs="*", default=None, help="library query names")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args()
    console = Console()
    stores = []
    for n in (args.projects, 10 * args.projects):
        store = Store(ox.Store(), spec="memory")
        store.backend.bulk_load(load_data(n), format=ox.RdfFormat.N_QUADS)
        stores.append(store)
    small, large = stores
    results: list[dict[str, object]] = []
    for name, text in ENGINE_REFERENCE.items():
        def ref(s: Store, t: str = text) -> object:
            return list(s.backend.query(t, use_default_graph_as_union=True))  # type: ignore[arg-type]

        a, b = alternated(lambda: ref(small), lambda: ref(large), args.repeat)
        results.append({"query": f"reference: {name}", "small_s": round(a, 4),
                        "large_s": round(b, 4), "growth": growth(a, b)})
        console.print(f"reference {name}: {a:.3f} s -> {b:.3f} s, {b / a:.1f}x")
    for name in args.queries or library.names():
        q = library.load(name)
        bindings = library.bind(q, PARAMS.get(name, {}))
        rows = len(library.run(large, q, bindings))
        a, b = alternated(lambda q=q, x=bindings: library.run(small, q, x),
                          lambda q=q, x=bindings: library.run(large, q, x), args.repeat)
        results.append({"query": name, "rows": rows, "small_s": round(a, 4),
                        "large_s": round(b, 4), "growth": growth(a, b)})
        console.print(f"{name}: {rows:,} rows, {a:.3f} s -> {b:.3f} s, {b / a:.1f}x")
    print(f"\n| query | rows at {10 * args.projects:,} | {args.projects:,}: s "
          f"| {10 * args.projects:,}: s | growth |")
    print("|---|---:|---:|---:|---:|")
    for r in sorted(results, key=lambda r: -float(r["large_s"])):  # type: ignore[arg-type]
        rows = f"{r['rows']:,}" if "rows" in r else "-"
        grown = "-" if r["growth"] is None else f"{r['growth']}x"
        print(f"| {r['query']} | {rows} | {r['small_s']} | {r['large_s']} | {grown} |")
    if args.json:
        args.json.write_text(json.dumps({"projects": [args.projects, 10 * args.projects],
                                         "repeat": args.repeat, "results": results},
                                        indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()

"""Store back-ends on the query library: pyoxigraph directly (what borderkg.graph.store uses)
against oxrdflib (rdflib's API over Oxigraph), on the same synthetic graph.

Reports, per library query, the median time of each back-end and the ratio oxrdflib /
pyoxigraph measured in the same run, and checks that both give the same rows.

    python benchmarks/bench_store.py --projects 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_nquads  # noqa: E402

from borderkg.graph.ingest import ontology_graphs  # noqa: E402
from borderkg.graph.store import Rows, Store  # noqa: E402
from borderkg.queries import library  # noqa: E402

PARAMS = {"projects-active-in-year": {"year": "2010"},
          "organisation-projects": {"organisation": "org-000001"},
          "funders-by-country": {"country": "UA"}}


def load_data(n: int) -> bytes:
    lines = list(track(synthetic_nquads(n), description=f"Generating {n:,} projects",
                       transient=True))
    for graph, triples in ontology_graphs().items():
        for s, p, o in triples:
            lines.append(f"{s.n3()} {p.n3()} {o.n3()} <{graph}> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def via_oxrdflib(ds: Dataset, q: library.LibraryQuery, bindings: dict[str, object]) -> Rows:
    """The rows of a library query through rdflib's API over Oxigraph, fully read."""
    result = ds.query(q.text, initBindings=bindings)  # type: ignore[arg-type]
    rows = Rows([str(v) for v in result.vars or []], [tuple(r) for r in result])  # type: ignore[misc]
    return library.sort_lists(q, rows)


def normalised(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def timed(fn: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", nargs="*", default=None, help="library query names")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args()
    console = Console()
    data = load_data(args.projects)

    t = time.perf_counter()
    direct = Store(ox.Store(), spec="memory")
    direct._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    load_direct = time.perf_counter() - t
    t = time.perf_counter()
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.parse(data=data, format="ox-nquads")
    load_ox = time.perf_counter() - t
    console.print(f"{len(direct):,} quads; load pyoxigraph {load_direct:.1f} s, "
                  f"oxrdflib {load_ox:.1f} s")

    table = Table(title=f"Query library on {args.projects:,} synthetic projects "
                        f"(median of {args.repeat})")
    columns = ("query", "rows", "pyoxigraph s", "oxrdflib s", "oxrdflib / pyoxigraph", "same rows")
    for col in columns:
        table.add_column(col, justify="right" if col != "query" else "left")
    results = []
    for name in args.queries or library.names():
        q = library.load(name)
        bindings = library.bind(q, PARAMS.get(name, {}))
        t_direct, rows = timed(lambda q=q, b=bindings: library.run(direct, q, b), args.repeat)
        t_ox, ox_rows = timed(lambda q=q, b=bindings: via_oxrdflib(ds, q, b), args.repeat)
        same = normalised(rows.rows) == normalised(ox_rows.rows)  # type: ignore[attr-defined]
        ratio = t_ox / t_direct if t_direct else float("nan")
        n_rows = len(rows.rows)  # type: ignore[attr-defined]
        table.add_row(name, f"{n_rows:,}", f"{t_direct:.3f}", f"{t_ox:.3f}", f"{ratio:.2f}",
                      "yes" if same else "NO")
        console.print(f"{name}: {n_rows:,} rows, pyoxigraph {t_direct:.3f} s, "
                      f"oxrdflib {t_ox:.3f} s, ratio {ratio:.2f}, same rows: {same}")
        results.append({"query": name, "rows": n_rows, "pyoxigraph_s": t_direct,
                        "oxrdflib_s": t_ox, "ratio": ratio, "same_rows": same})
    console.print(table)
    if args.json:
        summary = {"projects": args.projects, "load_pyoxigraph_s": load_direct,
                   "load_oxrdflib_s": load_ox, "queries": results}
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

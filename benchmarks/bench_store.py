"""The query library on three engines over the same synthetic graph: the library's own path
(borderkg.graph.store, rows kept in Oxigraph terms, list columns sorted), the same query text
on raw pyoxigraph (solutions read into tuples, nothing else), and the same text on rdflib's
memory store (rdflib's own SPARQL engine, with --rdflib).

Reports, per library query, the median time of each and the ratios borderkg / raw and
rdflib / borderkg measured in the same run, and checks that the rows are the same.

    python benchmarks/bench_store.py --projects 10000 --repeat 3 --rdflib \
        --json benchmarks/results/store-10k.json
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
from borderkg.graph.store import Rows, Store, to_ox  # noqa: E402
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


def raw_pyoxigraph(store: ox.Store, q: library.LibraryQuery,
                   bindings: dict[str, object]) -> list[tuple[object, ...]]:
    """The solutions of the query text on pyoxigraph, read into tuples."""
    subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}  # type: ignore[arg-type]
    result = store.query(q.text, use_default_graph_as_union=True, substitutions=subs or None)
    width = range(len(result.variables))  # type: ignore[union-attr]
    return [tuple(sol[i] for i in width) for sol in result]  # type: ignore[union-attr]


def via_rdflib(ds: Dataset, q: library.LibraryQuery, bindings: dict[str, object]) -> Rows:
    """The rows of the query text on rdflib's memory store and SPARQL engine, fully read."""
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
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", nargs="*", default=None, help="library query names")
    parser.add_argument("--rdflib", action="store_true", help="also rdflib's memory store")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args()
    console = Console()
    data = load_data(args.projects)
    store = Store(ox.Store(), spec="memory")
    store._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    ds = None
    if args.rdflib:
        t = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(data=data, format="nquads")
        console.print(f"rdflib memory store loaded in {time.perf_counter() - t:.1f} s")
    table = Table(title=f"Query library on {args.projects:,} synthetic projects "
                        f"(median of {args.repeat})")
    columns = ("query", "rows", "borderkg s", "raw pyoxigraph s", "borderkg / raw",
               "rdflib s", "rdflib / borderkg", "same rows")
    for col in columns:
        table.add_column(col, justify="right" if col != "query" else "left")
    results = []
    for name in args.queries or library.names():
        q = library.load(name)
        bindings = library.bind(q, PARAMS.get(name, {}))
        t_ours, rows = timed(lambda q=q, b=bindings: library.run(store, q, b), args.repeat)
        t_raw, raw = timed(lambda q=q, b=bindings: raw_pyoxigraph(store._ox, q, b),
                           args.repeat)
        n_rows = len(rows)  # type: ignore[arg-type]
        same = n_rows == len(raw)  # type: ignore[arg-type]
        t_rdf = None
        if ds is not None:
            t_rdf, rdf_rows = timed(lambda q=q, b=bindings: via_rdflib(ds, q, b), 1)
            same = same and normalised(rows.rows) == normalised(rdf_rows.rows)  # type: ignore[attr-defined]
        row = {"query": name, "rows": n_rows, "borderkg_s": t_ours, "raw_s": t_raw,
               "borderkg_over_raw": t_ours / t_raw if t_raw else None, "rdflib_s": t_rdf,
               "rdflib_over_borderkg": t_rdf / t_ours if t_rdf and t_ours else None,
               "same_rows": same}
        results.append(row)
        console.print(f"{name}: {n_rows:,} rows, borderkg {t_ours:.3f} s, raw {t_raw:.3f} s"
                      + (f", rdflib {t_rdf:.2f} s" if t_rdf else ""))
        table.add_row(name, f"{n_rows:,}", f"{t_ours:.3f}", f"{t_raw:.3f}",
                      f"{row['borderkg_over_raw']:.2f}" if t_raw else "-",
                      f"{t_rdf:.2f}" if t_rdf else "-",
                      f"{row['rdflib_over_borderkg']:.1f}" if t_rdf else "-",
                      "yes" if same else "NO")
    console.print(table)
    if args.json:
        summary = {"projects": args.projects, "quads": len(store), "queries": results}
        args.json.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""The query library on three engines over the same synthetic graph: the library's own path
(borderkg.store, rows kept in Oxigraph terms, list columns sorted), the same query text
on raw pyoxigraph (solutions read into tuples, nothing else), and the same text on rdflib's
memory store (rdflib's own SPARQL engine, with --rdflib).

rdflib's engine takes minutes to hours on large graphs. With --rdflib-budget K, each rdflib
run happens in a forked process that is stopped after K times the library's time (at least a
second): a stopped run shows that rdflib is at least that much slower (a lower bound, written
as such). The library and raw pyoxigraph are timed first; rdflib's store is loaded into the
process afterwards (beside its millions of objects the library's runs took up to 3x as long)
and frozen out of the garbage collector's reach before the rdflib runs are forked.

Reports, per library query, the median time of each and the ratios borderkg / raw and
rdflib / borderkg measured in the same run, and checks that the rows are the same.

    python benchmarks/bench_store.py --projects 10000 --repeat 3 --rdflib \
        --json benchmarks/results/store-10k.json

With --real, the graph is the seeds and the real IATI files of ../shared (ingested as
`borderkg ingest` does, codelists included) instead of synthetic projects: the money
questions need IATI transactions, which the synthetic graph has none of. With
--baseline-rev REV, each query whose .rq file differs at git revision REV is also run in
REV's text (raw pyoxigraph), to measure a rewrite against what it replaced in the same run.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import BKG, synthetic_nquads  # noqa: E402

from borderkg.pipeline.ingest import ontology_graphs  # noqa: E402
from borderkg.queries import library  # noqa: E402
from borderkg.store import Rows, Store, to_ox  # noqa: E402

PARAMS = {"projects-active-in-year": {"year": "2010"},
          "organisation-projects": {"organisation": "org-000001"},
          "funders-by-country": {"country": "UA"},
          "partners-of-organisation": {"organisation": "org-000001"},
          "organisations-in-country-by-year": {"country": "UA"},
          "projects-per-period": {"from_year": "2014", "to_year": "2020"},
          "changes-between-periods": {"from_a": "2007", "to_a": "2013", "from_b": "2014",
                                      "to_b": "2020"},
          "implementers-of-donor": {"donor": "org-000001"}}
REAL_PARAMS = {**PARAMS, "organisation-projects": {"organisation": "iom"},
               "partners-of-organisation": {"organisation": "Frontex"},
               "implementers-of-donor": {"donor": "European Union"}}
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def real_store() -> Store:
    """The seeds and the real IATI files, ingested into a memory store."""
    from borderkg.pipeline.ingest import ingest

    store = Store.open("memory")
    iati = SHARED / "data" / "iati"
    ingest(store, [SHARED / "seeds", iati / "real"], codelists=iati / "codelists")
    return store


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


def _rdflib_child(ds: Dataset, q: library.LibraryQuery, bindings: dict[str, object],
                  out: mp.Queue) -> None:  # type: ignore[type-arg]
    t = time.perf_counter()
    try:
        rows = via_rdflib(ds, q, bindings)
    except Exception as exc:  # rdflib's engine fails on some queries: say so, do not wait
        out.put((time.perf_counter() - t, f"{type(exc).__name__}: {exc}"))
        return
    out.put((time.perf_counter() - t, normalised(rows.rows)))


def rdflib_within(ds: Dataset, q: library.LibraryQuery, bindings: dict[str, object],
                  seconds: float) -> tuple[float, list[tuple[str, ...]] | str] | None:
    """rdflib's time and rows (or its error) in a forked process (the store is shared
    copy-on-write), or None when it has not finished within `seconds`."""
    out: mp.Queue = mp.get_context("fork").Queue()  # type: ignore[type-arg]
    child = mp.get_context("fork").Process(target=_rdflib_child, args=(ds, q, bindings, out))
    child.start()
    try:
        return out.get(timeout=seconds)  # type: ignore[no-any-return]
    except Exception:  # queue.Empty: the budget ran out
        return None
    finally:
        child.kill()
        child.join()


def text_at(rev: str, name: str) -> str | None:
    """The text of a library query at a git revision, or None where it did not exist."""
    done = subprocess.run(["git", "show", f"{rev}:borderkg/queries/{name}.rq"],
                          capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def normalised(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def timed(fn: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def timed_pair(a: object, b: object, repeat: int) -> tuple[float, object, float, object]:
    """Two functions timed in alternation (a, b, a, b, ...), so that a change in the
    machine's load falls on both: medians and last results of each."""
    times_a, times_b, ra, rb = [], [], None, None
    for _ in range(repeat):
        t = time.perf_counter()
        ra = a()  # type: ignore[operator]
        times_a.append(time.perf_counter() - t)
        t = time.perf_counter()
        rb = b()  # type: ignore[operator]
        times_b.append(time.perf_counter() - t)
    return statistics.median(times_a), ra, statistics.median(times_b), rb


# The engine's own growth, to read the queries' growth against: how much longer Oxigraph
# takes for 10x the data on the simplest shapes (a scan, a join, a path, a group) over the
# same graph. Queries that grow like these grow as the store does, not by their shape.
ENGINE_REFERENCE = {
    "scan": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "join": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{BKG}Project> ; <{BKG}title> ?t ; "
            f"<{BKG}startDate> ?d }}",
    "path rows": f"SELECT ?p ?t ?o WHERE {{ ?p <{BKG}title> ?t ; "
                 f"<{BKG}hasParticipation>/<{BKG}participant> ?o }}",
    "group distinct": f"SELECT ?o (COUNT(DISTINCT ?p) AS ?n) WHERE {{ "
                      f"?p <{BKG}hasParticipation>/<{BKG}participant> ?o }} GROUP BY ?o",
}


def engine_reference(store: ox.Store, repeat: int) -> dict[str, float]:
    """Median seconds of each reference query on raw pyoxigraph (union default graph)."""
    def run(text: str) -> list[object]:
        return list(store.query(text, use_default_graph_as_union=True))  # type: ignore[arg-type]

    return {name: timed(lambda t=text: run(t), repeat)[0]
            for name, text in ENGINE_REFERENCE.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--real", action="store_true",
                        help="the seeds and real IATI files instead of synthetic projects")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", nargs="*", default=None, help="library query names")
    parser.add_argument("--rdflib", action="store_true", help="also rdflib's memory store")
    parser.add_argument("--rdflib-budget", type=float, default=None, metavar="K",
                        help="stop an rdflib run after K times the library's time "
                             "(implies --rdflib)")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--baseline-rev", default=None,
                        help="also time the queries' text at this git revision")
    args = parser.parse_args()
    args.rdflib = args.rdflib or args.rdflib_budget is not None
    console = Console()
    params = REAL_PARAMS if args.real else PARAMS
    if args.real:
        store = real_store()
        data = store.dump(format=ox.RdfFormat.N_QUADS) if args.rdflib else b""
    else:
        data = load_data(args.projects)
        store = Store(ox.Store(), spec="memory")
        store.backend.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    what = "the seeds and real IATI files" if args.real else \
        f"{args.projects:,} synthetic projects"
    table = Table(title=f"Query library on {what} (median of {args.repeat})")
    columns = ("query", "rows", "borderkg s", "raw pyoxigraph s", "borderkg / raw",
               "rdflib s", "rdflib / borderkg", "same rows")
    for col in columns:
        table.add_column(col, justify="right" if col != "query" else "left")
    # The library and raw pyoxigraph are timed first, in a process that holds only the
    # Oxigraph store; rdflib's store (gigabytes of Python objects) is loaded afterwards.
    measured = []
    for name in args.queries or library.names():
        q = library.load(name)
        bindings = library.bind(q, params.get(name, {}))
        t_ours, rows, t_raw, raw = timed_pair(
            lambda q=q, b=bindings: library.run(store, q, b),
            lambda q=q, b=bindings: raw_pyoxigraph(store.backend, q, b), args.repeat)
        t_old = None
        old_text = text_at(args.baseline_rev, name) if args.baseline_rev else None
        if old_text is not None and old_text != q.text:
            old = library.parse_header(name, old_text)
            t_old, _ = timed(lambda o=old, b=bindings: raw_pyoxigraph(store.backend, o, b),
                             args.repeat)
            console.print(f"{name} at {args.baseline_rev}: {t_old:.3f} s")
        console.print(f"{name}: {len(rows):,} rows, borderkg {t_ours:.3f} s, "  # type: ignore[arg-type]
                      f"raw {t_raw:.3f} s")
        kept = rows if args.rdflib else None  # only rdflib's rows are compared with them
        measured.append((name, q, bindings, t_ours, len(rows), kept, t_raw, len(raw), t_old))  # type: ignore[arg-type]
    ds = None
    if args.rdflib:
        t = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(data=data, format="nquads")
        console.print(f"rdflib memory store loaded in {time.perf_counter() - t:.1f} s")
        # the millions of objects of rdflib's store out of the garbage collector's reach,
        # so that a forked rdflib run neither scans nor copies them (in rdflib's favour)
        gc.collect()
        gc.freeze()
    results = []
    for name, q, bindings, t_ours, n_rows, rows, t_raw, n_raw, t_old in measured:
        same = n_rows == n_raw
        t_rdf, rdf_stopped, rdf_error = None, False, None
        if ds is not None and args.rdflib_budget is not None:
            budget = max(args.rdflib_budget * t_ours, 1.0)
            done = rdflib_within(ds, q, bindings, budget)
            if done is None:
                t_rdf, rdf_stopped = budget, True
            elif isinstance(done[1], str):
                rdf_error = done[1]
                console.print(f"{name}: rdflib failed after {done[0]:.1f} s: {rdf_error}")
            else:
                t_rdf = done[0]
                same = same and normalised(rows.rows) == done[1]  # type: ignore[attr-defined]
        elif ds is not None:
            t_rdf, rdf_rows = timed(lambda q=q, b=bindings: via_rdflib(ds, q, b), 1)
            same = same and normalised(rows.rows) == normalised(rdf_rows.rows)  # type: ignore[attr-defined]
        row = {"query": name, "rows": n_rows, "borderkg_s": t_ours, "raw_s": t_raw,
               "baseline_s": t_old,
               "borderkg_over_raw": t_ours / t_raw if t_raw else None, "rdflib_s": t_rdf,
               "rdflib_over_borderkg": t_rdf / t_ours if t_rdf and t_ours else None,
               "rdflib_stopped": rdf_stopped, "rdflib_error": rdf_error, "same_rows": same}
        results.append(row)
        if t_rdf:
            console.print(f"{name}: rdflib {'> ' if rdf_stopped else ''}{t_rdf:.2f} s")
        table.add_row(name, f"{n_rows:,}", f"{t_ours:.3f}", f"{t_raw:.3f}",
                      f"{row['borderkg_over_raw']:.2f}" if t_raw else "-",
                      (">" if rdf_stopped else "") + (f"{t_rdf:.2f}" if t_rdf else "-"),
                      (">" if rdf_stopped else "")
                      + (f"{row['rdflib_over_borderkg']:.1f}" if t_rdf else "-"),
                      "yes" if same else "NO")
    console.print(table)
    reference = engine_reference(store.backend, args.repeat)  # type: ignore[arg-type]
    console.print("engine reference (raw pyoxigraph): " + ", ".join(
        f"{name} {seconds:.3f} s" for name, seconds in reference.items()))
    if args.json:
        summary = {"graph": "real" if args.real else "synthetic",
                   "baseline_rev": args.baseline_rev,
                   "projects": None if args.real else args.projects, "quads": len(store),
                   "queries": results, "engine_reference": reference}
        args.json.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()

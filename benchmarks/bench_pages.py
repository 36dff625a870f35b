"""Page ingest speed and memory against the bulk-load floor measured in the same run.

Synthetic mission pages in the real template ('Label: value' fields, prose with organisations,
a dateline-free summary) are ingested into an on-disk store; the floor is Oxigraph's bulk load
of the same quads (every quad the ingest wrote, in its named graphs) into a fresh on-disk
store. Each phase runs in its own process, so that its time and peak resident memory are its
own. With --repeat, each size is measured in several ingest/floor pairs and the median ratio
is reported (with every pair's).

    python benchmarks/bench_pages.py --pages 2000 10000 --repeat 3 \
        --json benchmarks/results/pages.json
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from repeats import median_run, median_seconds  # noqa: E402

COUNTRIES = ["Moldova", "Ukraine", "Georgia", "Armenia", "Serbia", "Albania", "Niger", "Mali",
             "Costa Rica", "Panama", "Kyrgyzstan", "Tajikistan"]
DONORS = ["European Union", "Government of Japan", "Government of the Netherlands", "USAID",
          "IOM Development Fund", "Sida"]
BODIES = ["Border Police", "Customs Service", "State Border Service", "Migration Service",
          "Ministry of Interior"]
ACTIONS = ["Strengthening", "Enhancing", "Supporting", "Improving", "Building Capacities for"]
TOPICS = ["Border Management", "Document Security", "Risk Analysis", "Cross-Border Cooperation",
          "Integrated Border Management", "Migration Data", "Counter-Trafficking Training"]


SYLLABLES = ["ka", "lo", "mir", "ven", "tas", "dor", "pel", "rin", "so", "ub", "zan", "fe"]


def codename(i: int) -> str:
    """A distinct made-up word per page, so that titles differ as real ones do."""
    word = ""
    while True:
        word += SYLLABLES[i % len(SYLLABLES)]
        i //= len(SYLLABLES)
        if not i:
            return word.capitalize()


def page(i: int, rng: random.Random) -> str:
    country = rng.choice(COUNTRIES)
    other = rng.choice(COUNTRIES)
    year = 2005 + i % 18
    body = rng.choice(BODIES)
    # Real titles differ in more than one word: two made-up words per page keep titles of
    # one topic, country and year apart (one word was within the title rule's threshold,
    # so that a fifth of the pages merged, which real pages do not).
    name = f"{codename(i)} {codename(i * 7919 + 13)}"
    return (f"{name}: {rng.choice(ACTIONS)} {rng.choice(TOPICS)} in {country}\n\n"
            f"Duration: January {year} - December {year + 2}\n"
            f"Donor: {rng.choice(DONORS)}\n"
            f"Budget: EUR {rng.randint(1, 90) * 50_000:,}\n"
            f"Partners: {body} of {other}, Frontex\n"
            f"Beneficiaries: {body} of {country}\n"
            f"Geographical Coverage: {country}, {other}\n"
            f"Summary: The action trains officers of the {body} of {country} in partnership "
            f"with the International Centre for Migration Policy Development (ICMPD).\n")


def write_pages(folder: Path, n: int) -> None:
    rng = random.Random(7)
    for i in range(n):
        (folder / f"page-{i:06d}.txt").write_text(page(i, rng), "utf-8")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _ingest(folder: str, store_dir: str, dump: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from borderkg.pipeline.ingest import ingest
    from borderkg.store import Store

    start = time.perf_counter()
    with Store.open(store_dir) as store:
        report = ingest(store, [Path(folder)])
        seconds = time.perf_counter() - start
        for worker in mp.active_children():  # the workers exit after the run: count them
            worker.join()
        # they are children of the fork server, which counts them once it exits
        from multiprocessing import forkserver
        forkserver._forkserver._stop()  # type: ignore[attr-defined]
        # CPU time of the main process (staging, loading, matching, committing) and of the
        # workers that read and build the pages, before the dump below
        main_cpu, workers_cpu = _cpu_s(resource.RUSAGE_SELF), _cpu_s(resource.RUSAGE_CHILDREN)
        # the floor loads the same quads, graph names included: every quad the ingest wrote
        # (a graph dumped on its own comes out as triples, which Oxigraph indexes half as often)
        store.backend.dump(output=dump, format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out.put({"seconds": seconds, "peak_mb": _peak_mb(), "worker_peak_mb": workers,
             "files": len(report.loaded), "main_cpu_s": main_cpu, "workers_cpu_s": workers_cpu})


def _floor(dump: str, store_dir: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(store_dir)
    store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    store.flush()
    out.put({"seconds": time.perf_counter() - start, "peak_mb": _peak_mb(),
             "quads": len(store)})


def _run(target: object, *args: str) -> dict[str, float]:
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.get_context("fork").Process(target=target, args=(*args, q))  # type: ignore[attr-defined]
    p.start()
    result = q.get()
    p.join()
    return result  # type: ignore[no-any-return]


def measure(n: int, repeat: int) -> dict[str, Any]:
    """The ingest of n pages and its floor, `repeat` times in pairs (each ingest into a fresh
    store, its floor right after it): the pair whose ratio is the median, with every ratio
    (the machine's speed drifts by a third within minutes; a pair shares the drift)."""
    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pages").mkdir()
        write_pages(root / "pages", n)
        for i in range(repeat):
            dump = str(root / f"source-{i}.nq")
            ingest = _run(_ingest, str(root / "pages"), str(root / f"store-{i}"), dump)
            floor = _run(_floor, dump, str(root / f"floor-{i}"))
            pairs.append((ingest["seconds"] / floor["seconds"], ingest, floor))
    ratio, ingest, floor = median_run(pairs, lambda pair: pair[0])
    return {"pages": n, "ingest_s": round(ingest["seconds"], 2),
            "floor_s": round(floor["seconds"], 2), "ratio": round(ratio, 2),
            "ratios": sorted(round(r, 2) for r, _, _ in pairs),
            "ingest_runs_s": sorted(round(i["seconds"], 2) for _, i, _ in pairs),
            "quads": floor["quads"], "ingest_peak_mb": round(ingest["peak_mb"]),
            "worker_peak_mb": round(ingest["worker_peak_mb"]),
            "floor_peak_mb": round(floor["peak_mb"]),
            "main_cpu_s": round(ingest["main_cpu_s"], 1),
            "workers_cpu_s": round(ingest["workers_cpu_s"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--repeat", type=int, default=1,
                        help="ingest and floor pairs per size; the median ratio is reported")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    # the ingest's processes import compiled code, as from an installed package (where
    # PYTHONDONTWRITEBYTECODE is set, each worker would otherwise compile the package again)
    compileall.compile_dir(str(Path(__import__("borderkg").__file__).parent), quiet=1)
    rows = [measure(n, args.repeat) for n in args.pages]
    print("| pages | quads | ingest s | floor s | ingest / floor | every pair | "
          "peak MB (main / worker) | CPU s (main / workers) |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|")
    for r in rows:
        print(f"| {r['pages']:,} | {r['quads']:,} | {r['ingest_s']} | {r['floor_s']} | "
              f"{r['ratio']} | {', '.join(map(str, r['ratios']))} | "
              f"{r['ingest_peak_mb']} / {r['worker_peak_mb']} | "
              f"{r['main_cpu_s']} / {r['workers_cpu_s']} |")
    for a, b in zip(rows, rows[1:], strict=False):
        print(f"t({b['pages']})/t({a['pages']}) = "
              f"{median_seconds(b) / median_seconds(a):.2f} (median times)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()

"""IATI ingest speed and memory against the floor measured in the same run.

The floor is what no IATI loader can beat: lxml's iterparse over the file (reading every
activity, keeping none) plus Oxigraph's load of the quads the loader produces. The full
ingest (parse, build, stage, match projects, commit) should stay within 2x of that floor,
with a memory peak that does not grow with the file. Each phase runs in its own process so
that its peak resident memory is its own.

    python benchmarks/bench_iati.py --activities 10000 100000 --repeat 3 --json results/iati.json
    python benchmarks/bench_iati.py --real ../shared/data/iati/real
    python benchmarks/bench_iati.py --activities 1000000 --ingest-only --json results/iati-1m.json

--ingest-only measures the ingest alone (time and peak memory), for sizes whose floor would
take longer than the ingest is worth: the dump and bulk load of a hundred million quads.
--repeat measures each size several times, each ingest with its own floor, and keeps the
run with the median ratio; the growth is that of the median times.
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from repeats import median_run, median_seconds  # noqa: E402

ONE = ("<iati-activity default-currency='EUR' xml:lang='en'><iati-identifier>XI-SYN-{i}"
       "</iati-identifier><reporting-org ref='XI-IATI-EC_NEAR' type='15'><narrative>DG NEAR"
       "</narrative></reporting-org><title><narrative>Border project {i}</narrative></title>"
       "<description type='1'><narrative>Support to border services, activity {i}."
       "</narrative></description><participating-org ref='XI-IATI-EC_NEAR' role='1' "
       "type='15'><narrative>DG NEAR</narrative></participating-org><participating-org "
       "ref='XM-DAC-47066' role='4' type='40'><narrative>IOM</narrative></participating-org>"
       "<participating-org ref='N/A' role='4' type='22'><narrative>Partner {j}</narrative>"
       "</participating-org><activity-status code='2'/><activity-date iso-date='20{y:02d}-01-01' "
       "type='2'/><activity-date iso-date='20{y:02d}-12-31' type='3'/><recipient-country "
       "code='{c}' percentage='100'/><sector code='15210' vocabulary='1' percentage='100'/>"
       "<budget type='1'><period-start iso-date='20{y:02d}-01-01'/><period-end "
       "iso-date='20{y:02d}-12-31'/><value value-date='20{y:02d}-01-01'>{v}</value></budget>"
       "<transaction><transaction-type code='3'/><transaction-date iso-date='20{y:02d}-06-01'/>"
       "<value value-date='20{y:02d}-06-01'>{v}</value><provider-org ref='XI-IATI-EC_NEAR'>"
       "<narrative>DG NEAR</narrative></provider-org></transaction></iati-activity>\n")
COUNTRIES = ["MD", "UA", "GE", "AM", "AZ", "BY", "RS", "AL", "BA", "MK", "ME", "XK", "TR"]


def write_synthetic(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<iati-activities version='2.03'>\n")
        for i in range(n):
            f.write(ONE.format(i=i, j=i % 997, y=i % 24, c=COUNTRIES[i % len(COUNTRIES)],
                               v=1000 * (i % 500 + 1)))
        f.write("</iati-activities>\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse_only(paths: list[str], out: mp.Queue) -> None:  # type: ignore[type-arg]
    from lxml import etree

    start, count = time.perf_counter(), 0
    for p in paths:
        for _, el in etree.iterparse(p, events=("end",), tag="iati-activity",
                                     resolve_entities=False, no_network=True):
            count += 1
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    out.put({"seconds": time.perf_counter() - start, "activities": count, "peak_mb": _peak_mb()})


def _ingest(paths: list[str], store_dir: str, dump: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import pyoxigraph as ox

    from borderkg.pipeline.ingest import ingest
    from borderkg.store import Store

    store = Store.open(store_dir)
    start = time.perf_counter()
    report = ingest(store, [Path(p) for p in paths])
    seconds = time.perf_counter() - start
    peak = _peak_mb()  # the ingest's own peak, before the dump below holds its bytes
    quads = len(store)
    if dump:
        store.backend.dump(output=dump, format=ox.RdfFormat.N_QUADS)
    out.put({"seconds": seconds, "activities": sum(f.activities for f in report.files),
             "quads": quads, "peak_mb": peak,
             "failed": [f.path for f in report.files if f.status == "failed"]})


def _load_only(dump: str, store_dir: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import pyoxigraph as ox

    store = ox.Store(store_dir)
    start = time.perf_counter()
    store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    store.flush()
    out.put({"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()})


def phase(fn: object, *args: object) -> dict[str, object]:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    process = mp.Process(target=fn, args=(*args, queue))  # type: ignore[arg-type]
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def measure(paths: list[str], label: str, tmp: str, *, floor: bool = True) -> dict[str, object]:
    """One input: the floor's phases and the ingest, each in its own process."""
    size = sum(Path(p).stat().st_size for p in paths) / 1e6
    if not floor:
        full = phase(_ingest, paths, f"{tmp}/store", "")
        seconds = float(full["seconds"])  # type: ignore[arg-type]
        return {"input": label, "megabytes": round(size, 1), "activities": full["activities"],
                "quads": full["quads"], "ingest_s": round(seconds, 2),
                "peak_mb": {"ingest": round(float(full["peak_mb"]), 1)},  # type: ignore[arg-type]
                "failed": full["failed"]}
    parse = phase(_parse_only, paths)
    full = phase(_ingest, paths, f"{tmp}/store", f"{tmp}/dump.nq")
    load = phase(_load_only, f"{tmp}/dump.nq", f"{tmp}/store2")
    floor = float(parse["seconds"]) + float(load["seconds"])  # type: ignore[arg-type]
    seconds = float(full["seconds"])  # type: ignore[arg-type]
    return {
        "input": label, "megabytes": round(size, 1), "activities": full["activities"],
        "quads": full["quads"], "ingest_s": round(seconds, 2),
        "activities_per_s": round(int(full["activities"]) / seconds),  # type: ignore[call-overload]
        "quads_per_s": round(int(full["quads"]) / seconds),  # type: ignore[call-overload]
        "floor_parse_s": round(float(parse["seconds"]), 2),  # type: ignore[arg-type]
        "floor_load_s": round(float(load["seconds"]), 2),  # type: ignore[arg-type]
        "ratio_to_floor": round(seconds / floor, 2),
        "peak_mb": {"parse": round(float(parse["peak_mb"]), 1),  # type: ignore[arg-type]
                    "load": round(float(load["peak_mb"]), 1),  # type: ignore[arg-type]
                    "ingest": round(float(full["peak_mb"]), 1)},  # type: ignore[arg-type]
        "failed": full["failed"],
    }


def repeated(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose ratio to its floor is the median (see repeats.py), with every run's
    ratio and time."""
    if len(runs) == 1:
        return runs[0]
    def ratio(run: dict[str, Any]) -> float:  # an ingest-only run has no floor
        return float(run.get("ratio_to_floor", run["ingest_s"]))

    middle = dict(median_run(runs, ratio))
    middle["ratios"] = [r.get("ratio_to_floor") for r in sorted(runs, key=ratio)]
    middle["ingest_runs_s"] = sorted(float(r["ingest_s"]) for r in runs)
    return middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, nargs="+", default=[100_000],
                        help="sizes of the synthetic files, one measurement each")
    parser.add_argument("--real", type=Path, default=None, help="ingest these files instead")
    parser.add_argument("--ingest-only", action="store_true",
                        help="measure the ingest alone (no floor, no dump)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size (each ingest with its floor); the median is kept")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    # the ingest's processes import compiled code, as from an installed package (where
    # PYTHONDONTWRITEBYTECODE is set, each worker would otherwise compile the package again)
    compileall.compile_dir(str(Path(__import__("borderkg").__file__).parent), quiet=1)
    results = []
    if args.real:
        paths = sorted(str(p) for p in args.real.glob("*.xml"))
        with tempfile.TemporaryDirectory() as tmp:
            results.append(measure(paths, f"{len(paths)} real files", tmp))
    else:
        for n in args.activities:
            with tempfile.TemporaryDirectory() as tmp:
                synthetic = Path(tmp) / "synthetic.xml"
                write_synthetic(synthetic, n)
                runs = []
                for _ in range(args.repeat):
                    with tempfile.TemporaryDirectory(dir=tmp) as run:
                        runs.append(measure([str(synthetic)], f"synthetic file of {n:,} "
                                            "activities", run, floor=not args.ingest_only))
                results.append(repeated(runs))
                print(json.dumps(results[-1], indent=1), flush=True)
    for a, b in zip(results, results[1:], strict=False):
        print(f"t({b['activities']})/t({a['activities']}) = "
              f"{median_seconds(b) / median_seconds(a):.2f} (median times)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()

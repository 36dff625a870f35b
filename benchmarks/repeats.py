"""Sizes measured several times (`--repeat`): which run to report, and the time that stands
for a size. The machine's speed drifts by a third within minutes, so each ingest is paired
with its own floor, the run with the median ratio is reported (with every ratio), and growth
is taken from the median of the times."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any, TypeVar

Run = TypeVar("Run")


def median_run(runs: list[Run], ratio: Callable[[Run], float]) -> Run:
    """The run whose ratio is the median (the lower middle one of an even number)."""
    return sorted(runs, key=ratio)[(len(runs) - 1) // 2]


def median_seconds(result: dict[str, Any]) -> float:
    """The ingest time a size stands for: the median of its runs where it has several."""
    return float(statistics.median(result.get("ingest_runs_s") or [result["ingest_s"]]))

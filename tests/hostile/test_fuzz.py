"""A bounded fuzz run of the text loaders (tests/fuzz/fuzz_loaders.py) in every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, ROOT

RUNS = 5000


def test_the_loaders_survive_a_fuzz_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"  # new inputs go here; the fixtures seed the run
    corpus.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fuzz" / "fuzz_loaders.py"), f"-runs={RUNS}",
         "-max_len=8192", "-max_total_time=120", "-seed=20261202", str(corpus),
         str(DATA / "pages"), str(DATA / "iati"), str(ROOT / "borderkg" / "demo" / "corpus")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Done {RUNS} runs" in result.stderr or "Done" in result.stderr

"""The benchmark runs end to end on a small size, so that a change to the API cannot break it unnoticed.

Its numbers mean nothing here (the machine is busy with the other tests): bench/RESULTS.md
comes from `python bench/run.py` on an idle machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # the benchmarks, in processes of their own


def test_the_benchmark_runs_and_writes_its_tables(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    command = [
        sys.executable,
        str(ROOT / "bench" / "run.py"),
        "--sizes",
        "2000",
        "--repeat",
        "1",
        "--output",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert (
        "## Targets" in text
        and "load('relationships')" in text
        and "| jihadistds validate | 2,000 |" in text
    )


def test_the_hostile_benchmark_measures_a_case() -> None:
    from hostile import CASES, measure  # bench/hostile.py

    case = next(c for c in CASES if c.name == "nul-bytes")
    seconds, mib, code = measure(case, 1)
    assert code == case.exit and seconds > 0 and mib > 0


def test_the_site_benchmark_runs_and_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "SITE.md"
    command = [sys.executable, str(ROOT / "bench" / "site.py"), "--sizes", "300,600", "--repeat", "1",
               "--output", str(out)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "| this package |" in text and "grown to 600 |" in text
    assert "Target: this package builds in under 2 s:" in text and "Linear in rows:" in text

"""Benchmarks for the performance targets, as ratios of commands timed in turn on one machine.

    python bench/run.py                 # sizes 10^4, 10^5, 10^6; writes bench/RESULTS.md
    python bench/run.py --sizes 10000   # a quick run

Each measurement runs the commands alternately, several times, and takes the median wall
time; peak memory is the child process's maximum resident set size. Grown packages are made
on the fly (bench/grow.py) in a temporary folder and deleted after.

The package's bytecode is compiled first, as pip does when it installs a wheel: an editable
install under PYTHONDONTWRITEBYTECODE=1 (as on CI machines) would otherwise compile every
module from source on every run, which no installed copy does, and frictionless' own
bytecode was compiled when it was installed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from grow import grow, largest_table  # noqa: E402

BIN = Path(sys.executable).parent
PY = sys.executable


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        raise SystemExit(f"{' '.join(command)} exited {code}: {stderr[-500:]}")
    return elapsed, usage.ru_maxrss * 1024


def compare(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, int]]:
    """Median seconds and peak memory of each command, run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, peak = measure(command)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {k: (statistics.median(v), peaks[k]) for k, v in times.items()}


LOAD = """
import json, sys, time
import pandas as pd
import jihadistds
from jihadistds.read.fields import PANDAS_DTYPES, PERIOD_FIELDS
pkg, table = jihadistds.Package(sys.argv[1]), sys.argv[2]
res = pkg.resource(table)
dtypes = {}
for f in res.fields:
    text = f.name in PERIOD_FIELDS or f.type in ("date", "list")
    kind = "string" if text else PANDAS_DTYPES[f.type]
    dtypes[f.name] = pd.CategoricalDtype(f.enum) if f.enum else kind
best = {"load": [], "read_csv": []}
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    pd.read_csv(res.file, dtype=dtypes, keep_default_na=False, na_values=[""])
    best["read_csv"].append(time.perf_counter() - t)
    t = time.perf_counter()
    jihadistds.Package(sys.argv[1]).load(table)
    best["load"].append(time.perf_counter() - t)
print(json.dumps({k: sorted(v)[len(v) // 2] for k, v in best.items()}))
"""


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for name in ("jihadistds", "frictionless", "pandas", "pyarrow", "numpy"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}; {cpu}; {os.cpu_count()} "
        f"cores; {memory:.0f} GiB; "
        f"Python {platform.python_version()}; " + ", ".join(f"{k} {v}" for k, v in versions.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="rows of the grown table, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each small command")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[str, str, str, str, str, str]] = []  # what, rows, seconds, rows/s, peak, ratio
    verdicts: list[tuple[str, str, bool]] = []
    jds, fl = str(BIN / "jihadistds"), str(BIN / "frictionless")
    import jihadistds

    compileall.compile_dir(str(Path(jihadistds.__file__).parent), quiet=1)

    start = compare(
        {
            "click": [PY, "-c", "import click"],
            "version": [jds, "--version"],
            "help": [jds, "--help"],
        },
        args.repeat * 2,
    )
    for name in ("version", "help"):
        ratio = start[name][0] / start["click"][0]
        rows.append(
            (
                f"jihadistds --{name} / python -c 'import click'",
                "",
                f"{start[name][0]:.3f} / {start['click'][0]:.3f}",
                "",
                "",
                f"{ratio:.2f}x",
            )
        )
        verdicts.append(
            (f"`jihadistds --{name}` at most 1.5x `import click`", f"{ratio:.2f}x", ratio <= 1.5)
        )

    small = compare(
        {
            "ours": [jds, "validate", str(ROOT)],
            "frictionless": [fl, "validate", str(ROOT / "datapackage.json")],
        },
        args.repeat,
    )
    ratio = small["ours"][0] / small["frictionless"][0]
    rows.append(
        (
            "validate this package: jihadistds / frictionless",
            "",
            f"{small['ours'][0]:.3f} / {small['frictionless'][0]:.3f}",
            "",
            f"{small['ours'][1] / 2**20:,.0f} / {small['frictionless'][1] / 2**20:,.0f} MiB",
            f"{ratio:.2f}x",
        )
    )
    verdicts.append(
        (
            "`jihadistds validate` on this package at most 1.2x `frictionless validate`",
            f"{ratio:.2f}x",
            ratio <= 1.2,
        )
    )

    table = largest_table()
    per_row: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            pkg = Path(tmp) / f"grown-{n}"
            grow(pkg, n)
            size = sum((pkg / "data" / p.name).stat().st_size for p in (pkg / "data").iterdir())
            # A minute each at 10^6 rows: one run of each, taken in turn, at the larger sizes.
            timings = compare(
                {
                    "ours": [jds, "validate", str(pkg)],
                    "frictionless": [fl, "validate", str(pkg / "datapackage.json")],
                },
                3 if n <= 100_000 else 1,
            )
            ours, fric = timings["ours"], timings["frictionless"]
            per_row[n] = ours[0] / n
            for label, (seconds, peak) in (
                ("jihadistds validate", ours),
                ("frictionless validate", fric),
            ):
                rows.append(
                    (
                        label,
                        f"{n:,}",
                        f"{seconds:.2f}",
                        f"{n / seconds:,.0f}",
                        f"{peak / 2**20:,.0f} MiB",
                        "",
                    )
                )
            slower, memory = ours[0] / fric[0], ours[1] / fric[1]
            rows.append(
                (
                    f"ratios at {n:,} rows ({size / 2**20:,.0f} MiB of CSV)",
                    f"{n:,}",
                    "",
                    "",
                    "",
                    f"time {slower:.2f}x frictionless; peak memory {memory:.2f}x",
                )
            )
            if n == max(sizes):
                verdicts.append(
                    (
                        f"at {n:,} rows at most 1.3x frictionless' time",
                        f"{slower:.2f}x",
                        slower <= 1.3,
                    )
                )
                verdicts.append(
                    (
                        f"at {n:,} rows at most 2x frictionless' peak memory",
                        f"{memory:.2f}x",
                        memory <= 2,
                    )
                )
                out = subprocess.run(
                    [PY, "-c", LOAD, str(pkg), table, "3"],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                load = json.loads(out.stdout)
                ratio = load["load"] / load["read_csv"]
                rows.append(
                    (
                        f"load('{table}') / read_csv with the same dtypes",
                        f"{n:,}",
                        f"{load['load']:.2f} / {load['read_csv']:.2f}",
                        "",
                        "",
                        f"{ratio:.2f}x",
                    )
                )
                verdicts.append(
                    (
                        f"`load('{table}')` at most 1.3x `pandas.read_csv` with equivalent dtypes",
                        f"{ratio:.2f}x",
                        ratio <= 1.3,
                    )
                )
            shutil.rmtree(pkg)
    if len(per_row) >= 2:
        ordered = sorted(per_row)
        growth = per_row[ordered[-1]] / per_row[ordered[-2]]
        verdicts.append(
            (
                f"time linear in rows: seconds per row at {ordered[-1]:,} vs {ordered[-2]:,}",
                f"{growth:.2f}x",
                growth <= 1.5,
            )
        )

    lines = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} by `python bench/run.py "
        f"--sizes {args.sizes}` on: {machine()}.",
        "",
        "Both tools run with their bytecode compiled, as an install leaves them (see bench/run.py). "
        "The grown packages are honest: every grown row has its own quote and dates (bench/grow.py).",
        "",
        "| what | rows | seconds | rows/s | peak memory | ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *[f"| {' | '.join(r)} |" for r in rows],
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
        *[f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in verdicts],
        "",
    ]
    text = "\n".join(lines)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""How long `jihadistds site` takes, on this package and on grown ones; writes bench/SITE.md.

    python bench/site.py                        # this package, then 10^3, 10^4, 10^5 rows
    python bench/site.py --sizes 1000 --repeat 1

Each build is a fresh `jihadistds site` process (start-up included, as a user runs it), timed
``--repeat`` times; the median is kept, with the peak resident memory. The grown packages are
this one with its largest table grown to the size (bench/grow.py). The build is linear when
the time per row stays level as the rows grow tenfold.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import BIN, machine, measure  # noqa: E402

from grow import grow, largest_table  # noqa: E402

TARGET_SECONDS = 2.0  # building the site of this package


def rows_of(package: Path) -> int:
    """Data rows in every CSV of ``package``."""
    return sum(
        max(0, len(p.read_bytes().splitlines()) - 1)
        for p in sorted((package / "data").glob("*.csv"))
    )


def build(package: Path, folder: Path, repeat: int) -> tuple[float, int]:
    times, peak = [], 0
    for i in range(repeat):
        out = folder / f"site-{i}"
        seconds, memory = measure([str(BIN / "jihadistds"), "site", str(package), "-o", str(out)])
        times.append(seconds)
        peak = max(peak, memory)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="rows of the grown table")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", default=str(HERE / "SITE.md"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    lines = [
        "# `jihadistds site`: build time",
        "",
        f"Written by `python bench/site.py --sizes {args.sizes} --repeat {args.repeat}` on "
        f"{machine()}. Each figure is the median wall time of a fresh `jihadistds site` process "
        "(start-up included) and its peak resident memory.",
        "",
        "| package | rows, all tables | build | per 1,000 rows | peak memory |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds, peak = build(ROOT, folder, args.repeat)
        own = rows_of(ROOT)
        lines.append(
            f"| this package | {own:,} | {seconds:.2f} s | {seconds / own * 1000:.3f} s "
            f"| {peak / 2**20:.0f} MiB |"
        )
        verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
        per_row = []
        for size in sizes:
            grown = grow(folder / f"grown-{size}", size).parent.parent
            seconds, peak = build(grown, folder / f"out-{size}", args.repeat)
            total = rows_of(grown)
            per_row.append(seconds / total)
            lines.append(
                f"| {largest_table()} grown to {size:,} | {total:,} | {seconds:.2f} s "
                f"| {seconds / total * 1000:.3f} s | {peak / 2**20:.0f} MiB |"
            )
    lines += [
        "",
        f"Target: this package builds in under {TARGET_SECONDS:.0f} s: **{verdict}**.",
    ]
    if len(per_row) > 1:
        ratio = per_row[-1] / per_row[0]
        lines.append(
            f"Linear in rows: the time per row at the largest size is {ratio:.2f}x that at the "
            "smallest (start-up weighs most on the smallest; 1x or less is linear)."
        )
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

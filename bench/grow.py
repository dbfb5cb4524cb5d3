"""Grow a copy of the data package to many rows, as a fork that adds real rows would.

``grow(dest, rows)`` copies the package and grows its largest table to ``rows`` rows:
keys stay unique (ids get as many digits as they need, and the copy's id pattern says so),
references stay intact (every reference is copied from a real row), and every grown row
gets its own dates and its own quote (the original's words with the copy's number after
them), so no two rows are the same fact and no check is decided once for many rows.
Used by bench/run.py, bench/site.py and the site's tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

from jihadistds.read.integrity import rehash

ROOT = Path(__file__).resolve().parent.parent


def largest_table() -> str:
    """The table with the most bytes of data."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return max(
        (r["name"] for r in descriptor["resources"]),
        key=lambda n: (ROOT / "data" / f"{n}.csv").stat().st_size,
    )


def grow(dest: Path, rows: int, table: str | None = None) -> Path:
    """A copy of the package in ``dest`` whose largest table has ``rows`` rows; returns its CSV."""
    table = table or largest_table()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "datapackage.json", dest)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    schema_path = dest / "schemas" / f"{table}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    key = schema["primaryKey"][0]
    prefix = (
        next(f for f in schema["fields"] if f["name"] == key)["constraints"]["pattern"]
        .split("-")[0]
        .lstrip("^")
    )
    digits = max(4, len(str(rows)))
    for f in schema["fields"]:
        if f["name"] == key:
            f["constraints"]["pattern"] = f"^{prefix}-[0-9]{{{digits}}}$"
    schema_path.write_text(
        json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    path = dest / "data" / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        originals = list(reader)
    k = header.index(key)
    dated = "period_start" in header
    quoted = header.index("quote") if "quote" in header else None
    located = quoted is not None and "quote_end" in header
    if dated:
        s, e, p, a, b, n = (
            header.index(n)
            for n in (
                "period_start",
                "period_end",
                "period_precision",
                "period_as_stated",
                "period_basis",
                "note",
            )
        )
    first_day = dt.date(1900, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(originals[i % len(originals)])
            row[k] = f"{prefix}-{i + 1:0{digits}d}"
            if dated and i >= len(originals):
                day = (first_day + dt.timedelta(days=(i // len(originals)) % 40000)).isoformat()
                # A day the editors dated (JDS115 wants a note that says how), not the source.
                row[s], row[e], row[p], row[a], row[b] = day, day, "day", "", "established"
                row[n] = row[n] or f"Dated by bench/grow.py, copy {i // len(originals)}."
            if quoted is not None and i >= len(originals):
                row[quoted] = f"{row[quoted]} (copy {i // len(originals)})"
                if located:  # the position still fits the quote (JDS118), as a fork's would
                    start = header.index("quote_start")
                    row[header.index("quote_end")] = str(int(row[start]) + len(row[quoted]))
            writer.writerow(row)
    rehash(dest)  # as a fork's maintainer would: the grown CSV's bytes and hash recorded
    return path

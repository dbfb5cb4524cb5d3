"""Grow a copy of the data package to many rows, and break it on purpose.

``grow(dest, rows)`` copies the package and grows its largest table to ``rows`` rows:
keys stay unique (ids get as many digits as they need, and the copy's id pattern says so),
references stay intact (every reference is copied from a real row), and each copy gets its
own dates so no two rows are the same fact. ``inject(dest, kind, rng)`` then breaks one
random row in one way that frictionless checks, and returns what frictionless should report.
Used by bench/run.py and tests/test_differential.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path

from jihadistds.read.integrity import rehash

ROOT = Path(__file__).resolve().parent.parent
FAULTS = (
    "type",
    "constraint",
    "unique",
    "primary-key",
    "foreign-key",
    "missing-cell",
    "extra-cell",
    "blank-row",
)


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
            writer.writerow(row)
    rehash(dest)  # as a fork's maintainer would: the grown CSV's bytes and hash recorded
    return path


def inject(dest: Path, kind: str, rng: random.Random, table: str | None = None) -> int:
    """Break one random data row of the grown table in the way ``kind`` names; returns its row number."""
    table = table or largest_table()
    path = dest / "data" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    index = rng.randrange(
        2, len(lines) - 1
    )  # a data line (lines[-1] is the empty string after the last \n)
    row = next(csv.reader([lines[index]]))
    schema = json.loads((dest / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    if kind == "type":
        name = next(
            (f for f in header if fields[f].get("type") in ("integer", "date", "boolean")), None
        )
        if name is None:  # a table with no typed column: type its place as integer in the copy
            name = "place_id" if "place_id" in header else header[-1]
            fields[name]["type"] = "integer"
            fields[name].pop("constraints", None)
            (dest / "schemas" / f"{table}.schema.json").write_text(
                json.dumps(schema, indent=2), encoding="utf-8"
            )
            row[header.index(name)] = "not-a-number"
        else:
            row[header.index(name)] = "not-a-number"
    elif kind == "constraint":
        name = next(f for f in header if fields[f].get("constraints", {}).get("enum"))
        row[header.index(name)] = "not_in_the_vocabulary"
    elif kind == "unique":
        # Notes repeat across the grown copies, but fewer than frictionless' 1,000-error cap.
        name = "note"
        fields[name].setdefault("constraints", {})["unique"] = True
        (dest / "schemas" / f"{table}.schema.json").write_text(
            json.dumps(schema, indent=2), encoding="utf-8"
        )
        rehash(dest)
        return -1
    elif kind == "primary-key":
        other = next(csv.reader([lines[1 if index != 1 else 2]]))
        key = schema["primaryKey"][0]
        row[header.index(key)] = other[header.index(key)]
    elif kind == "foreign-key":
        fk = schema["foreignKeys"][0]["fields"]
        name = fk[0] if isinstance(fk, list) else fk
        row[header.index(name)] = "no-such-actor"
    elif kind == "missing-cell":
        row = row[:-2]
    elif kind == "extra-cell":
        row = [*row, "surplus"]
    elif kind == "blank-row":
        row = [""] * len(header)
    else:
        raise ValueError(kind)
    out = []
    csv.writer(_Collect(out), lineterminator="").writerow(row)
    lines[index] = out[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    rehash(dest)  # the fault is in the data, not in a stale hash
    return index + 1


class _Collect:
    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)

"""A corpus of broken packages: each case breaks one thing in a copy of the real package.

tests/cli/test_cli.py pins what ``jihadistds validate`` prints for each case and how it
exits, in tests/cli/corpus_expected.json; tests/api/test_one_reader.py reads every file-level
case through every reader. A case is a name and a function that breaks the package copy in
``pkg``.

The expected output is regenerated, after a change you mean to make, with::

    python tests/corpus.py --write

and reviewed with ``git diff``. In it, ``{pkg}`` stands for the package copy's folder and
``{checked}`` for the summary's totals ("11 tables, 148 rows"), which the test reads from the
same run's report, so that adding a row or a table changes no expected line.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

Breaker = Callable[[Path], None]


def edit(relative: str, old: str, new: str, count: int = 1) -> Breaker:
    def breaker(pkg: Path) -> None:
        path = pkg / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return breaker


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(relative: str, key: str, field: str, value: str) -> Breaker:
    """Set one cell of the row whose first cell is ``key``."""

    def breaker(pkg: Path) -> None:
        rows = _rows(pkg / relative)
        row = next(r for r in rows if r[0] == key)
        row[rows[0].index(field)] = value
        _write_rows(pkg / relative, rows)

    return breaker


def append_copy(relative: str, key: str, **changes: str) -> Breaker:
    """Append a copy of the row whose first cell is ``key``, with some cells changed."""

    def breaker(pkg: Path) -> None:
        rows = _rows(pkg / relative)
        row = list(next(r for r in rows if r[0] == key))
        for field, value in changes.items():
            row[rows[0].index(field)] = value
        _write_rows(pkg / relative, [*rows, row])

    return breaker


def swap_first_rows(relative: str) -> Breaker:
    """Swap the first two data rows: out of key order, every id kept."""

    def breaker(pkg: Path) -> None:
        rows = _rows(pkg / relative)
        rows[1], rows[2] = rows[2], rows[1]
        _write_rows(pkg / relative, rows)

    return breaker


def write_bytes(relative: str, content: bytes) -> Breaker:
    def breaker(pkg: Path) -> None:
        (pkg / relative).write_bytes(content)

    return breaker


def transform_bytes(relative: str, change: Callable[[bytes], bytes]) -> Breaker:
    def breaker(pkg: Path) -> None:
        path = pkg / relative
        path.write_bytes(change(path.read_bytes()))

    return breaker


def descriptor(change: Callable[[dict], None]) -> Breaker:  # type: ignore[type-arg]
    def breaker(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return breaker


def resource(name: str, **changes: object) -> Breaker:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        res = next(r for r in data["resources"] if r["name"] == name)
        res.update(changes)

    return descriptor(change)


def symlink(relative: str, target: str) -> Breaker:
    def breaker(pkg: Path) -> None:
        path = pkg / relative
        path.unlink()
        os.symlink(target, path)

    return breaker


def outside_file(pkg: Path) -> None:
    secret = pkg.parent / "secret.csv"
    secret.write_text("place_id,name,kind,country_code,note\n", encoding="utf-8")
    symlink("data/places.csv", str(secret))(pkg)


PLACES = "data/places.csv"
COUNTS = "data/counts.csv"
SIZES = "data/group_sizes.csv"
EVENT_ACTORS = "data/event_actors.csv"

CASES: dict[str, Breaker] = {
    # File rules
    "JDS001-bom": transform_bytes(PLACES, lambda b: b"\xef\xbb\xbf" + b),
    "JDS001-latin1": transform_bytes(PLACES, lambda b: b.replace(b"Kyrgyzstan", b"Kyrgyzst\xe1n")),
    "JDS001-utf16": transform_bytes(PLACES, lambda b: b.decode("utf-8").encode("utf-16")),
    # A table no other table refers to, so that what these print does not grow with the data.
    "JDS001-empty-csv": write_bytes(EVENT_ACTORS, b""),
    "JDS001-nul": transform_bytes(PLACES, lambda b: b.replace(b"Kyrgyzstan", b"Kyrgyz\x00stan")),
    "JDS002-crlf": transform_bytes(PLACES, lambda b: b.replace(b"\n", b"\r\n")),
    "JDS002-truncated-csv": transform_bytes(
        EVENT_ACTORS, lambda b: b[: b.index(b"\n", b.index(b"\n") + 1) + 12]
    ),
    "JDS003-header-order": edit(PLACES, "place_id,name,kind", "place_id,kind,name"),
    "JDS004-space": edit(PLACES, ",Iran,", ", Iran,"),
    # In a note, which no quote need name (a name that changes is also missing from its quotes, JDS207).
    "JDS005-formula": edit(PLACES, "iran,Iran,country,IRN,\n", "iran,Iran,country,IRN,=Iran\n"),
    # A quote's end moved by one: its position no longer fits its length, which needs no text.
    "JDS118-offset": edit("data/group_sizes.csv", 'fighters",1654,1680,', 'fighters",1654,1681,'),
    # Breakages that keep every id, so that no reference from another table fails with them.
    "JDS006-order": swap_first_rows(PLACES),
    "JDS007-stray-quote": edit(PLACES, "iran,Iran,country,IRN,\n", 'iran,Iran,country,IRN,Ir"an\n'),
    "JDS006-blank-line": edit(PLACES, "\niran,", "\n\niran,"),
    # Dataset rules
    "JDS101-precision": edit(COUNTS, "2019-02,2019-03,month", "2019-02,2019-03,day"),
    "JDS102-order": edit(COUNTS, "2019-02,2019-03,month", "2019-04,2019-03,month"),
    "JDS103-vague": edit(SIZES, ",,,thousands,", ",,approximately,thousands,"),
    "JDS104-as-stated": edit(SIZES, '"up to 20,000",', "up to 20000,"),
    "JDS105-quote": set_cell(COUNTS, "count-0001", "quote", ""),
    "JDS106-duplicate": append_copy(
        SIZES, "size-0007", size_id="size-0008", note="Recorded twice."
    ),
    "JDS107-state": edit(
        "data/actors.csv", "turkey,state,Turkey,Ankara,TUR,", "turkey,state,Turkey,Ankara,,"
    ),
    "JDS108-unit": edit(
        COUNTS, "460,more_than,more than 460,attacks,", "460,more_than,more than 460,people,"
    ),
    "JDS109-self": edit(
        "data/relationships.csv",
        "rel-0001,al-qaeda,rival_of,islamic-state,",
        "rel-0001,al-qaeda,rival_of,al-qaeda,",
    ),
    "JDS110-future": edit(COUNTS, "2019-02,2019-03,month", "2019-02,2019-07,month"),
    "JDS111-value": edit(COUNTS, ",24,more_than,", ",25,more_than,"),
    "JDS112-hedge": edit(COUNTS, ",460,more_than,", ",460,exact,"),
    "JDS113-unused": edit(
        "data/actors.csv", "turkey,state,", "turkey,state,Turkey,Ankara,TUR,\nturkiye,state,"
    ),
    # Frictionless errors
    "type-error": edit(COUNTS, ",3000000,", ",3 million,"),
    "constraint-enum": edit(COUNTS, ",approximately,", ",roughly,"),
    "constraint-required": edit(PLACES, "iran,Iran,", "iran,,"),
    "constraint-pattern": edit(PLACES, "iran,Iran,country,IRN,", "iran,Iran,country,IR,"),
    "constraint-minimum": edit(COUNTS, ",3000000,", ",-3000000,"),
    "primary-key": append_copy(PLACES, "iran"),
    "foreign-key": edit(COUNTS, ",hayat-tahrir-al-sham,syria,460,", ",hts,syria,460,"),
    "missing-cell": edit(PLACES, "iran,Iran,country,IRN,", "iran,Iran,country"),
    "extra-cell": edit(PLACES, "iran,Iran,country,IRN,", "iran,Iran,country,IRN,,"),
    "duplicate-label": edit(
        PLACES, "place_id,name,kind,country_code,note", "place_id,name,kind,country_code,name"
    ),
    "missing-label": edit(
        PLACES, "place_id,name,kind,country_code,note\n", "place_id,name,kind,country_code\n"
    ),
    "extra-label": edit(
        PLACES,
        "place_id,name,kind,country_code,note\n",
        "place_id,name,kind,country_code,note,extra\n",
    ),
    "blank-label": edit(
        PLACES, "place_id,name,kind,country_code,note\n", "place_id,name,kind,,note\n"
    ),
    "unique-error": edit(
        "schemas/places.schema.json",
        '"constraints": {\n        "pattern": "^[A-Z]{3}$"',
        '"constraints": {\n        "unique": true,\n        "pattern": "^[A-Z]{3}$"',
    ),
    "schema-bad-key": edit(
        "schemas/places.schema.json",
        '"primaryKey": [\n    "place_id"\n  ]',
        '"primaryKey": [\n    "place"\n  ]',
    ),
    "schema-bad-type": edit("schemas/places.schema.json", '"type": "string"', '"type": "strin"'),
    "schema-no-fields": write_bytes("schemas/places.schema.json", b'{"primaryKey": ["place_id"]}'),
    "missing-csv": lambda pkg: (pkg / PLACES).unlink(),
    "resource-no-name": descriptor(lambda d: d["resources"][2].pop("name")),
    # Descriptor: invalid, empty, truncated JSON
    "descriptor-empty": write_bytes("datapackage.json", b""),
    # A fixed text, so that the error's line and column do not move when the package grows.
    "descriptor-truncated": write_bytes(
        "datapackage.json", b'{\n  "name": "jihadistds",\n  "resources": [\n    {"name": "sources",'
    ),
    "descriptor-not-object": write_bytes("datapackage.json", b"[1, 2, 3]"),
    "descriptor-deep": write_bytes("datapackage.json", b"[" * 100000 + b"]" * 100000),
    "descriptor-no-resources": descriptor(lambda d: d.pop("resources")),
    "descriptor-bad-version": descriptor(lambda d: d.update(version=1)),
    "schema-truncated": transform_bytes("schemas/places.schema.json", lambda b: b[:100]),
    # Safety
    "safety-dotdot": resource("places", path="../outside.csv"),
    "safety-absolute": resource("places", path="/etc/passwd"),
    "safety-url": resource("places", path="https://example.org/places.csv"),
    "safety-schema-url": resource("places", schema="https://example.org/places.schema.json"),
    "safety-symlink-out": outside_file,
    "safety-remote-profile": descriptor(
        lambda d: d.update({"$schema": "https://example.org/profile.json"})
    ),
    "safety-compressed": resource("places", path="data/places.csv.gz"),
    "safety-not-csv": resource("places", path="data/places.xlsx", format="xlsx"),
    "safety-dialect-out": resource("places", dialect="../dialect.json"),
    # Integrity: the descriptor records other bytes and another hash than the file has.
    "integrity-stale": resource("places", bytes=1, hash="sha256:" + "0" * 64),
}

# The same breakages of the places table, which others refer to: what validate prints for
# them grows with the data, so the CLI corpus does not pin them; tests/api/test_one_reader.py
# uses them.
PLACES_CASES: dict[str, Breaker] = {
    "empty-places": write_bytes(PLACES, b""),
    "truncated-places": transform_bytes(PLACES, lambda b: b[:-30]),
    "unclosed-quote-places": edit(PLACES, "iran,Iran,country,IRN,", 'iran,"Iran,country,IRN,'),
}

EXPECTED_FILE = Path(__file__).resolve().parent / "cli" / "corpus_expected.json"


def checked(tables: dict[str, int], sources: bool = False) -> str:
    """The totals a report's summary gives, as Report.summary writes them."""
    text = f"{len(tables)} tables, {sum(tables.values())} rows"
    return text + (", quotes checked against source texts" if sources else "")


def run_case(case: str, folder: Path) -> tuple[int, list[str]]:
    """Break a copy of the package in ``folder`` by ``case``, validate it; the exit code and the output, normalised.

    The folder and the package's version become ``{pkg}`` and ``{version}``, so a new release
    changes no expected output.
    """
    from click.testing import CliRunner

    from jihadistds.cli import cli

    from conftest import copy_package

    pkg = copy_package(folder, "pkg")
    CASES[case](pkg)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(pkg)])
    report = json.loads(runner.invoke(cli, ["validate", str(pkg), "--format", "json"]).output)
    output = result.output.replace(str(pkg), "{pkg}")
    if report["version"]:
        output = output.replace(f" {report['version']} at ", " {version} at ")
    lines = output.splitlines()
    if lines and report["readable"]:
        totals = f"({checked(report['tables'], report['sources_checked'])})"
        assert lines[-1].endswith(totals), (lines[-1], totals)
        lines[-1] = lines[-1][: -len(totals)] + "({checked})"
    return result.exit_code, lines


def expected_outputs() -> dict[str, dict[str, object]]:
    """What every case gives, in the shape of corpus_expected.json."""
    out: dict[str, dict[str, object]] = {}
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            code, output = run_case(case, Path(folder))
        out[case] = {"exit": code, "output": output}
    return out


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(
            "usage: python tests/corpus.py --write   (rewrites tests/cli/corpus_expected.json)",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    text = json.dumps(expected_outputs(), indent=1, ensure_ascii=False) + "\n"
    EXPECTED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {EXPECTED_FILE} ({len(CASES)} cases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

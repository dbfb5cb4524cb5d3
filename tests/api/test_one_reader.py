"""One strict reader: validate, load, records, show and every export accept and refuse the same files.

Each case breaks the places table of a package copy the way the CLI corpus does. Every path
that reads the table must then either succeed, or fail with the same error; and where they
fail, validate must report a problem at the same file (and row).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jihadistds import Package, PackageError
from jihadistds.cli import cli
from jihadistds.export import export
from jihadistds.validation import validate

from conftest import copy_package
from corpus import CASES, PLACES_CASES

# The corpus cases that break data/places.csv itself, rather than a schema or the descriptor.
BREAKS_PLACES = (
    "JDS00",
    "missing-cell",
    "extra-cell",
    "duplicate-label",
    "missing-label",
    "extra-label",
)
FILE_CASES = {
    **{
        name: breaker
        for name, breaker in CASES.items()
        if name.startswith((*BREAKS_PLACES, "blank-label", "missing-csv"))
        and name not in ("JDS001-empty-csv", "JDS002-truncated-csv")  # these break another table
    },
    **PLACES_CASES,
}


def _outcomes(pkg: Path, tmp_path: Path) -> dict[str, str]:
    """What each reading path gives for the places table: "ok", or the error it raised."""
    out: dict[str, str] = {}
    readers = {
        "load": lambda: Package(pkg).load("places"),
        "records": lambda: Package(pkg).records("places"),
        "text_rows": lambda: Package(pkg).text_rows("places"),
        **{
            f"export-{fmt}": (lambda fmt=fmt: export(Package(pkg), fmt, tmp_path / f"out-{fmt}"))
            for fmt in ("csv", "json", "sqlite", "parquet")
        },
    }
    for name, read in readers.items():
        try:
            read()
            out[name] = "ok"
        except PackageError as exc:
            out[name] = str(exc)
    for fmt in ("table", "json"):
        result = CliRunner().invoke(cli, ["show", "places", str(pkg), "--format", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        out[f"show-{fmt}"] = (
            "ok" if result.exit_code == 0 else result.output.strip().removeprefix("Error: ")
        )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("case", list(FILE_CASES))
def test_every_path_accepts_or_refuses_alike(tmp_path: Path, case: str) -> None:
    pkg = copy_package(tmp_path)
    FILE_CASES[case](pkg)
    outcomes = _outcomes(pkg, tmp_path)
    problems = validate(pkg).problems
    # The SQLite export also enforces foreign keys: where the file reads, it may refuse a broken
    # reference, which validate reports too.
    sqlite = outcomes.pop("export-sqlite")
    assert len(set(outcomes.values())) == 1, json.dumps(outcomes, indent=1)
    error = next(iter(outcomes.values()))
    if error == "ok" and sqlite != "ok":
        assert "refers to a missing row" in sqlite and any(
            p.rule == "foreign-key" for p in problems
        ), sqlite
    else:
        assert sqlite == error
    if error == "ok":
        return
    where = error.split(": ", 1)[0].split(":")
    assert any(
        p.file == where[0] and (len(where) == 1 or p.row == int(where[1])) for p in problems
    ), (error, [str(p) for p in problems])


def test_a_byte_order_mark_is_refused_everywhere_with_the_same_words(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    CASES["JDS001-bom"](pkg)
    message = "data/places.csv: the file starts with a UTF-8 byte-order mark; save it without one"
    assert set(_outcomes(pkg, tmp_path).values()) == {message}
    assert [str(p) for p in validate(pkg).problems] == [f"{message} [JDS001]"]


def _self_reference(
    pkg: Path, fields: list[str], reference: list[str], resource: str | None = None
) -> None:
    schema = pkg / "schemas" / "places.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    ref: dict[str, object] = {"fields": reference}
    if resource is not None:
        ref["resource"] = resource
    data.setdefault("foreignKeys", []).append({"fields": fields, "reference": ref})
    schema.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("resource", [None, ""], ids=["omitted", "empty"])
@pytest.mark.parametrize(
    "fields", [["place_id"], ["place_id", "name"]], ids=["one-field", "two-fields"]
)
def test_a_self_reference_works_everywhere(
    tmp_path: Path, fields: list[str], resource: str | None
) -> None:
    import sqlite3

    pkg = copy_package(tmp_path)
    _self_reference(pkg, fields, fields, resource)
    report = validate(pkg)
    assert report.valid, report.to_text()
    fk = Package(pkg).resource("places").foreign_keys[-1]
    assert (fk.fields, fk.resource, fk.reference) == (tuple(fields), "places", tuple(fields))
    database, _metadata = export(Package(pkg), "sqlite", tmp_path / "out")
    with sqlite3.connect(database) as connection:
        listed = connection.execute("PRAGMA foreign_key_list(places)").fetchall()
    assert {(row[2], row[3], row[4]) for row in listed} == {("places", f, f) for f in fields}


def test_a_broken_self_reference_is_found(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    _self_reference(pkg, ["country_code"], ["place_id"])
    found = [(p.file, p.row, p.rule) for p in validate(pkg).problems]
    assert found and {rule for _, _, rule in found} == {"foreign-key"}
    with pytest.raises(
        PackageError, match=r"^data/places.csv:\d+: the row refers to a missing row of places$"
    ):
        export(Package(pkg), "sqlite", tmp_path / "out")


def test_a_key_that_cannot_be_read_stops_the_sqlite_export_with_a_clear_error(
    tmp_path: Path,
) -> None:
    pkg = copy_package(tmp_path)
    _self_reference(pkg, ["no_such_field"], ["place_id"])
    with pytest.raises(
        PackageError,
        match=r"^schemas/places.schema.json: the keys of table 'places' cannot be read: "
        r"foreignKeys\[0\] field 'no_such_field'",
    ):
        export(Package(pkg), "sqlite", tmp_path / "out")
    assert not validate(pkg).valid

"""Shared fixtures and helpers: the checkout's data package and, where present, the source texts.

Tests are organised by layer, one folder each (read, check, validation, api, cli, dev, data, site),
and import these helpers as ``from conftest import ...`` (``tests`` is on pytest's path).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jihadistds.check.file import check_file
from jihadistds.check.problems import Problem
from jihadistds.read.csv import ReadError, Table, _columns, read_table
from jihadistds.read.descriptor import Descriptor, Resource, read_descriptor

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
TABLES = [r.name for r in read_descriptor(ROOT).resources]
# The package's version, read where it is kept: no expected output pins a release.
VERSION = read_descriptor(ROOT).version


def source_rows(root: Path = ROOT) -> list[dict[str, str]]:
    """The rows of the sources table: tests that need a source take them from here, never by name."""
    with open(root / "data" / "sources.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SOURCE_IDS = [row["source_id"] for row in source_rows()]
# Files there are for mypy to check (tests/api/test_typing.py), not for pytest to import.
collect_ignore = ["api/typing"]


@pytest.fixture(scope="session")
def descriptor() -> Descriptor:
    return read_descriptor(ROOT)


@pytest.fixture(scope="session")
def raw_tables(descriptor: Descriptor) -> dict[str, Table]:
    tables = {}
    for res in descriptor.resources:
        table = read_table(res)
        assert check_file(res, table) == []
        tables[res.name] = table
    return tables


def data_rows(table: str, root: Path = ROOT) -> int:
    """How many data rows a table's CSV holds, counted by Python's csv module (blank lines left out)."""
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for row in csv.reader(fh) if row) - 1


def file_problems(res: Resource) -> list[Problem]:
    """What the file rules find in one CSV, read as validation reads it."""
    try:
        table = read_table(res)
    except ReadError as exc:
        return check_file(res, None, exc)
    return check_file(res, table)


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(f"no source texts at {SOURCES}")
    return SOURCES


def copy_package(folder: Path, name: str = "pkg", *, integrity: bool = False) -> Path:
    """A copy of the package's files in ``folder/name``, to break on purpose.

    The copy's datapackage.json records no ``bytes`` or ``hash`` unless ``integrity`` is set:
    a test that breaks one thing in a CSV then sees that one thing, not also the file's new
    hash. Tests of the integrity check itself keep them.
    """
    dest = folder / name
    dest.mkdir()
    data = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    if not integrity:
        for res in data["resources"]:
            res.pop("bytes", None)
            res.pop("hash", None)
    (dest / "datapackage.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    return dest


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    return copy_package(tmp_path)


# A small package of made-up facts, from a made-up text, with the shipped descriptor and
# schemas: rule examples and rule tests break it, never the shipped rows, so that a change to
# the real data cannot break a test of the code.
SYNTHETIC = Path(__file__).resolve().parent / "package"
SYNTHETIC_SOURCES = SYNTHETIC / "sources"


def synthetic_package(folder: Path, name: str = "synthetic") -> Path:
    """The synthetic package in ``folder/name``: the shipped descriptor and schemas, its own rows."""
    dest = copy_package(folder, name)
    shutil.rmtree(dest / "data")
    shutil.copytree(SYNTHETIC / "data", dest / "data")
    return dest


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_package(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def synthetic_tables(synthetic: Path) -> dict[str, Table]:
    return {r.name: read_table(r) for r in read_descriptor(synthetic).resources}


def edited(
    tables: dict[str, Table], name: str, change: Callable[[list[dict[str, str]]], None]
) -> dict[str, Table]:
    """A copy of ``tables`` with table ``name``'s rows changed in memory by ``change``."""
    table = tables[name]
    rows = table.rows()
    change(rows)
    records = iter([[row[f] for f in table.fields if f in row] for row in rows])
    by_column = _columns(records, len(table.fields))
    return {**tables, name: Table(table.name, table.path, table.fields, table.fields, *by_column)}


def row_set(table: str, key: str, **changes: str) -> Callable[[dict[str, Table]], dict[str, Table]]:
    """A change to ``tables``: the row of ``table`` whose first cell is ``key`` gets ``changes``."""

    def change(rows: list[dict[str, str]]) -> None:
        next(r for r in rows if next(iter(r.values())) == key).update(changes)

    return lambda tables: edited(tables, table, change)


def case_ids(cases: list[tuple[object, str | None]]) -> list[str]:
    """Test ids for (change, expected line) cases: the rule the line names, and its place."""
    return [(c[1] or "[none]").rsplit("[", 1)[1][:-1] + "-" + str(i) for i, c in enumerate(cases)]


_RULE_AT_END = re.compile(r" \[([^\]]+)\](?: \(fixing it also clears: ([^)]*)\))?$")


def line_rules(line: str) -> set[str]:
    """The rules a report line reports: ``... [rule]``, and any it folds in, named after it as
    ``(fixing it also clears: rule xN, rule)``; empty for a line that is not a problem."""
    match = _RULE_AT_END.search(line)
    if match is None:
        return set()
    folded = {r.split(" x")[0] for r in (match.group(2) or "").split(", ") if r}
    return {match.group(1)} | folded

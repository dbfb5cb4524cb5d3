"""Shared fixtures: the checkout's data package and, where present, the source texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collections.abc import Callable

from jihadistds.tabular import Table, read_table
from jihadistds.descriptor import Descriptor, read_descriptor

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
TABLES = [r.name for r in read_descriptor(ROOT).resources]
# Files there are for mypy to check (tests/test_typing.py), not for pytest to import.
collect_ignore = ["typing"]


@pytest.fixture(scope="session")
def descriptor() -> Descriptor:
    return read_descriptor(ROOT)


@pytest.fixture(scope="session")
def raw_tables(descriptor: Descriptor) -> dict[str, Table]:
    tables = {}
    for res in descriptor.resources:
        table, problems = read_table(res)
        assert table is not None and not problems, problems
        tables[res.name] = table
    return tables


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(f"no source texts at {SOURCES}")
    return SOURCES


def copy_package(folder: Path) -> Path:
    """A copy of the package's files in ``folder/pkg``, to break on purpose."""
    dest = folder / "pkg"
    dest.mkdir()
    shutil.copy(ROOT / "datapackage.json", dest)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    return dest


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    return copy_package(tmp_path)


def edited(tables: dict[str, Table], name: str, change: Callable[[list[dict[str, str]]], None]) -> dict[str, Table]:
    """A copy of ``tables`` with table ``name``'s rows changed in memory by ``change``."""
    table = tables[name]
    rows = table.rows()
    change(rows)
    return {**tables, name: Table.from_rows(table.name, table.path, table.fields, rows)}

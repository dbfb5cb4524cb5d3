"""The recipes in docs/recipes/ for sqlite3, DuckDB and R, and every export and backend, give what load() gives.

Each recipe is read from its file as a user would download it and run as that tool runs it:
the real ``sqlite3`` shell, DuckDB's Python package, ``Rscript``. Every cell of every table is
then compared with ``load()``'s, after mapping each type the way docs/without-python.md's "Types in every
format" table says. `.ci/run` installs the sqlite3 shell and R and requires both here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from jihadistds import Package
from jihadistds.cli import cli
from jihadistds.read.descriptor import Field, Resource
from jihadistds.read.fields import is_period

from conftest import ROOT, TABLES

pytestmark = pytest.mark.slow  # R, the sqlite3 shell and DuckDB

PKG = Package(ROOT)
RECIPES = ROOT / "docs" / "recipes"


def recipe(name: str) -> str:
    """The recipe file a user downloads from docs/recipes/."""
    return (RECIPES / name).read_text(encoding="utf-8")


def expected(name: str) -> list[dict[str, Any]]:
    """load()'s rows as plain Python: str, int, float, bool, datetime.date, tuple, None."""
    frame = PKG.load(name)  # type: ignore[arg-type]
    rows = []
    for record in frame.astype(object).to_dict("records"):
        row = {}
        for k, v in record.items():
            if isinstance(v, tuple):
                row[k] = v
            elif v is None or v is pd.NaT or (not isinstance(v, tuple) and pd.isna(v)):
                row[k] = None
            elif isinstance(v, pd.Timestamp):
                row[k] = v.date()
            else:
                row[k] = v
        rows.append(row)
    return rows


def as_sqlite(res: Resource, f: Field, value: Any) -> Any:
    """A load() value as the README says SQLite holds it."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, tuple):
        return f.delimiter.join(value)
    return value


def require_tool(name: str, env: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get(env):
            pytest.fail(f"{env} is set but {name} is not installed")
        pytest.skip(f"{name} is not installed (.ci/run installs it and sets {env})")
    return path


def test_every_recipe_covers_every_table_and_column() -> None:
    for title in ("sqlite3.sql", "duckdb.sql", "load.R"):
        script = recipe(title)
        for res in PKG.descriptor.resources:
            assert res.path in script, (title, res.name)
            for f in res.fields:
                assert f.name in script, (title, res.name, f.name)


# -- DuckDB --------------------------------------------------------------------------------


def test_duckdb_recipe_gives_load_values_and_types(monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    monkeypatch.chdir(ROOT)  # the recipe runs from the folder that holds datapackage.json
    con = duckdb.connect()
    con.execute(recipe("duckdb.sql"))
    expected_types = {
        "integer": "BIGINT",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "list": "VARCHAR[]",
    }
    for res in PKG.descriptor.resources:
        types = {row[0]: row[1] for row in con.execute(f'DESCRIBE "{res.name}"').fetchall()}
        for f in res.fields:
            want = "DATE" if is_period(res, f) else expected_types.get(f.type, "VARCHAR")
            assert types[f.name] == want, (res.name, f.name)
        cursor = con.execute(f'SELECT * FROM "{res.name}"')
        got = [
            {k: tuple(v) if isinstance(v, list) else v for k, v in zip(res.field_names, row)}
            for row in cursor.fetchall()
        ]
        assert got == expected(res.name), res.name
    value = con.execute("SELECT max(value) FROM counts").fetchone()
    assert value == (3000000,)  # the README's example of a wrong answer, now right


def test_duckdb_reads_the_parquet_export_as_load_gives(tmp_path: Path) -> None:
    import duckdb

    result = CliRunner().invoke(cli, ["export", "--format", "parquet", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    for res in PKG.descriptor.resources:
        cursor = con.execute(f"SELECT * FROM read_parquet('{tmp_path / (res.name + '.parquet')}')")
        got = [
            {k: tuple(v) if isinstance(v, list) else v for k, v in zip(res.field_names, row)}
            for row in cursor.fetchall()
        ]
        assert got == expected(res.name), res.name


# -- sqlite3 -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recipe_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shell = require_tool("sqlite3", "JDS_REQUIRE_SQLITE3")
    folder = tmp_path_factory.mktemp("sqlite3")
    (folder / "load.sql").write_text(recipe("sqlite3.sql"), encoding="utf-8")
    database = folder / "jihadistds.sqlite"
    with (folder / "load.sql").open(encoding="utf-8") as script:
        run = subprocess.run(
            [shell, str(database)], stdin=script, cwd=ROOT, capture_output=True, text=True
        )
    assert run.returncode == 0 and not run.stderr, run.stderr
    return database


def sqlite_rows(database: Path, res: Resource) -> list[dict[str, Any]]:
    con = sqlite3.connect(database)
    try:
        cursor = con.execute(f'SELECT * FROM "{res.name}" ORDER BY rowid')
        return [dict(zip(res.field_names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_sqlite3_recipe_gives_load_values(recipe_database: Path) -> None:
    for res in PKG.descriptor.resources:
        want = [
            {f.name: as_sqlite(res, f, row[f.name]) for f in res.fields}
            for row in expected(res.name)
        ]
        assert sqlite_rows(recipe_database, res) == want, res.name
    con = sqlite3.connect(recipe_database)
    assert con.execute("SELECT max(value), typeof(max(value)) FROM counts").fetchone() == (
        3000000,
        "integer",
    )
    con.close()


def test_sqlite_export_holds_what_the_recipe_builds(recipe_database: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "sqlite", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for res in PKG.descriptor.resources:
        assert sqlite_rows(tmp_path / "jihadistds.sqlite", res) == sqlite_rows(
            recipe_database, res
        ), res.name


# -- R ---------------------------------------------------------------------------------------

R_DUMP = r"""
source(commandArgs(trailingOnly = TRUE)[1])
out <- commandArgs(trailingOnly = TRUE)[2]
for (name in strsplit(commandArgs(trailingOnly = TRUE)[3], ",")[[1]]) {
  df <- get(name)
  writeLines(paste(names(df), sapply(df, function(c) class(c)[1]), sep = "="),
             file.path(out, paste0(name, ".types")))
  cells <- lapply(df, function(c) {
    text <- if (inherits(c, "Date")) format(c) else if (is.numeric(c))
      format(c, scientific = FALSE, trim = TRUE) else as.character(c)
    text[is.na(c)] <- NA
    text
  })
  write.csv(as.data.frame(cells, check.names = FALSE, stringsAsFactors = FALSE),
            file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "\\N",
            fileEncoding = "UTF-8")
}
"""
R_CLASSES = {"integer": "numeric", "boolean": "logical", "date": "Date"}


def as_r(f: Field, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return f.delimiter.join(value)
    return str(value)


def test_r_recipe_gives_load_values_and_types(tmp_path: Path) -> None:
    rscript = require_tool("Rscript", "JDS_REQUIRE_R")
    (tmp_path / "load.R").write_text(recipe("load.R"), encoding="utf-8")
    (tmp_path / "dump.R").write_text(R_DUMP, encoding="utf-8")
    run = subprocess.run(
        [
            rscript,
            "--vanilla",
            str(tmp_path / "dump.R"),
            str(tmp_path / "load.R"),
            str(tmp_path),
            ",".join(TABLES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    for res in PKG.descriptor.resources:
        types = dict(
            line.split("=", 1)
            for line in (tmp_path / f"{res.name}.types").read_text(encoding="utf-8").splitlines()
        )
        for f in res.fields:
            want = "Date" if is_period(res, f) else R_CLASSES.get(f.type, "character")
            assert types[f.name] == want, (res.name, f.name)
        with (tmp_path / f"{res.name}.csv").open(encoding="utf-8", newline="") as file:
            got = [
                {k: None if v == "\\N" else v for k, v in row.items()}
                for row in csv.DictReader(file)
            ]
        want_rows = [
            {f.name: as_r(f, row[f.name]) for f in res.fields} for row in expected(res.name)
        ]
        assert got == want_rows, res.name


# -- exports and backends ------------------------------------------------------------------


def test_json_export_gives_load_values(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "json", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for res in PKG.descriptor.resources:
        got = json.loads((tmp_path / f"{res.name}.json").read_text(encoding="utf-8"))
        want = [
            {
                k: v.isoformat()
                if isinstance(v, dt.date)
                else list(v)
                if isinstance(v, tuple)
                else v
                for k, v in row.items()
            }
            for row in expected(res.name)
        ]
        assert got == want, res.name


def test_a_month_period_is_its_first_and_last_day_everywhere(tmp_path: Path) -> None:
    """The README's worked example: a month runs from its first to its last day in every format."""
    events = PKG.text_rows("events")
    month = [r for r in events if r["period_precision"] == "month"]
    assert month, "the package has a period at month precision"
    row = month[0]
    start = dt.date.fromisoformat(row["period_start"] + "-01")
    year, mon = start.year, start.month
    end_month = dt.date.fromisoformat(row["period_end"] + "-01")
    next_month = dt.date(end_month.year + end_month.month // 12, end_month.month % 12 + 1, 1)
    end = next_month - dt.timedelta(days=1)
    index = events.index(row)
    assert expected("events")[index]["period_start"] == dt.date(year, mon, 1)
    assert expected("events")[index]["period_end"] == end
    arrow = PKG.load("events", backend="arrow")
    assert arrow.column("period_start")[index].as_py() == start
    assert arrow.column("period_end")[index].as_py() == end


@pytest.mark.parametrize("backend", ["arrow", "polars"])
def test_other_backends_give_the_same_values(backend: str) -> None:
    for name in TABLES:
        table = PKG.load(name, backend=backend)  # type: ignore[call-overload]
        rows = table.to_pylist() if backend == "arrow" else table.to_dicts()
        got = [{k: tuple(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
        assert got == expected(name), (backend, name)


def test_backend_types_follow_the_schema() -> None:
    import polars as pl
    import pyarrow as pa

    for res in PKG.descriptor.resources:
        arrow = PKG.load(res.name, backend="arrow").schema  # type: ignore[arg-type]
        polars = PKG.load(res.name, backend="polars").schema  # type: ignore[arg-type]
        for f in res.fields:
            a, p = arrow.field(f.name).type, polars[f.name]
            if is_period(res, f) or f.type == "date":
                assert (a, p) == (pa.date32(), pl.Date), (res.name, f.name)
            elif f.enum:
                assert a == pa.dictionary(pa.int32(), pa.string()), (res.name, f.name)
                assert p == pl.Enum([str(v) for v in f.enum]), (res.name, f.name)
            elif f.type == "integer":
                assert (a, p) == (pa.int64(), pl.Int64)
            elif f.type == "boolean":
                assert (a, p) == (pa.bool_(), pl.Boolean)
            elif f.type == "list":
                assert (a, p) == (pa.list_(pa.string()), pl.List(pl.String))
            else:
                assert (a, p) == (pa.string(), pl.String), (res.name, f.name)


def test_an_unknown_backend_is_a_usage_error() -> None:
    from jihadistds.errors import UsageError

    with pytest.raises(UsageError, match="unknown backend 'numpy'; choose one of 'pandas'"):
        PKG.load("counts", backend="numpy")  # type: ignore[call-overload]

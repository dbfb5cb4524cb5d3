"""Recipes for reading the CSVs without Python: sqlite3, DuckDB and R, from the schemas.

Each recipe gives every column the type its Table Schema field has, a blank cell as a
missing value, and ``period_start``/``period_end`` as dates, the first and last day at
``period_precision``, which is what ``load()`` gives. They are generated, so a schema change
changes them (``python -m jihadistds.dev.docs`` writes ``docs/recipes/``), and ``tests/data/test_without_python.py``
runs them and compares every value with ``load()``.
"""

from __future__ import annotations

from ..export.sqlite import quote_name, sql_literal
from ..read.descriptor import Descriptor, Field, Resource
from ..read.fields import PERIOD_FIELDS, false_values, is_period, true_values, type_info


def _periods(res: Resource) -> list[Field]:
    return [f for f in res.fields if is_period(res, f)]


def _sqlite_bound(f: Field, precision: str) -> str:
    """SQL for a period bound as 'YYYY-MM-DD': the first day of a start, the last of an end."""
    col, p = quote_name(f.name), quote_name(precision)
    if f.name == "period_end":
        return (
            f"CASE {p} WHEN 'year' THEN {col} || '-12-31' "
            f"WHEN 'month' THEN date({col} || '-01', '+1 month', '-1 day') ELSE {col} END"
        )
    return f"CASE {p} WHEN 'year' THEN {col} || '-01-01' WHEN 'month' THEN {col} || '-01' ELSE {col} END"


def sqlite3_script(descriptor: Descriptor) -> str:
    """A script for the ``sqlite3`` shell that builds a typed database from the CSVs."""
    out = [
        "-- From the folder that holds datapackage.json:  sqlite3 jihadistds.sqlite < sqlite3.sql",
        ".bail on",
    ]
    for res in descriptor.resources:
        columns = [f"  {quote_name(f.name)} {type_info(f).sql}" for f in res.fields]
        if res.primary_key:
            columns.append(f"  PRIMARY KEY ({', '.join(map(quote_name, res.primary_key))})")
        table = quote_name(res.name)
        out.append("")
        out.append(f"CREATE TABLE {table} (\n" + ",\n".join(columns) + "\n);")
        out.append(f".import --csv --skip 1 {res.path} {res.name}")
        blanks = ",\n".join(
            f"  {quote_name(f.name)} = NULLIF({quote_name(f.name)}, '')" for f in res.fields
        )
        out.append(f"UPDATE {table} SET  -- a blank cell is NULL\n{blanks};")
        sets = []
        for f in res.fields:
            if f.type == "boolean":
                cases = [f"WHEN {sql_literal(v)} THEN 1" for v in sorted(true_values(f))]
                cases += [f"WHEN {sql_literal(v)} THEN 0" for v in sorted(false_values(f))]
                sets.append(
                    f"{quote_name(f.name)} = CASE {quote_name(f.name)} {' '.join(cases)} END"
                )
        sets += [
            f"{quote_name(f.name)} = {_sqlite_bound(f, PERIOD_FIELDS[f.name])}"
            for f in _periods(res)
        ]
        if sets:  # booleans as 1 and 0, period bounds as days
            out.append(f"UPDATE {table} SET\n" + ",\n".join(f"  {s}" for s in sets) + ";")
    return "\n".join(out) + "\n"


def _duckdb_bound(f: Field, precision: str) -> str:
    col, p = quote_name(f.name), quote_name(precision)
    first = f"CAST(CASE {p} WHEN 'year' THEN {col} || '-01-01' WHEN 'month' THEN {col} || '-01' ELSE {col} END AS DATE)"
    if f.name == "period_end":
        return (
            f"CASE {p} WHEN 'year' THEN CAST({col} || '-12-31' AS DATE) "
            f"WHEN 'month' THEN last_day(CAST({col} || '-01' AS DATE)) ELSE CAST({col} AS DATE) END"
        )
    return first


def duckdb_script(descriptor: Descriptor) -> str:
    """SQL for DuckDB that reads each CSV with every column's type stated, nothing guessed."""
    out = ["-- From the folder that holds datapackage.json:  duckdb jihadistds.duckdb < duckdb.sql"]
    for res in descriptor.resources:
        # Read as text what becomes a date (a period bound) or a list (split below).
        text = {f.name for f in _periods(res)} | {f.name for f in res.fields if f.type == "list"}
        columns = ",\n".join(
            f"    {sql_literal(f.name)}: '{'VARCHAR' if f.name in text else type_info(f).duckdb}'"
            for f in res.fields
        )
        replace = [
            f"{_duckdb_bound(f, PERIOD_FIELDS[f.name])} AS {quote_name(f.name)}"
            for f in _periods(res)
        ]
        replace += [
            f"string_split({quote_name(f.name)}, {sql_literal(f.delimiter)}) AS {quote_name(f.name)}"
            for f in res.fields
            if f.type == "list"
        ]
        select = "* REPLACE (\n" + ",\n".join(f"  {r}" for r in replace) + "\n)" if replace else "*"
        out.append("")
        out.append(
            f"CREATE TABLE {quote_name(res.name)} AS SELECT {select}\n"
            f"FROM read_csv({sql_literal(res.path)}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"',\n  columns = {{\n{columns}\n  }});"
        )
    return "\n".join(out) + "\n"


def r_script(descriptor: Descriptor) -> str:
    """Base R (no packages) that reads each CSV into a data frame with its columns typed."""
    out = [
        '# From the folder that holds datapackage.json: source("load.R"), or Rscript load.R',
        "# A period bound as a Date: the first day of a start, the last day of an end.",
        "start_date <- function(x, precision) {",
        '  full <- ifelse(precision == "year", paste0(x, "-01-01"),',
        '                 ifelse(precision == "month", paste0(x, "-01"), x))',
        '  as.Date(ifelse(is.na(x), NA_character_, full), format = "%Y-%m-%d")',
        "}",
        "end_date <- function(x, precision) {",
        "  first <- start_date(x, precision)",
        '  after <- ifelse(precision == "year", paste0(as.integer(substr(x, 1, 4)) + 1L, "-01-01"),',
        '                  ifelse(precision == "month", format(first + 31, "%Y-%m-01"), format(first + 1)))',
        '  as.Date(ifelse(is.na(x), NA_character_, after), format = "%Y-%m-%d") - 1',
        "}",
        "read_table <- function(path, types) {",
        '  read.csv(path, colClasses = types, na.strings = "", fileEncoding = "UTF-8",',
        "           check.names = FALSE, strip.white = FALSE)",
        "}",
    ]
    for res in descriptor.resources:
        types = ", ".join(f"{f.name} = {_r_text(type_info(f).r)}" for f in res.fields)
        out.append("")
        out.append(f"{res.name} <- read_table({_r_text(res.path)}, c({types}))")
        for f in _periods(res):
            helper = "end_date" if f.name == "period_end" else "start_date"
            precision = PERIOD_FIELDS[f.name]
            out.append(
                f"{res.name}${f.name} <- {helper}({res.name}${f.name}, {res.name}${precision})"
            )
    return "\n".join(out) + "\n"


def _r_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def recipes(descriptor: Descriptor) -> dict[str, str]:
    """Each recipe's file name under ``docs/recipes/`` and its text."""
    return {
        "sqlite3.sql": sqlite3_script(descriptor),
        "duckdb.sql": duckdb_script(descriptor),
        "load.R": r_script(descriptor),
    }

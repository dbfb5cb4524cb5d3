"""Writing the tables out as CSV, JSON, Parquet or SQLite, typed by their schemas."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from .tabular import Table, read_table, require_rows
from .descriptor import Resource
from .errors import JihadistdsError, PackageError
from .fields import format_cell, parse_cell, required
from .package import Package

FORMATS = ("csv", "json", "parquet", "sqlite")
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT", "list": "TEXT"}


class ExportError(JihadistdsError):
    """An export that cannot be made: a missing optional dependency, or a file in the way."""


# File rules whose breach means the text cannot be trusted to hold the table.
FATAL = {"JDS001", "JDS900"}


def raw(res: Resource) -> Table:
    """``res`` read as text, refusing a file that cannot be read whole, or a row with too few or many cells."""
    table, problems = read_table(res)
    fatal = [p for p in problems if p.rule in FATAL]
    if table is None or fatal:
        first = (fatal or problems)[0]
        raise PackageError(first.message, file=first.file, row=first.row, field=first.field)
    require_rows(res.path, table.fields, table.labels, table.counts)
    return table


def typed_rows(res: Resource, table: Table) -> list[dict[str, Any]]:
    """Each row with its cells parsed by the schema: integers, booleans, dates, tuples, None."""
    from .fields import CellError

    out = []
    for i, row in enumerate(table.rows()):
        values = {}
        for f in res.fields:
            try:
                values[f["name"]] = parse_cell(f, row.get(f["name"], ""))
            except CellError as exc:
                raise PackageError(str(exc), file=res.path, row=table.row_number(i), field=f["name"]) from None
        out.append(values)
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def rows_as_json(res: Resource, table: Table) -> list[dict[str, Any]]:
    return [{k: _json_value(v) for k, v in row.items()} for row in typed_rows(res, table)]


def _target(output: Path, name: str, force: bool) -> Path:
    path = output / name
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    return path


def export(pkg: Package, fmt: str, output: Path, *, force: bool = False) -> list[Path]:
    """Write every table of ``pkg`` to ``output`` in ``fmt``; returns the files written."""
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise ExportError('Parquet export needs pyarrow: pip install "jihadistds[parquet]"')
    output.mkdir(parents=True, exist_ok=True)
    resources = pkg.descriptor.resources
    written: list[Path] = []
    if fmt == "csv":
        # The whole data package, so the export stays self-describing and valid.
        sources = [(pkg.descriptor.path, pkg.descriptor.path.name)]
        sources += [(res.file, res.path) for res in resources]
        sources += [(pkg.descriptor.root / res.schema_path, res.schema_path) for res in resources if res.schema_path]
        for source, relative in sources:
            target = _target(output, relative, force)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
    elif fmt == "json":
        for res in resources:
            target = _target(output, f"{res.name}.json", force)
            target.write_text(json.dumps(rows_as_json(res, raw(res)), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(target)
    elif fmt == "parquet":
        for res in resources:
            target = _target(output, f"{res.name}.parquet", force)
            frame = pkg.load(res.name)
            for f in res.fields:
                if f.get("type") == "list":
                    frame[f["name"]] = frame[f["name"]].map(lambda v: list(v) if isinstance(v, tuple) else None)
            frame.to_parquet(target, index=False)
            written.append(target)
    elif fmt == "sqlite":
        target = _target(output, "jihadistds.sqlite", force)
        target.unlink(missing_ok=True)
        write_sqlite(resources, target)
        written.append(target)
    else:
        raise ExportError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    return written


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(res: Resource) -> str:
    """``CREATE TABLE`` with column types, NOT NULL, enum CHECKs, and primary and foreign keys."""
    columns = []
    for f in res.fields:
        t = f.get("type", "string")
        column = f"{_quote(f['name'])} {SQL_TYPES.get(t, 'TEXT')}"
        if required(f):
            column += " NOT NULL"
        enum = f.get("constraints", {}).get("enum")
        if enum:
            column += f" CHECK ({_quote(f['name'])} IN ({', '.join(_sql_literal(v) for v in enum)}))"
        if t == "boolean":
            column += f" CHECK ({_quote(f['name'])} IN (0, 1))"
        columns.append(column)
    if res.primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(map(_quote, res.primary_key))})")
    for fk in res.schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        columns.append(f"FOREIGN KEY ({', '.join(map(_quote, fields))}) REFERENCES {_quote(ref['resource'] or res.name)} ({', '.join(map(_quote, ref_fields))})")
    return f"CREATE TABLE {_quote(res.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def _sql_literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _sql_value(field: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    t = field.get("type", "string")
    if t == "boolean":
        return int(value)
    if t in ("date", "list"):
        return format_cell(field, value)
    return value


def write_sqlite(resources: list[Resource], target: Path) -> None:
    """One SQLite database holding every table, its keys enforced and checked."""
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            connection.execute("PRAGMA defer_foreign_keys = ON")
            for res in resources:
                connection.execute(create_table_sql(res))
            for res in resources:
                placeholders = ", ".join("?" for _ in res.fields)
                sql = f"INSERT INTO {_quote(res.name)} VALUES ({placeholders})"
                rows = typed_rows(res, raw(res))
                connection.executemany(sql, [[_sql_value(f, row[f["name"]]) for f in res.fields] for row in rows])
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise PackageError(f"row {rowid} refers to a missing row of {parent}", file=str(table))
    except sqlite3.DatabaseError as exc:
        raise PackageError(f"cannot write the SQLite export: {exc}", file=str(target)) from None
    finally:
        connection.close()

"""The SQLite export: one database, typed columns, NOT NULL, enum CHECKs, primary and foreign keys enforced."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Set
from pathlib import Path
from typing import Any

from ..errors import PackageError, json_text
from ..loaders.records import typed_rows
from ..package import Package
from ..read.descriptor import Field, Resource
from ..read.fields import format_cell, type_info
from .target import target


def quote_name(name: str) -> str:
    """An SQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: object) -> str:
    """An SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def create_table_sql(res: Resource, referenced: Set[tuple[str, ...]] = frozenset()) -> str:
    """``CREATE TABLE`` with column types, NOT NULL, enum CHECKs, and primary and foreign keys.

    ``referenced`` are the column sets of this table that foreign keys refer to: SQLite needs
    each to be the primary key or UNIQUE.
    """
    columns = []
    for f in res.fields:
        column = f"{quote_name(f.name)} {type_info(f).sql}"
        if f.required:
            column += " NOT NULL"
        if f.enum:
            column += (
                f" CHECK ({quote_name(f.name)} IN ({', '.join(sql_literal(v) for v in f.enum)}))"
            )
        if f.type == "boolean":
            column += f" CHECK ({quote_name(f.name)} IN (0, 1))"
        columns.append(column)
    if res.primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(map(quote_name, res.primary_key))})")
    for key in sorted(referenced - {res.primary_key}):
        columns.append(f"UNIQUE ({', '.join(map(quote_name, key))})")
    for fk in res.foreign_keys:
        columns.append(
            f"FOREIGN KEY ({', '.join(map(quote_name, fk.fields))}) REFERENCES {quote_name(fk.resource)} "
            f"({', '.join(map(quote_name, fk.reference))})"
        )
    return f"CREATE TABLE {quote_name(res.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def _sql_value(field: Field, value: Any) -> Any:
    """A value as SQLite stores it: a date (a date field, or a period bound) as ISO text,
    SQLite's dates; a list as its CSV text; a boolean is already 0 or 1."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return format_cell(field, value) if isinstance(value, tuple) else value


def write_sqlite(pkg: Package, output: Path, force: bool) -> list[Path]:
    """The database, and beside it ``metadata.json`` for Datasette: ``datasette
    jihadistds.sqlite --metadata metadata.json`` shows its licence, its sources and what
    each table and column holds."""
    path = target(output, "jihadistds.sqlite", force)
    metadata = target(output, "metadata.json", force)
    path.unlink(missing_ok=True)
    write_database(pkg.descriptor.resources, path)
    metadata.write_text(json_text(datasette_metadata(pkg, path.stem)) + "\n", encoding="utf-8")
    return [path, metadata]


def datasette_metadata(pkg: Package, database: str) -> dict[str, Any]:
    """The package described in Datasette's metadata format: title, description, licence and
    sources for the instance, and each table's title, description and columns' descriptions."""
    data = pkg.descriptor.data
    raw = data.get("licenses")
    licences = [lic for lic in raw if isinstance(lic, dict)] if isinstance(raw, list) else []
    licence = licences[0] if licences else {}
    sources = pkg.text_rows("sources") if "sources" in pkg.resources() else []
    source = sources[0] if len(sources) == 1 else {}
    titles = {r.get("name"): r for r in data["resources"] if isinstance(r, dict)}
    meta: dict[str, Any] = {
        "title": str(data.get("title") or data.get("name") or ""),
        "description": str(data.get("description") or ""),
        "license": str(licence.get("name") or licence.get("title") or ""),
        "license_url": str(licence.get("path") or ""),
        "source": str(source.get("original_title") or source.get("title") or "")
        or f"{len(sources)} sources: the sources table",
        "source_url": str(source.get("original_url") or source.get("url") or ""),
        "databases": {
            database: {
                "tables": {
                    res.name: {
                        "title": str(titles.get(res.name, {}).get("title") or res.name),
                        "description": str(titles.get(res.name, {}).get("description") or ""),
                        "columns": {f.name: f.description for f in res.fields if f.description},
                    }
                    for res in pkg.descriptor.resources
                }
            }
        },
    }
    return {k: v for k, v in meta.items() if v != ""}


def write_database(resources: list[Resource], path: Path) -> None:
    """One SQLite database holding every table, its keys enforced and checked.

    Rows are inserted with foreign keys off, then every reference is checked at once, so a
    row that refers to a missing one is reported by table and row, not as SQLite's bare
    "FOREIGN KEY constraint failed".
    """
    for res in resources:
        res.require_keys()
    referenced: dict[str, set[tuple[str, ...]]] = {}
    for res in resources:
        for fk in res.foreign_keys:
            referenced.setdefault(fk.resource, set()).add(fk.reference)
    by_name = {res.name: res for res in resources}
    connection = sqlite3.connect(path)
    try:
        with connection:
            for res in resources:
                connection.execute(create_table_sql(res, referenced.get(res.name, set())))
            for res in resources:
                placeholders = ", ".join("?" for _ in res.fields)
                sql = f"INSERT INTO {quote_name(res.name)} VALUES ({placeholders})"
                rows = typed_rows(res, periods=True)
                connection.executemany(
                    sql, [[_sql_value(f, row[f.name]) for f in res.fields] for row in rows]
                )
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise PackageError(f"cannot write the SQLite export: {exc}", file=str(path)) from None
    connection.close()
    if broken:
        path.unlink(missing_ok=True)  # a database whose keys do not hold is not an export
        table, rowid, parent, _ = broken[0]
        # Rows are inserted in file order, so rowid n is physical row n + 1 (after the header).
        raise PackageError(
            f"the row refers to a missing row of {parent}", file=by_name[table].path, row=rowid + 1
        )

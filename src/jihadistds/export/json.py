"""The JSON export: one file per table, an array of objects with typed values."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..errors import PackageError, json_text
from ..loaders.records import typed_rows
from ..package import Package
from ..read.descriptor import Resource
from .target import target


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def rows_as_json(res: Resource) -> list[dict[str, Any]]:
    """Each row of ``res`` as JSON-ready values: lists for list fields, ISO text for dates, ``None`` for blanks.

    JSON has no ``NaN`` or infinity, and a blank is ``null``: a number cell written ``NaN`` or
    ``INF`` is a :class:`PackageError` naming its row, never a non-standard token or a null.
    """
    rows = []
    for i, row in enumerate(typed_rows(res, periods=True)):
        for name, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                raise PackageError(
                    f"{value} cannot be written as JSON, which has no NaN or infinity; "
                    "use --format csv, parquet or sqlite",
                    file=res.path,
                    row=i + 2,
                    field=name,
                )
        rows.append({k: _json_value(v) for k, v in row.items()})
    return rows


def write_json(pkg: Package, output: Path, force: bool) -> list[Path]:
    written = []
    for res in pkg.descriptor.resources:
        path = target(output, f"{res.name}.json", force)
        path.write_text(json_text(rows_as_json(res)) + "\n", encoding="utf-8")
        written.append(path)
    return written

"""The JSON export: one file per table, an array of objects with typed values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    """Each row of ``res`` as JSON-ready values: lists for list fields, ISO text for dates, ``None`` for blanks."""
    return [{k: _json_value(v) for k, v in row.items()} for row in typed_rows(res, periods=True)]


def write_json(pkg: Package, output: Path, force: bool) -> list[Path]:
    written = []
    for res in pkg.descriptor.resources:
        path = target(output, f"{res.name}.json", force)
        path.write_text(
            json.dumps(rows_as_json(res), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written

"""Writing the tables out as CSV, JSON, Parquet or SQLite, typed by their schemas.

Every writer reads through the package's one strict reader, so an export refuses exactly the
files ``load`` and ``records`` refuse.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..package import Package
from .csv import write_csv
from .json import write_json
from .parquet import write_parquet
from .sqlite import write_sqlite
from .target import ExportError

FORMATS = ("csv", "json", "parquet", "sqlite")


def export(pkg: Package, fmt: str, output: Path, *, force: bool = False) -> list[Path]:
    """Write every table of ``pkg`` to ``output`` in ``fmt``; returns the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise ExportError('Parquet export needs pyarrow: pip install "jihadistds[parquet]"')
    output.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return write_csv(pkg, output, force)
    if fmt == "json":
        return write_json(pkg, output, force)
    if fmt == "parquet":
        return write_parquet(pkg, output, force)
    return write_sqlite(pkg, output, force)


__all__ = ["FORMATS", "ExportError", "export"]

"""Writing the tables out as CSV, JSON, Parquet or SQLite, typed by their schemas.

Every writer reads through the package's one strict reader, so an export refuses exactly the
files ``load`` and ``records`` refuse.
"""

from __future__ import annotations

from pathlib import Path

from ..package import Package
from .csv import write_csv
from .json import write_json
from .parquet import write_parquet
from .sqlite import write_sqlite
from .target import ExportError

WRITERS = {"csv": write_csv, "json": write_json, "parquet": write_parquet, "sqlite": write_sqlite}
FORMATS = tuple(WRITERS)


def export(pkg: Package, fmt: str, output: Path, *, force: bool = False) -> list[Path]:
    """Write every table of ``pkg`` to ``output`` in ``fmt``; returns the files written."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    output.mkdir(parents=True, exist_ok=True)
    return WRITERS[fmt](pkg, output, force)


__all__ = ["FORMATS", "ExportError", "export"]

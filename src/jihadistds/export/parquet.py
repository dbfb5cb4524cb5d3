"""The Parquet export: one file per table, the Arrow tables ``load(name, backend="arrow")`` gives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..package import Package
from .target import target

if TYPE_CHECKING:
    from .._generated.tables import TableName


def write_parquet(pkg: Package, output: Path, force: bool) -> list[Path]:
    import pyarrow.parquet as pq

    written = []
    for res in pkg.descriptor.resources:
        path = target(output, f"{res.name}.parquet", force)
        table = pkg.load(cast("TableName", res.name), backend="arrow")  # a fork's own tables too
        pq.write_table(table, path)
        written.append(path)
    return written

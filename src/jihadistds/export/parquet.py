"""The Parquet export: one file per table, from the typed DataFrames ``load`` gives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..package import Package
from .target import target

if TYPE_CHECKING:
    from .._generated.tables import TableName


def write_parquet(pkg: Package, output: Path, force: bool) -> list[Path]:
    written = []
    for res in pkg.descriptor.resources:
        path = target(output, f"{res.name}.parquet", force)
        frame = pkg.load(cast("TableName", res.name))  # a fork's own tables too
        for f in res.fields:
            if f.type == "list":
                frame[f.name] = frame[f.name].map(
                    lambda v: list(v) if isinstance(v, tuple) else None
                )
        frame.to_parquet(path, index=False)
        written.append(path)
    return written

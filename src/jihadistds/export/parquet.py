"""The Parquet export: one file per table, from the typed DataFrames ``load`` gives."""

from __future__ import annotations

from pathlib import Path

from ..package import Package
from .target import target


def write_parquet(pkg: Package, output: Path, force: bool) -> list[Path]:
    written = []
    for res in pkg.descriptor.resources:
        path = target(output, f"{res.name}.parquet", force)
        frame = pkg.load(res.name)
        for f in res.fields:
            if f.type == "list":
                frame[f.name] = frame[f.name].map(
                    lambda v: list(v) if isinstance(v, tuple) else None
                )
        frame.to_parquet(path, index=False)
        written.append(path)
    return written

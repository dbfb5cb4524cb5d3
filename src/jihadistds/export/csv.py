"""The CSV export: the whole data package, copied, so that it stays self-describing and valid."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..package import Package
from ..read.csv import read_strict
from .target import target


def write_csv(pkg: Package, output: Path, force: bool) -> list[Path]:
    resources = pkg.descriptor.resources
    for res in resources:
        read_strict(res)  # refuse what every other reader refuses
    written = []
    for source, relative in pkg.descriptor.files():
        path = target(output, relative, force)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        written.append(path)
    return written

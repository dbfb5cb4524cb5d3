"""jihadistds: structured, validated, source-attributed facts about jihadist groups.

>>> import jihadistds
>>> jihadistds.resources()[:2]
['sources', 'actors']
>>> sizes = jihadistds.load("group_sizes")            # a typed pandas DataFrame
>>> hts = jihadistds.records("actors")[0]             # frozen pydantic records
>>> jihadistds.validate().valid
True

Importing this module is cheap: pandas, pydantic and frictionless are imported on first use.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ._tables import TABLE_NAMES, TableName
from .errors import JihadistdsError, PackageError, UnknownTableError
from .package import Package

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "TABLE_NAMES",
    "JihadistdsError",
    "Package",
    "PackageError",
    "TableName",
    "UnknownTableError",
    "__version__",
    "load",
    "load_all",
    "records",
    "resources",
    "to_csv",
    "validate",
]

_installed = Package()

resources = _installed.resources
load = _installed.load
load_all = _installed.load_all
records = _installed.records
to_csv = _installed.to_csv


def validate(path: str | os.PathLike[str] | None = None, *, sources: str | os.PathLike[str] | None = None) -> Report:
    """Validate a data package (the installed copy by default) and return the report.

    ``path`` is a folder holding ``datapackage.json`` or the file itself; ``sources`` a folder
    of source texts to check quotes against. Bad input is reported, never raised.
    """
    from .validation import validate as run

    return run(path, sources=sources)


def __getattr__(name: str) -> Any:
    # The version is read from the installed metadata, which came from datapackage.json.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("jihadistds")
        except PackageNotFoundError:
            return _installed.version
    raise AttributeError(f"module 'jihadistds' has no attribute {name!r}")

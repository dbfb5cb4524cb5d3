"""jihadistds: structured, validated, source-attributed facts about jihadist groups.

>>> import jihadistds
>>> jihadistds.resources()[:2]
['sources', 'actors']
>>> sizes = jihadistds.load("group_sizes")  # a typed pandas DataFrame
>>> hts = jihadistds.records("actors")[0]  # frozen pydantic records
>>> jihadistds.validate().valid
True

Importing this module is cheap: pandas, pyarrow, numpy, pydantic and frictionless are
imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._generated.tables import TABLE_NAMES, TableName
from .errors import JihadistdsError, PackageError, UnknownTableError

if TYPE_CHECKING:
    from .package import Package
    from .validation import validate

    # The functions below are the installed copy's bound methods, created on first use.
    _installed: Package = Package()
    resources = _installed.resources
    load = _installed.load
    load_all = _installed.load_all
    records = _installed.records
    to_csv = _installed.to_csv

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

_BOUND = {"resources", "load", "load_all", "records", "to_csv"}


def __dir__() -> list[str]:
    """The public API, for tab completion: not the names this module imports for itself."""
    return sorted(__all__)


_default: Any = None


# This module and the CLI are the front doors: they import the layers below on first use, so
# that `import jihadistds` and `jihadistds --help` cost little more than Python and click.
def __getattr__(name: str) -> Any:
    global _default
    if name == "Package":
        from .package import Package

        return Package
    if name == "validate":
        from .validation import validate

        return validate
    if name in _BOUND:
        if _default is None:
            from .package import Package

            _default = Package()
        return getattr(_default, name)
    if name == "__version__":
        from .version import package_version

        return package_version()
    raise AttributeError(f"module 'jihadistds' has no attribute {name!r}")

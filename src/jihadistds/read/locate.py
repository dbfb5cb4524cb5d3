"""Where the installed copy of the data package lives.

A wheel carries the package under ``jihadistds/_data`` (hatchling's ``force-include``). An
editable install (``pip install -e .``) has no such folder, since its copies are not where
``importlib.resources`` looks, so there the checkout's own files, two levels above the
package, are the live data.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PackageError

DESCRIPTOR = "datapackage.json"


def installed_root() -> Path:
    """The folder holding the installed ``datapackage.json``."""
    here = Path(__file__).resolve().parent.parent  # the jihadistds package folder
    bundled = here / "_data"
    if (bundled / DESCRIPTOR).is_file():
        return bundled
    checkout = here.parent.parent
    if (checkout / DESCRIPTOR).is_file() and (checkout / "src" / "jihadistds").is_dir():
        return checkout
    raise PackageError(
        "the data package is not installed with jihadistds: no _data folder in the installed "
        "package and no checkout around it",
        file=str(bundled),
    )

"""The package's version, cheaply: written at build time from datapackage.json (the one source)."""

from __future__ import annotations

import json

from .errors import JihadistdsError
from .read.locate import DESCRIPTOR, installed_root


def package_version() -> str:
    """The installed package's version; the checkout's data version when not built."""
    try:
        from ._version import __version__

        return str(__version__)
    except ImportError:  # a plain checkout never built or installed: its data's version is the one
        return data_version()


def data_version() -> str:
    """The version in the installed datapackage.json."""
    try:
        descriptor = installed_root() / DESCRIPTOR
        return str(json.loads(descriptor.read_text(encoding="utf-8")).get("version", "unknown"))
    except (JihadistdsError, OSError, ValueError):
        return "missing"


__all__ = ["data_version", "package_version"]

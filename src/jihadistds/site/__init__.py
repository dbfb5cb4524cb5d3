"""The static site: ``build_site`` (``jihadistds site -o DIR [PATH]``)."""

from __future__ import annotations

from .build import build_site
from .page import PAGE_ROWS

__all__ = ["PAGE_ROWS", "build_site"]

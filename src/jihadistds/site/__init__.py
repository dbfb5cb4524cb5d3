"""The static site: ``build_site`` (``jihadistds site -o DIR [PATH]``)."""

from __future__ import annotations

from .build import PAGE_ROWS, build_site

__all__ = ["PAGE_ROWS", "build_site"]

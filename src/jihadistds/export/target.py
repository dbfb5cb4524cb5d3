"""Where an export writes, and the error it raises when it cannot."""

from __future__ import annotations

from pathlib import Path

from ..errors import JihadistdsError


class ExportError(JihadistdsError):
    """An export that cannot be made: a missing optional dependency, or a file in the way."""


def target(output: Path, name: str, force: bool) -> Path:
    """``output / name``, unless a file is already there and ``force`` is not given."""
    path = output / name
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    return path

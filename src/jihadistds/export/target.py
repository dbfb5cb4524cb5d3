"""Where an export writes, and the error it raises when it cannot."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import JihadistdsError

_PLAIN = re.compile(r"^[A-Za-z0-9._-]+$")


class ExportError(JihadistdsError):
    """An export that cannot be made: a missing optional dependency, or a file in the way."""


def target(output: Path, name: str, force: bool) -> Path:
    """``output / name``, unless a file is already there and ``force`` is not given.

    ``name`` comes from the package (a table's name, a file's relative path): one that is
    not plain (``../x``, an absolute path, a hidden file) is refused, so an export writes
    only inside ``output``.
    """
    if not all(
        _PLAIN.match(part) and not part.startswith(".") and len(part) <= 200
        for part in name.split("/")
    ):
        raise ExportError(
            f"{name!r} cannot be written as a file inside {output}: names of tables and "
            "files to export must be letters, digits, '.', '_' and '-' (and '/' between "
            "folders), at most 200 to a name"
        )
    path = output / name
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    return path

"""The bytes and SHA-256 of each CSV, as ``datapackage.json`` records them for direct downloads.

A resource may carry ``bytes`` (its size) and ``hash`` (``sha256:<hex>``, or bare hex for
MD5, as Data Package v2 and frictionless read it). Frictionless reports a file that differs
(``byte-count``, ``hash-count``); ``jihadistds rehash`` writes what :func:`file_stats` reads.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .descriptor import Descriptor, read_descriptor


def file_stats(path: Path) -> tuple[int, str]:
    """The file's size and SHA-256, read once."""
    with open(path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        return fh.tell(), digest


def rehash(root: Path | str, *, write: bool = True) -> list[str]:
    """Record every CSV's ``bytes`` and SHA-256 ``hash`` in ``datapackage.json``; the names of those that changed.

    With ``write=False`` nothing is written: the names say what a rewrite would change.
    """
    descriptor: Descriptor = read_descriptor(root)
    data = json.loads(descriptor.path.read_text(encoding="utf-8"))
    changed = []
    for res, raw in zip(descriptor.resources, data["resources"]):
        size, digest = file_stats(res.file)
        new = {"bytes": size, "hash": f"sha256:{digest}"}
        if {k: raw.get(k) for k in new} != new:
            changed.append(res.name)
            raw.update(new)
    if changed and write:
        descriptor.path.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return changed


__all__ = ["file_stats", "rehash"]

"""The bytes and SHA-256 of each CSV, as ``datapackage.json`` records them for direct downloads.

A resource may carry ``bytes`` (its size) and ``hash`` (``sha256:<hex>``, or bare hex for
MD5, as Data Package v2 and frictionless read it). Both engines report a file that differs as
frictionless does (``byte-count``, ``hash-count``); :func:`recorded_stats` and
:func:`file_stats` are what they compare, and ``jihadistds rehash`` writes them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .descriptor import Descriptor, read_descriptor

ALGORITHMS = ("md5", "sha256")  # what frictionless checks; it ignores any other with a warning
CHUNK = 1 << 20


@dataclass(frozen=True)
class Stats:
    """A file's size and digest under one algorithm."""

    bytes: int
    algorithm: str
    digest: str


def parse_hash(value: str) -> tuple[str, str]:
    """(algorithm, digest) of a resource's ``hash``: ``sha256:ab..``, or bare hex for MD5."""
    algorithm, sep, digest = value.partition(":")
    return ("md5", value) if not sep else (algorithm, digest)


def file_stats(path: Path, algorithm: str = "sha256") -> Stats:
    """The file's size and its digest, read in 1 MiB chunks."""
    digest = hashlib.new(algorithm)
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Stats(size, algorithm, digest.hexdigest())


def recorded_stats(raw: dict[str, Any]) -> tuple[int | None, tuple[str, str] | None]:
    """What one resource's descriptor records: its ``bytes`` and its (algorithm, digest)."""
    size = raw.get("bytes")
    value = raw.get("hash")
    return (
        size if isinstance(size, int) and not isinstance(size, bool) and size else None,
        parse_hash(value) if isinstance(value, str) and value else None,
    )


def differences(raw: dict[str, Any], path: Path) -> list[tuple[str, str, str]]:
    """Where the file differs from what ``raw`` records, as frictionless words it: (type, expected, actual).

    An algorithm frictionless does not check is not checked here either.
    """
    size, digest = recorded_stats(raw)
    if digest is not None and digest[0] not in ALGORITHMS:
        digest = None
    out = []
    if digest is not None:  # the file is read once, for its digest and its size
        actual = file_stats(path, digest[0])
        actual_bytes = actual.bytes
        if digest[1] != actual.digest:
            out.append(("hash-count", digest[1], actual.digest))
    elif size is not None:  # the size alone needs no read
        actual_bytes = path.stat().st_size
    else:
        return []
    if size is not None and size != actual_bytes:
        out.append(("byte-count", str(size), str(actual_bytes)))
    return out


def rehash(root: Path | str, *, write: bool = True) -> list[str]:
    """Record every CSV's ``bytes`` and SHA-256 ``hash`` in ``datapackage.json``; the names of those that changed.

    With ``write=False`` nothing is written: the names say what a rewrite would change.
    """
    descriptor: Descriptor = read_descriptor(root)
    data = json.loads(descriptor.path.read_text(encoding="utf-8"))
    changed = []
    for res, raw in zip(descriptor.resources, data["resources"]):
        stats = file_stats(res.file)
        new = {"bytes": stats.bytes, "hash": f"sha256:{stats.digest}"}
        if {k: raw.get(k) for k in new} != new:
            changed.append(res.name)
            raw.update(new)
    if changed and write:
        descriptor.path.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return changed


__all__ = ["Stats", "differences", "file_stats", "parse_hash", "recorded_stats", "rehash"]

"""The bytes and SHA-256 of each CSV, as ``datapackage.json`` records them for direct downloads.

A resource may carry ``bytes`` (its size) and ``hash`` (``sha256:<hex>``, or bare hex for
MD5, as Data Package v2 and frictionless read it). Frictionless reports a file that differs
(``byte-count``, ``hash-count``); ``jihadistds rehash`` writes what :func:`file_stats` reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from ..errors import PackageError
from .descriptor import Descriptor, read_descriptor


def file_stats(path: Path) -> tuple[int, str]:
    """The file's size and SHA-256, read once."""
    with open(path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        return fh.tell(), digest


def rehash(root: Path | str, *, write: bool = True) -> list[str]:
    """Record every CSV's ``bytes`` and SHA-256 ``hash`` in ``datapackage.json``; the names of those that changed.

    Only those two values change: every other byte of the descriptor (numbers as written, key
    order, layout, escapes) is kept, and the new file replaces the old in one rename, so that an
    interrupted run leaves the old one whole. With ``write=False`` nothing is written: the names
    say what a rewrite would change.
    """
    descriptor: Descriptor = read_descriptor(root)
    path = descriptor.path.resolve()
    text = path.read_bytes().decode("utf-8")  # read_descriptor has read it as strict JSON
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), spans of ``text``
    changed = []
    for res, obj in zip(descriptor.resources, _resource_objects(text), strict=True):
        size, digest = file_stats(res.file)
        new = {"bytes": str(size), "hash": json.dumps(f"sha256:{digest}")}
        stale = {k: v for k, v in new.items() if k not in obj.values or obj.value(k) != v}
        if stale:
            changed.append(res.name)
            edits += obj.edits(stale)
    if changed and write:
        for start, end, new_text in sorted(edits, reverse=True):
            text = text[:start] + new_text + text[end:]
        _replace(path, text)
    return changed


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]


@dataclass
class _Object:
    """Where a JSON object's members sit in the text it was read from."""

    text: str
    values: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> value span
    after: int = 0  # where a new member goes: after the last value, or after the ``{``
    indent: str = " "  # what precedes the last key, after its comma
    colon: str = ": "  # what separates the last key from its value

    def value(self, key: str) -> Any:
        start, end = self.values[key]
        return json.dumps(json.loads(self.text[start:end]))

    def edits(self, new: dict[str, str]) -> list[tuple[int, int, str]]:
        out = [(*self.values[k], v) for k, v in new.items() if k in self.values]
        added = [f"{json.dumps(k)}{self.colon}{v}" for k, v in new.items() if k not in self.values]
        if added:
            sep = "," + self.indent
            lead = sep if self.values else self.indent
            out.append((self.after, self.after, lead + sep.join(added)))
        return out


def _object(text: str, i: int) -> _Object:
    """The members of the object whose ``{`` is at ``text[i]``."""
    obj = _Object(text, after=i + 1)
    lead = i + 1  # where the next member's leading space starts: after ``{`` or a comma
    i = _skip(text, lead)
    while text[i] != "}":
        key_start = i
        key, i = scanstring(text, i + 1)
        colon_end = _skip(text, _skip(text, i) + 1)
        obj.indent, obj.colon = text[lead:key_start], text[i:colon_end]
        _, end = _DECODER.raw_decode(text, colon_end)
        obj.values[key], obj.after = (colon_end, end), end
        i = _skip(text, end)
        if text[i] == ",":
            lead = i + 1
            i = _skip(text, lead)
    return obj


def _resource_objects(text: str) -> list[_Object]:
    """The objects of the descriptor's ``resources`` array, in order."""
    top = _object(text, _skip(text, 0))
    i, out = top.values["resources"][0] + 1, []
    while text[i := _skip(text, i)] != "]":
        out.append(_object(text, i))
        _, i = _DECODER.raw_decode(text, i)
        i = _skip(text, i)
        i += text[i] == ","
    return out


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a new file beside ``path``, then rename it over ``path``."""
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:  # a rename would not ask
        raise PackageError("is read-only, so rehash does not change it", file=path.name)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            message = f"cannot write: {exc.strerror or exc}; the file is unchanged"
            raise PackageError(message, file=path.name) from None
        raise

"""Confinement: what a package may make any command read, decided before frictionless sees it.

Every path the descriptor names must stay inside the package folder: no URL, no absolute
path, no ``..``, no control character, no symlink that leads out. Properties with which
frictionless would open another file, fetch a URL or read rows from elsewhere are refused,
and JSON is read only up to a bounded size. Nothing here fetches, imports or runs anything
the package contains.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path, PureWindowsPath
from typing import Any

from ..errors import PackageError
from .locate import DESCRIPTOR

# A descriptor or schema larger than this is not one we wrote; refuse it rather than parse it.
MAX_JSON_BYTES = 8 * 1024 * 1024
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# The profiles frictionless holds locally; any other URL in "$schema" or "profile" it would fetch.
_OFFICIAL_PROFILE = re.compile(r"^https://datapackage\.org/profiles/(1\.0|2\.0)/[a-z]+\.json$")
_NAMED_PROFILES = {
    "data-package",
    "tabular-data-package",
    "data-resource",
    "tabular-data-resource",
    "default",
}
# Properties with which frictionless would open a file other than the resource's own CSV,
# fetch a URL, read rows from somewhere else, or read the CSV otherwise than the one reader
# does (a dialect): refused before either engine sees the descriptor, so that a package can
# make neither engine read outside its folder, and both read the same cells. Keys are
# compared lower-cased, without "_" and "-" (frictionless reads both spellings).
OPENS_RESOURCE = {
    *("scheme", "extrapaths", "innerpath", "url", "data", "control", "basepath", "detector"),
    *("source", "packagify", "profiles", "schemaprofile", "datapackageversion", "dialect"),
}
OPENS_PACKAGE = {"profiles", "basepath", "control", "detector", "source", "dialect", "dataset"}
# A descriptor may declare at most this many fields in all, counted once per resource.
MAX_FIELDS = 100_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def find_descriptor(path: str | os.PathLike[str]) -> Path:
    """The ``datapackage.json`` that ``path`` names: the file itself, or the one in the folder."""
    text = str(path)
    if _URL.match(text):
        raise PackageError(
            "a remote package cannot be read; give a local folder or file", file=text
        )
    p = Path(path)
    if p.is_dir():
        p = p / DESCRIPTOR
    if p.is_file() and p.suffix.lower() == ".json":
        return p
    above = _nearest_package(p)
    if not p.is_file():
        nearest = f"; the nearest folder above that holds one is {above}" if above else ""
        raise PackageError(f"no data package descriptor here{nearest}", file=str(p))
    raise PackageError(
        f"this is not a data package descriptor; give the folder that holds {DESCRIPTOR}, or "
        f"that file{f' (here: {above})' if above else ''}",
        file=str(p),
    )


def _nearest_package(file: Path) -> Path | None:
    """The nearest folder above ``file`` that holds a descriptor, if any (a hint: a folder
    that cannot be looked in ends the search)."""
    try:
        return next((f for f in file.resolve().parents if (f / DESCRIPTOR).is_file()), None)
    except OSError:
        return None


def safe_path(root: Path, relative: object, *, file: str, what: str) -> Path:
    """Resolve ``relative`` against ``root``; refuse anything that leads outside it."""
    if not isinstance(relative, str) or not relative:
        raise PackageError(f"{what} must be a non-empty string path", file=file)
    if _CONTROL.search(relative):
        raise PackageError(f"{what} {relative!r} holds a control character", file=file)
    if relative.startswith("~"):
        raise PackageError(
            f"{what} {relative!r} starts with '~'; paths must be relative to the package folder",
            file=file,
        )
    if _URL.match(relative):
        raise PackageError(
            f"{what} {relative!r} is a URL; only local paths inside the package are read", file=file
        )
    written = PureWindowsPath(relative)  # either separator, and a drive, as Windows reads them
    if written.anchor:
        raise PackageError(
            f"{what} {relative!r} is absolute; paths must be relative to the package folder",
            file=file,
        )
    if ".." in written.parts:
        raise PackageError(f"{what} {relative!r} leads out of the package folder", file=file)
    try:
        root, resolved = root.resolve(), (root / relative).resolve()
        inside = resolved.is_relative_to(root)
        special = resolved.exists() and not resolved.is_file()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long
        raise PackageError(f"{what} {relative!r} cannot be resolved: {exc}", file=file) from None
    if not inside:
        raise PackageError(
            f"{what} {relative!r} resolves outside the package folder (a symlink?)", file=file
        )
    # As written and where a symlink inside the package leads (CHANGELOG.md -> .git/config):
    # .git/config holds a CI checkout's token; .env, a developer's keys.
    parts = (*written.parts, *resolved.relative_to(root).parts)
    if hidden := next((p for p in parts if p.startswith(".")), None):
        raise PackageError(
            f"{what} {relative!r} is in or leads to a hidden or version-control path "
            f"({hidden!r}); only the package's own files are read",
            file=file,
        )
    if special:
        raise PackageError(
            f"{what} {relative!r} is not a regular file (a folder, FIFO, device or socket); "
            "only regular files are read",
            file=file,
        )
    return resolved


# A CHANGELOG.md or CITATION.cff larger than this is not one a package needs; it is not read.
MAX_SIDE_BYTES = 1024 * 1024


def _read_text(path: Path, limit: int, *, name: str) -> str:
    """The UTF-8 text of ``path``, refused past ``limit`` bytes: errors name the file ``name``."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise PackageError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if len(raw) > limit:
        raise PackageError(f"is over {limit:,} bytes, so it is not read", file=name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"is not UTF-8 (byte {exc.start})", file=name) from None


def side_file(root: Path, name: str) -> str | None:
    """The text of the file ``name`` beside the descriptor (``CHANGELOG.md``, ``CITATION.cff``),
    confined as a resource's path is; ``None`` when there is none.

    :class:`PackageError` for a symlink out of the package, a folder or device, a file over
    :data:`MAX_SIDE_BYTES`, or one that is not UTF-8: never the bytes of what a link points at.
    """
    if not (root / name).exists() and not (root / name).is_symlink():
        return None
    return _read_text(safe_path(root, name, file=name, what="this file"), MAX_SIDE_BYTES, name=name)


def check_profile(owner: dict[str, Any], *, file: str, where: str) -> None:
    for key in ("$schema", "profile"):
        value = owner.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not (
            _OFFICIAL_PROFILE.match(value) or value in _NAMED_PROFILES
        ):
            raise PackageError(
                f"{where}{key} is {value!r}; only the official Data Package profiles are "
                "accepted, and no other is fetched",
                file=file,
            )


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def check_opens(owner: dict[str, Any], refused: set[str], *, file: str, where: str) -> None:
    for key, value in owner.items():
        if _key(key) in refused and not (_key(key) == "scheme" and value == "file"):
            raise PackageError(
                f"{where}{key} is refused: remove it; a package's tables are read only from the "
                "CSV files their paths name, as comma-separated, double-quoted UTF-8",
                file=file,
            )


def check_resource_format(res: dict[str, Any], *, file: str, where: str) -> None:
    path = str(res.get("path", "")).lower()
    compressed = res.get("compression") not in (None, "", "no")
    if compressed or res.get("format") not in (None, "csv") or not path.endswith(".csv"):
        raise PackageError(
            f"{where} is not a plain CSV file (a path that ends in .csv, no other format, no "
            "compression); only CSV tables are read",
            file=file,
        )


class _NotJSON(ValueError):
    """A number Python's json reads but JSON does not have: what every writer would choke on."""


def _no_constant(name: str) -> float:
    raise _NotJSON(f"{name} is not a JSON value (JSON has no NaN or infinity)")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJSON(f"the number {text[:40]} is too large to be read as a number")
    return value


def read_json(path: Path, *, name: str) -> Any:
    """Parse a JSON file of bounded size, with errors that name it."""
    text = _read_text(path, MAX_JSON_BYTES, name=name)
    if text.startswith("\ufeff"):
        raise PackageError(
            "starts with a byte-order mark; JSON files must be UTF-8 without one", file=name
        )
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except _NotJSON as exc:
        raise PackageError(f"invalid JSON: {exc}", file=name) from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=name
        ) from None
    except RecursionError:
        raise PackageError("JSON nested too deeply", file=name) from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise PackageError(
            "invalid JSON: a number has more digits than can be read", file=name
        ) from None

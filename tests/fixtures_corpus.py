"""A differential corpus built from frictionless-py's own test fixtures.

The fixtures come from frictionless' source distribution on PyPI (its ``data/`` folder),
for the frictionless version installed, so the corpus follows the reference it is compared
with. ``.ci/run`` downloads it; elsewhere :func:`sdist` downloads it once into a cache
(``JDS_FRICTIONLESS_SDIST`` names a copy to use instead). Nothing of it is committed here.

Each fixture CSV becomes packages with schemas built from it: the types frictionless infers
(mapped to the types this package reads; others become strings), then the same with every
field required and the first unique, then all strings with the first field as primary key.
Each fixture package descriptor whose resources are local CSV files is taken as it is. From
frictionless' own tests (``__spec__/test_*.py``, read as syntax trees, never run): every
table written inline (a list of rows under a header) becomes a CSV under the same three
schemas and under every schema literal of the same test whose fields are its header; and
every schema literal in a test that names a fixture CSV is paired with that CSV.

``python tests/fixtures_corpus.py`` prints every package on which the engines disagree.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jihadistds"
MAX_BYTES = 64 * 1024  # fixtures larger than this are size tests; the benchmark covers size
TYPES = {"string", "integer", "number", "boolean", "date"}


def frictionless_version() -> str:
    from importlib.metadata import version

    return version("frictionless")


def sdist() -> Path:
    """The frictionless sdist for the installed version: named by the environment, cached, or downloaded."""
    named = os.environ.get("JDS_FRICTIONLESS_SDIST")
    if named:
        return Path(named)
    wanted = f"frictionless-{frictionless_version()}.tar.gz"
    path = CACHE / wanted
    if not path.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"frictionless=={frictionless_version()}",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
    return path


def _wanted(name: str) -> bool:
    """The fixtures (``data/``) and frictionless' own test files (``__spec__/test_*.py``)."""
    inside = name.split("/", 1)[-1]
    return inside.startswith("data/") or (
        "/__spec__/" in inside and inside.rsplit("/", 1)[-1].startswith("test_")
    )


def fixtures(into: Path) -> Path:
    """The sdist's ``data/`` folder and test files, unpacked under ``into`` (regular files only)."""
    with tarfile.open(sdist()) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and _wanted(m.name)]
        top = members[0].name.split("/", 1)[0] if members else ""
        archive.extractall(into, members=members, filter="data")
    return into / top / "data"


Place = tuple[str, "int | None", "str | None", str]
# (valid, sorted problems by file, row, field and rule, the engine that ran, why it handed over)
Outcome = tuple[bool, list[Place], str, "str | None"]


@dataclass
class Entry:
    name: str
    folder: Path  # holds datapackage.json


def _inferred(csv_path: Path) -> list[dict[str, Any]] | None:
    import frictionless

    try:
        resource = frictionless.describe(str(csv_path), type="resource")
        fields = resource.schema.to_descriptor().get("fields", [])  # type: ignore[union-attr]
    except Exception:  # a fixture frictionless cannot describe is no case for this corpus
        return None
    out = []
    for f in fields:
        kind = f.get("type", "string")
        out.append({"name": f["name"], "type": kind if kind in TYPES else "string"})
    return out or None


def _csv_package(folder: Path, csv_path: Path, schema: dict[str, Any]) -> None:
    folder.mkdir(parents=True)
    (folder / "data").mkdir()
    shutil.copyfile(csv_path, folder / "data" / "table.csv")
    descriptor = {
        "name": "fixture",
        "resources": [{"name": "table", "path": "data/table.csv", "schema": schema}],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def _local_csv_package(descriptor: Any) -> bool:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return False
    for res in descriptor["resources"]:
        path = res.get("path") if isinstance(res, dict) else None
        if not isinstance(path, str) or "://" in path or not path.endswith(".csv"):
            return False
    return True


def _variants(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    names = [f["name"] for f in fields]
    return {
        "inferred": {"fields": fields},
        "required-unique": {
            "fields": [
                {**f, "constraints": {"required": True, **({"unique": True} if i == 0 else {})}}
                for i, f in enumerate(fields)
            ]
        },
        "strings-primary-key": {
            "fields": [{"name": n, "type": "string"} for n in names],
            "primaryKey": [names[0]],
        },
    }


def _literals(tree: ast.AST) -> Iterator[tuple[ast.AST, Any]]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Dict)):
            try:
                yield node, ast.literal_eval(node)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue


def _is_table(value: Any) -> bool:
    scalar = (str, int, float, bool, type(None))
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(row, list) for row in value)
        and bool(value[0])
        and all(isinstance(h, str) and h for h in value[0])
        and len(set(value[0])) == len(value[0])
        and all(isinstance(cell, scalar) for row in value[1:] for cell in row)
    )


def _is_schema(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("fields"), list)
        and bool(value["fields"])
        and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in value["fields"])
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def from_tests(
    root: Path, data: Path
) -> Iterator[tuple[str, Path | list[list[Any]], dict[str, Any]]]:
    """(name, a fixture CSV or an inline table, a schema) from frictionless' own test files."""
    for test in sorted(root.rglob("__spec__/test_*.py")):
        try:
            tree = ast.parse(test.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        where = str(test.relative_to(root)).replace("/", "__").removesuffix(".py")
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            literals = list(_literals(function))
            schemas = [v for _, v in literals if _is_schema(v)]
            tables = [v for _, v in literals if _is_table(v)]
            csvs = {
                n.value
                for n in ast.walk(function)
                if isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and n.value.startswith("data/")
                and n.value.endswith(".csv")
            }
            for i, table in enumerate(tables):
                header = table[0]
                for j, schema in enumerate(schemas):
                    if [f["name"] for f in schema["fields"]] == header:
                        yield f"{where}.{function.name}:table{i}:schema{j}", table, schema
                for variant, schema in _variants(
                    [{"name": h, "type": "string"} for h in header]
                ).items():
                    yield f"{where}.{function.name}:table{i}:{variant}", table, schema
            for path in sorted(csvs):
                csv_path = data / path.removeprefix("data/")
                if not csv_path.is_file() or csv_path.stat().st_size > MAX_BYTES:
                    continue
                for j, schema in enumerate(schemas):
                    yield f"{where}.{function.name}:{path}:schema{j}", csv_path, schema


def build(into: Path) -> list[Entry]:
    """Every corpus package, written under ``into``."""
    data = fixtures(into / "sdist")
    entries: list[Entry] = []
    for csv_path in sorted(data.rglob("*.csv")):
        if csv_path.stat().st_size > MAX_BYTES or not csv_path.stat().st_size:
            continue
        fields = _inferred(csv_path)
        if fields is None:
            continue
        stem = str(csv_path.relative_to(data)).replace("/", "__")
        for variant, schema in _variants(fields).items():
            entry = Entry(f"{stem}:{variant}", into / "packages" / f"{stem}--{variant}")
            _csv_package(entry.folder, csv_path, schema)
            entries.append(entry)
    written = into / "inline"
    written.mkdir()
    for n, (name, source, schema) in enumerate(from_tests(data.parent / "frictionless", data)):
        if isinstance(source, list):
            csv_path = written / f"{n}.csv"
            with open(csv_path, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(
                    [[_cell(c) for c in row] for row in source]
                )
        else:
            csv_path = source
        entry = Entry(f"test:{name}", into / "packages" / f"test-{n}")
        _csv_package(entry.folder, csv_path, schema)
        entries.append(entry)
    for descriptor_path in sorted(data.rglob("*.json")):
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not _local_csv_package(descriptor):
            continue
        name = str(descriptor_path.relative_to(data)).replace("/", "__")
        folder = into / "packages" / f"package--{name}"
        shutil.copytree(descriptor_path.parent, folder, symlinks=True)
        (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        entries.append(Entry(f"package:{name}", folder))
    return entries


def outcome(folder: Path, engine: str) -> Outcome:
    """What validating ``folder`` with ``engine`` gives (see :data:`Outcome`)."""
    from jihadistds.engines.validate import validate

    report = validate(folder, engine=engine)  # type: ignore[arg-type]
    places = sorted(((p.file, p.row, p.field, p.rule) for p in report.problems), key=str)
    return report.valid, places, report.engine, report.handover


def compare(entries: list[Entry]) -> Iterator[tuple[Entry, Outcome, Outcome]]:
    """Each entry with its fast and reference outcomes."""
    for entry in entries:
        yield entry, outcome(entry.folder, "fast"), outcome(entry.folder, "frictionless")


if __name__ == "__main__":
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="jds-corpus-"))
    entries = build(work)
    ran = differ = 0
    for entry, fast, reference in compare(entries):
        ran += fast[2] == "fast"
        if fast[:2] != reference[:2]:
            differ += 1
            print(f"DIFFER {entry.name}\n  fast: {fast}\n  ref:  {reference}")
        elif fast[2] != "fast":
            print(f"handover {entry.name}: {fast[3]}")
    print(f"{len(entries)} packages, fast engine ran on {ran}, {differ} differ")

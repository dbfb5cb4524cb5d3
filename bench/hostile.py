"""Hostile packages, as an attacker submitting a fork would write them, and what must happen to each.

Each case builds a package in a folder and states the outcome: the exit code of
``jihadistds validate``, rules that must be reported, and text that must not be printed.
``tests/validation/test_hostile.py`` runs every case at a small ``scale``, with
an audit hook that records every file the process opens and every socket call it makes;
``python bench/hostile.py`` runs them at full size and records time and peak memory against
the bounds below in ``bench/HOSTILE.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECRET = "SECRET-7f3a9c"  # planted in files outside the package; must never be printed

# Full-size bounds, per case, measured by main(): seconds and peak memory.
MAX_SECONDS = 20.0
MAX_MEMORY_MIB = 600

FIELDS = [{"name": "id", "type": "integer"}, {"name": "x", "type": "string"}]


@dataclass
class Case:
    name: str
    build: Callable[[Path, int], Path]  # (folder, scale) -> the package's folder
    exit: int  # what `jihadistds validate` exits with: 0 valid, 1 invalid, 2 unreadable
    rules: set[str] = field(default_factory=set)  # rules that must be reported
    args: Callable[[Path], list[str]] = lambda pkg: []  # extra CLI arguments
    # The scale main() runs the case at: where size is the point, kept to what frictionless'
    # own speed (about 1 MB of CSV a second) checks within the bounds.
    full: int = 1


def _package(
    folder: Path,
    resources: list[dict[str, Any]] | None = None,
    files: dict[str, bytes | str] | None = None,
    **extra: Any,
) -> Path:
    pkg = folder / "pkg"
    (pkg / "data").mkdir(parents=True)
    descriptor = {
        "name": "hostile",
        "resources": resources
        if resources is not None
        else [{"name": "t", "path": "data/t.csv", "schema": {"fields": FIELDS}}],
        **extra,
    }
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name, content in (files if files is not None else {"data/t.csv": "id,x\n1,a\n"}).items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return pkg


def _outside(folder: Path) -> Path:
    """A file outside the package holding the secret, for links to point at."""
    secret = folder / "outside.txt"
    secret.write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    return secret


def _resource(**extra: Any) -> dict[str, Any]:
    return {"name": "t", "path": "data/t.csv", "schema": {"fields": FIELDS}, **extra}


def multipart_leak(folder: Path, scale: int) -> Path:
    pkg = _package(
        folder,
        [
            _resource(
                scheme="multipart",
                extrapaths=["data/leak.csv", ".git/config"],
                dialect={"delimiter": ";"},
            )
        ],
        {"data/t.csv": "id,x\n1,a\n", ".git/config": f"[core]\ntoken={SECRET}\n"},
    )
    os.symlink(_outside(folder), pkg / "data" / "leak.csv")
    return pkg


def extrapaths_url(folder: Path, scale: int) -> Path:
    return _package(folder, [_resource(extrapaths=["https://example.invalid/x.csv"])])


def profiles_url(folder: Path, scale: int) -> Path:
    return _package(folder, profiles=["https://example.invalid/profile.json"])


def resource_profiles_url(folder: Path, scale: int) -> Path:
    return _package(folder, [_resource(profiles=["https://example.invalid/profile.json"])])


def symlink_out(folder: Path, scale: int) -> Path:
    pkg = _package(folder, files={})
    os.symlink(_outside(folder), pkg / "data" / "t.csv")
    return pkg


def fifo_csv(folder: Path, scale: int) -> Path:
    pkg = _package(folder, files={})
    os.mkfifo(pkg / "data" / "t.csv")
    return pkg


def fifo_schema(folder: Path, scale: int) -> Path:
    pkg = _package(folder, [{"name": "t", "path": "data/t.csv", "schema": "schema.json"}])
    os.mkfifo(pkg / "schema.json")
    return pkg


def sources_symlink(folder: Path, scale: int) -> Path:
    """Our own package, with --sources pointing at a folder whose texts are links out of it."""
    pkg = folder / "pkg"
    pkg.mkdir()
    shutil.copy(ROOT / "datapackage.json", pkg)
    shutil.copytree(ROOT / "data", pkg / "data")
    shutil.copytree(ROOT / "schemas", pkg / "schemas")
    texts = folder / "texts"
    texts.mkdir()
    secret = _outside(folder)
    with open(pkg / "data" / "sources.csv", encoding="utf-8") as fh:
        ids = [line.split(",", 1)[0] for line in fh.read().splitlines()[1:] if line]
    for source_id in ids:
        os.symlink(secret, texts / f"{source_id}.txt")
    os.symlink("/proc/self/environ", texts / "environ.txt")
    return pkg


def redos(folder: Path, scale: int) -> Path:
    schema = {
        "fields": [
            {"name": "id", "type": "integer"},
            {"name": "x", "type": "string", "constraints": {"pattern": "(a+)+"}},
        ]
    }
    cell = "a" * (34 * scale) + "!"
    return _package(
        folder,
        [{"name": "t", "path": "data/t.csv", "schema": schema}],
        {"data/t.csv": f"id,x\n1,{cell}\n2,{cell}a\n"},
    )


def nul_file(folder: Path, scale: int) -> Path:
    return _package(folder, files={"data/t.csv": b"\x00" * (scale << 20)})


def comma_header(folder: Path, scale: int) -> Path:
    return _package(folder, files={"data/t.csv": "," * (scale << 20) + "\n1,a\n"})


def blank_lines(folder: Path, scale: int) -> Path:
    return _package(folder, files={"data/t.csv": "id,x\n" + "\n" * (scale << 20)})


def short_rows(folder: Path, scale: int) -> Path:
    fields = [{"name": f"f{i}", "type": "string"} for i in range(1000)]
    header = ",".join(f["name"] for f in fields)
    return _package(
        folder,
        [{"name": "t", "path": "data/t.csv", "schema": {"fields": fields}}],
        {"data/t.csv": header + "\n" + "1\n" * (2048 * scale)},
    )


def shared_schema(folder: Path, scale: int) -> Path:
    """300 resources naming one schema of very many fields."""
    fields = [{"name": f"f{i}", "type": "string"} for i in range(40_000 * scale)]
    resources = [
        {"name": f"t{i}", "path": f"data/t{i}.csv", "schema": "schema.json"} for i in range(300)
    ]
    pkg = _package(folder, resources, {f"data/t{i}.csv": "f0\n" for i in range(300)})
    (pkg / "schema.json").write_text(json.dumps({"fields": fields}), encoding="utf-8")
    return pkg


def bad_byte_at_end(folder: Path, scale: int) -> Path:
    pkg = _package(folder, files={})
    with open(pkg / "data" / "t.csv", "wb") as fh:
        fh.write(b"id,x\n")
        row = b"1,abcdefghijklmnopqrstuvwxyz0123456789\n"
        block = row * ((1 << 20) // len(row))
        for _ in range(8 * scale):
            fh.write(block)
        fh.write(b"2,\xff\n")
    return pkg


def _pattern(pattern: str) -> Callable[[Path, int], Path]:
    def build(folder: Path, scale: int) -> Path:
        schema = {
            "fields": [
                {"name": "id", "type": "integer"},
                {"name": "x", "type": "string", "constraints": {"pattern": pattern}},
            ]
        }
        rows = "".join(f"{i},aa\n" for i in range(50))
        return _package(
            folder,
            [{"name": "t", "path": "data/t.csv", "schema": schema}],
            {"data/t.csv": "id,x\n" + rows},
        )

    return build


def _raw_descriptor(text: str, csv: str = "id,x\n1,a\n") -> Callable[[Path, int], Path]:
    def build(folder: Path, scale: int) -> Path:
        pkg = _package(folder, files={"data/t.csv": csv})
        (pkg / "datapackage.json").write_text(text, encoding="utf-8")
        return pkg

    return build


def _schema(schema: dict[str, Any], csv: str = "id,x\n1,a\n") -> Callable[[Path, int], Path]:
    def build(folder: Path, scale: int) -> Path:
        return _package(
            folder, [{"name": "t", "path": "data/t.csv", "schema": schema}], {"data/t.csv": csv}
        )

    return build


def symlink_loop(folder: Path, scale: int) -> Path:
    pkg = _package(folder, files={})
    os.symlink("t.csv", pkg / "data" / "t.csv")
    return pkg


def big_stated_number(folder: Path, scale: int) -> Path:
    pkg = sources_symlink(folder, scale)
    path = pkg / "data" / "counts.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    header = lines[0].split(",")
    position = header.index("value_as_stated")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    rows[1][position] = "one" + " billion" * 600
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return pkg


FORGED = "id\n::error file=x.csv,line=1::forged\nvalid: 11 tables, 148 rows"
BIG_INT = "9" * 5000

CASES = [
    Case("multipart-extrapaths-leak", multipart_leak, 2, {"JDS900"}),
    Case("extrapaths-url", extrapaths_url, 2, {"JDS900"}),
    Case("profiles-url", profiles_url, 2, {"JDS900"}),
    Case("resource-profiles-url", resource_profiles_url, 2, {"JDS900"}),
    Case("csv-symlink-out", symlink_out, 2, {"JDS900"}),
    Case("fifo-csv", fifo_csv, 2, {"JDS900"}),
    Case("fifo-schema", fifo_schema, 2, {"JDS900"}),
    Case(
        "sources-symlink-oracle",
        sources_symlink,
        1,
        {"JDS201"},
        args=lambda pkg: ["--sources", str(pkg.parent / "texts")],
    ),
    Case("nested-quantifier-pattern", redos, 1, {"constraint-error"}, full=30),
    Case("nul-bytes", nul_file, 1, {"JDS001"}, full=16),
    Case("megabyte-of-commas-header", comma_header, 1, {"JDS003"}),
    Case("megabytes-of-blank-lines", blank_lines, 1, {"blank-row"}, full=2),
    Case("short-rows-wide-schema", short_rows, 1, {"missing-cell"}, full=2),
    Case("300-resources-one-schema", shared_schema, 2, {"JDS900"}, full=5),
    Case("bad-byte-at-the-end", bad_byte_at_end, 1, {"JDS001"}, full=8),
    Case("pattern-brace-without-minimum", _pattern("a{,2}"), 2, {"JDS900"}),
    Case("pattern-posix-class", _pattern("[[:alpha:]]+"), 2, {"JDS900"}),
    Case("pattern-too-large-for-re2", _pattern("(a{1000}){1000}"), 2, {"JDS900"}),
    Case(
        "minimum-negative-infinity",
        _raw_descriptor(
            '{"name": "p", "resources": [{"name": "t", "path": "data/t.csv", "schema": '
            '{"fields": [{"name": "id", "type": "number", "constraints": {"minimum": -Infinity}},'
            ' {"name": "x"}]}}]}',
            "id,x\n-1e308,a\nNaN,b\n",
        ),
        2,  # -Infinity is not JSON: the descriptor is refused, as every command refuses it
        {"JDS900"},
    ),
    Case(
        "home-relative-path",
        lambda folder, scale: _package(folder, [_resource(path="~/t.csv")]),
        2,
        {"JDS900"},
    ),
    Case(
        "empty-field-name",
        _schema({"fields": [{"name": "", "type": "integer"}, {"name": "x"}]}, ",x\n1,a\n"),
        1,
    ),
    Case(
        "newline-in-field-name",
        _schema({"fields": [{"name": FORGED, "type": "integer"}]}, "id\n1\n"),
        1,
        {"JDS003"},
    ),
    Case(
        "terminal-escapes-in-cells",
        lambda folder, scale: _package(
            folder, files={"data/t.csv": "id,x\n\x1b[2J\x1b]0;owned\x07,\x1b[31mred\n"}
        ),
        1,
        {"type-error"},
    ),
    Case("foreign-keys-a-string", _schema({"fields": FIELDS, "foreignKeys": "id"}), 1),
    Case(
        "reference-null",
        _schema({"fields": FIELDS, "foreignKeys": [{"fields": "id", "reference": None}]}),
        1,
    ),
    Case("primary-key-a-number", _schema({"fields": FIELDS, "primaryKey": 5}), 1),
    Case(
        "constraints-a-list",
        _schema({"fields": [{"name": "id", "type": "integer", "constraints": [1]}, {"name": "x"}]}),
        1,
    ),
    Case(
        "type-a-list",
        _schema({"fields": [{"name": "id", "type": ["integer"]}, {"name": "x"}]}),
        1,
    ),
    Case(
        "nul-in-path",
        lambda folder, scale: _package(folder, [_resource(path="data/t\x00.csv")]),
        2,
        {"JDS900"},
    ),
    Case("symlink-loop", symlink_loop, 2, {"JDS900"}),
    Case(
        "five-thousand-digit-integer",
        _raw_descriptor(
            '{"name": "p", "version": ' + BIG_INT + ', "resources": [{"name": "t", '
            '"path": "data/t.csv", "schema": {"fields": [{"name": "id"}, {"name": "x"}]}}]}'
        ),
        2,
        {"JDS900"},
    ),
    Case("one-billion-billion", big_stated_number, 1, {"JDS111"}),
    Case(
        "lone-surrogate-field-name",
        _raw_descriptor(
            '{"name": "p", "resources": [{"name": "t", "path": "data/t.csv", "schema": '
            '{"fields": [{"name": "id\\ud800", "type": "integer"}, {"name": "x"}]}}]}'
        ),
        1,
        {"JDS003"},
    ),
    Case(
        "formula-in-header",
        _schema(
            {"fields": [{"name": '=HYPERLINK("http://x")'}]}, '"=HYPERLINK(""http://x"")"\na\n'
        ),
        1,
        {"JDS005"},
    ),
]


def command(case: Case, pkg: Path, output: str = "text") -> list[str]:
    return [
        sys.executable,
        "-m",
        "jihadistds",
        "validate",
        str(pkg),
        "--format",
        output,
        *case.args(pkg),
    ]


def measure(case: Case, scale: int) -> tuple[float, float, int]:
    """Seconds and peak MiB of one validation in a fresh process, and its exit code."""
    folder = Path(tempfile.mkdtemp(prefix="jds-hostile-"))
    try:
        pkg = case.build(folder, scale)
        start = time.perf_counter()
        child = subprocess.Popen(
            command(case, pkg), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(HERE / "HOSTILE.md"))
    parser.add_argument(
        "--scale", type=int, default=0, help="one scale for every case (0: each at full size)"
    )
    args = parser.parse_args()
    rows = []
    failed = False
    for case in CASES:
        scale = args.scale or case.full
        seconds, mib, code = measure(case, scale)
        ok = seconds <= MAX_SECONDS and mib <= MAX_MEMORY_MIB and code == case.exit
        failed |= not ok
        rows.append(
            f"| {case.name} | {scale} | {seconds:.2f} | {mib:.0f} MiB | {code} "
            f"| {'yes' if ok else 'NO'} |"
        )
        print(rows[-1], flush=True)
    uname = platform.uname()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            "# Hostile packages: time and memory",
            "",
            f"Run {stamp} by `python bench/hostile.py` on {uname.system} {uname.release} "
            f"{uname.machine}, Python {platform.python_version()}. Each case is one "
            "`jihadistds validate` in a fresh process; the cases are described in "
            "bench/hostile.py (a scale is MiB of input for the size cases). Bounds: at most "
            f"{MAX_SECONDS:.0f} s and {MAX_MEMORY_MIB} MiB each, and the expected exit code. "
            "Frictionless reads about 1 MB of CSV a second, so a case whose point is size runs "
            "at a scale it checks within the bounds.",
            "",
            "| case | scale | seconds | peak memory | exit | within bounds |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            *rows,
            "",
        ]
    )
    Path(args.output).write_text(text, encoding="utf-8")
    if failed:
        raise SystemExit("some case is out of bounds")


if __name__ == "__main__":
    main()

"""Reading a package CSV as text, and the file rules (JDS001-JDS006) that go with reading it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from .descriptor import Resource
from .problems import Problem

FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_TYPES = {"string", "list", "any"}
# A cell longer than this is refused by the csv module; it bounds memory on hostile input.
MAX_CELL = 1_000_000


@dataclass
class RawTable:
    """A CSV as strings: its header and rows, each row keyed by field name.

    ``rows[i]`` is physical row ``i + 2`` of the file (the header is row 1).
    """

    name: str
    path: str
    header: list[str]
    rows: list[dict[str, str]]

    def row_number(self, index: int) -> int:
        return index + 2


def _sort_key(resource: Resource, row: dict[str, str]) -> tuple[Any, ...]:
    types = {f["name"]: f.get("type", "string") for f in resource.fields}
    key: list[Any] = []
    for name in resource.primary_key:
        value = row.get(name, "")
        if types.get(name) == "integer":
            try:
                key.append((0, int(value)))
                continue
            except ValueError:
                pass
        key.append((1, value))
    return tuple(key)


def read_table(resource: Resource) -> tuple[RawTable | None, list[Problem]]:
    """Read ``resource``'s CSV and check the file rules.

    Returns the table (``None`` when it cannot be parsed at all) and the problems found.
    """
    name = resource.path
    problems: list[Problem] = []

    def problem(row: int | None, field: str | None, message: str, rule: str) -> None:
        problems.append(Problem(name, row, field, message, rule))

    try:
        raw = resource.file.read_bytes()
    except OSError as exc:
        problem(None, None, f"cannot read the file: {exc.strerror or exc}", "JDS900")
        return None, problems
    if not raw:
        problem(None, None, "the file is empty; it must hold at least the header row", "JDS001")
        return None, problems
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(None, None, "the file starts with a UTF-8 byte-order mark; save it without one", "JDS001")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, None, f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} at line {line} cannot be decoded", "JDS001")
        return None, problems
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problem(line, None, "line ends in CR (Windows or old Mac line endings); use LF alone", "JDS002")
    if not text.endswith("\n"):
        problem(None, None, "the file does not end with a line break", "JDS002")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problem(line, None, "the file contains a NUL byte; it is not a text CSV", "JDS001")
        return None, problems

    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        problem(None, None, f"the file cannot be parsed as CSV: {exc}", "JDS900")
        return None, problems
    finally:
        csv.field_size_limit(previous_limit)
    if not records:
        problem(None, None, "the file has no header row", "JDS001")
        return None, problems

    header, body = records[0], records[1:]
    expected = resource.field_names
    if header != expected:
        missing = [f for f in expected if f not in header]
        extra = [f for f in header if f not in expected]
        if missing or extra:
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(map(repr, missing))}" if missing else "",
                    f"not in the schema {', '.join(map(repr, extra))}" if extra else "",
                )
                if part
            )
        else:
            detail = f"the columns are out of order; the schema's order is {', '.join(expected)}"
        problem(1, None, f"the header does not match the schema: {detail}", "JDS003")

    text_fields = {f["name"] for f in resource.fields if f.get("type", "string") in TEXT_TYPES}
    rows: list[dict[str, str]] = []
    previous_key: tuple[Any, ...] | None = None
    for index, record in enumerate(body):
        number = index + 2
        if not any(record):
            problem(number, None, "blank row", "JDS006")
            rows.append({})
            continue
        for position, cell in enumerate(record):
            field = header[position] if position < len(header) else f"column {position + 1}"
            if cell != cell.strip():
                problem(number, field, f"cell has leading or trailing white space: {cell[:40]!r}", "JDS004")
            if field in text_fields and cell.startswith(FORMULA_STARTS):
                problem(number, field, f"text cell starts with {cell[0]!r}, which a spreadsheet would run as a formula", "JDS005")
        row = dict(zip(header, record))
        rows.append(row)
        if resource.primary_key and all(k in row for k in resource.primary_key):
            key = _sort_key(resource, row)
            if previous_key is not None and key < previous_key:
                pk = ", ".join(f"{k}={row[k]!r}" for k in resource.primary_key)
                problem(number, None, f"row ({pk}) is out of primary-key order", "JDS006")
            previous_key = key
    for position, cell in enumerate(header):
        if cell != cell.strip():
            problem(1, cell.strip() or f"column {position + 1}", "header cell has leading or trailing white space", "JDS004")
    return RawTable(resource.name, resource.path, header, rows), problems

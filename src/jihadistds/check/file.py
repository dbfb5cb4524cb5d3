"""The file rules (JDS001-JDS007): what every CSV of the package must look like on disk.

Each rule is a function of the resource, what reading its bytes established
(:class:`~jihadistds.read.csv.FileFacts`) and the table (``None`` when it could not be read).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..read.csv import BOM_MESSAGE, QUOTES_MESSAGE, FileFacts, ReadError, Table, Unreadable
from ..read.descriptor import Resource
from ..read.fields import TEXT_TYPES
from .problems import Problem
from .registry import Edit, Findings, Rule, register, rule, rules

FORMULA_STARTS = ("=", "+", "-", "@")
_INTEGER = re.compile(r"-?[0-9]+")  # what orders as a number in an integer key
PLACES = "data/places.csv"

JDS900 = register(
    Rule(
        "JDS900",
        "The descriptor, its schemas and its files can be found and read inside the package folder.",
        "reading",
        None,
        example=(Edit("datapackage.json", '"resources"', '"resourcez"'),),
    )
)
# The rule a file breaks when it cannot be read at all, by the reader's cause.
RULE_OF: dict[Unreadable, str] = {
    Unreadable.CANNOT_OPEN: "JDS900",
    Unreadable.EMPTY: "JDS001",
    Unreadable.NOT_UTF8: "JDS001",
    Unreadable.NUL: "JDS001",
    Unreadable.NOT_CSV: "JDS900",
    Unreadable.NO_HEADER: "JDS001",
    Unreadable.TOO_WIDE: "JDS003",
}


def check_file(
    resource: Resource, table: Table | None, error: ReadError | None = None
) -> list[Problem]:
    """Every file rule over one CSV: ``table`` as read, or the ``error`` that stopped reading."""
    facts = table.facts if table is not None else error.facts if error is not None else FileFacts()
    problems = []
    if error is not None:  # a file that could not be read as a table
        problems.append(
            Problem(error.file or "", error.row, None, error.reason, RULE_OF[error.kind])
        )
    for r in rules("file"):
        if r.check is not None and r.applies_to(resource.name, resource.field_names):
            problems += r.problems(resource.path, r.check(resource, facts, table))
    return problems


@rule(
    "JDS001",
    "A CSV is UTF-8 without a byte-order mark, and is not empty.",
    kind="file",
    example=Edit(PLACES, "place_id,name", "\ufeffplace_id,name"),
)
def no_byte_order_mark(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if facts.bom:
        yield None, None, BOM_MESSAGE


@rule(
    "JDS002",
    "Lines end in LF alone (no CR), and the file ends with one.",
    kind="file",
    example=Edit(PLACES, "\nlowtown,", "\r\nlowtown,"),
)
def line_endings(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if facts.cr_line is not None:
        yield facts.cr_line, None, "line ends in CR (Windows or old Mac line endings); use LF alone"
    if not facts.ends_with_newline:
        yield None, None, "the file does not end with a line break"


@rule(
    "JDS003",
    "The header row is the schema's field names, in the schema's order.",
    kind="file",
    example=Edit(PLACES, "place_id,name,kind", "place_id,kind,name"),
)
def header_matches_schema(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if table is None or table.labels == table.fields:
        return
    labels, fields, schema = table.labels, table.fields, resource.schema_file
    parts = []
    if missing := [f for f in fields if f not in labels]:
        parts.append(
            f"missing {', '.join(map(repr, missing))}: add the column, or remove the field from {schema}"
        )
    if extra := [f for f in labels if f not in fields]:
        parts.append(
            f"not in the schema {', '.join(map(repr, extra))}: remove the column, or add a "
            f"field of that name to {schema} (its type and description)"
        )
    detail = (
        "; ".join(parts)
        or f"the columns are out of order; the schema's order is {', '.join(fields)}"
    )
    yield 1, None, f"the header does not match the schema: {detail}"


@rule(
    "JDS004",
    "No cell, header included, has leading or trailing white space.",
    kind="file",
    example=Edit(PLACES, ",Lowtown,", ", Lowtown,"),
)
def no_edge_space(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if table is None:
        return
    for position, label in enumerate(table.labels):
        if label != label.strip():
            field = label.strip() or f"column {position + 1}"
            yield 1, field, "header cell has leading or trailing white space"
    fields, width = table.fields, len(table.fields)
    for i, record in enumerate(table.records):
        for j, cell in enumerate(record):
            if cell != cell.strip():
                field = fields[j] if j < width else f"column {j + 1}"
                yield i + 2, field, f"cell has leading or trailing white space: {cell[:40]!r}"


@rule(
    "JDS005",
    "No text cell, header included, starts with `=`, `+`, `-` or `@`, which a spreadsheet would run as a formula.",
    kind="file",
    example=Edit(PLACES, ",Lowtown,", ",=Lowtown,"),
)
def no_formulas(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if table is None:
        return
    for label in table.labels:  # a spreadsheet runs a formula in the header row too
        if label.startswith(FORMULA_STARTS):
            message = (
                f"header cell starts with {label[0]!r}, which a spreadsheet would run as a formula"
            )
            yield 1, label, message
    text = {f.name for f in resource.fields if f.type in TEXT_TYPES}
    columns = [(j, name) for j, name in enumerate(table.fields) if name in text]
    for i, record in enumerate(table.records):
        for j, name in columns:
            if j < len(record) and record[j].startswith(FORMULA_STARTS):
                message = f"text cell starts with {record[j][0]!r}, which a spreadsheet would run as a formula"
                yield i + 2, name, message


@rule(
    "JDS006",
    "Rows are in primary-key order (a blank line is frictionless' `blank-row`).",
    kind="file",
    example=Edit(
        PLACES,
        "lowtown,Lowtown,city,,\nwestland,Westland,region,,",
        "westland,Westland,region,,\nlowtown,Lowtown,city,,",
    ),
)
def ordered_rows(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if table is None:
        return
    keys = list(resource.primary_key)
    if not keys or not all(k in table.fields for k in keys):
        return
    at = [table.fields.index(k) for k in keys]
    types = {f.name: f.type for f in resource.fields}

    def keyed() -> Iterator[tuple[int, tuple[str, ...]]]:
        """(row, key cells); with one field, a blank line is one empty cell, ordered as such."""
        for i, r in enumerate(table.records, 2):
            if r or len(table.fields) == 1:
                yield i, tuple(r[j] if j < len(r) else "" for j in at)

    # An integer key orders as numbers when every cell is one, else the column as text.
    numeric = [
        types.get(k) == "integer" and all(_INTEGER.fullmatch(cells[n]) for _, cells in keyed())
        for n, k in enumerate(keys)
    ]

    def order(cells: tuple[str, ...]) -> tuple[int | str, ...]:
        return tuple(int(c) if num else c for c, num in zip(cells, numeric))

    before: tuple[int | str, ...] | None = None
    for row, cells in keyed():  # one row at a time: a grown table's keys are not copied
        now = order(cells)
        if before is not None and now < before:
            shown = ", ".join(f"{k}={c!r}" for k, c in zip(keys, cells))
            yield row, None, f"row ({shown}) is out of primary-key order"
        before = now


@rule(
    "JDS007",
    "Double quotes are balanced: every quoted cell is closed, and no quote stands inside an unquoted cell.",
    kind="file",
    example=Edit(PLACES, "lowtown,Lowtown,city,,", 'lowtown,"Lowtown,city,,'),
)
def balanced_quotes(resource: Resource, facts: FileFacts, table: Table | None) -> Findings:
    if facts.odd_quotes:
        yield _unbalanced(resource) or (None, None, QUOTES_MESSAGE)


def _unbalanced(resource: Resource) -> tuple[int, str | None, str] | None:
    """Where the first quote that does not close on its own line opens, or stands inside an
    unquoted cell: (row, field, what to do); ``None`` when every line's quotes close (a cell
    that holds a line break, which leaves the count odd further on)."""
    header: list[str] = []
    with open(resource.file, encoding="utf-8", errors="replace", newline="") as fh:
        for row, line in enumerate(fh, 1):
            cell, at, quoted = 0, 0, False
            text = line.rstrip("\n")
            while at < len(text):
                c = text[at]
                if quoted:
                    if c == '"' and text[at + 1 : at + 2] == '"':
                        at += 1
                    elif c == '"' and text[at + 1 : at + 2] in ("", ","):
                        quoted = False
                    elif c == '"':  # a closing quote is followed by a comma or the line's end
                        break
                elif c == ",":
                    cell += 1
                elif c == '"' and (at == 0 or text[at - 1] == ","):
                    quoted, opened = True, cell
                elif c == '"':
                    return (
                        row,
                        _column(header, cell),
                        (
                            "a double quote stands inside a cell that does not start with one: "
                            'put the whole cell in double quotes and double the quote inside ("")'
                        ),
                    )
                at += 1
            if row == 1:
                header = text.split(",")
            if quoted:
                return (
                    row,
                    _column(header, opened),
                    (
                        "this cell opens a double quote that is not closed on its row: close it "
                        'after the cell\'s last character ("…")'
                    ),
                )
    return None


def _column(header: list[str], cell: int) -> str | None:
    return header[cell] if 0 <= cell < len(header) else None

"""The file rules (JDS001-JDS007): what every CSV of the package must look like on disk.

Each rule is one function of the resource, what reading its bytes established
(:class:`~jihadistds.read.csv.FileFacts`) and the table (``None`` when the file could not be
read at all). A file that cannot be read is one problem, whose rule follows from the typed
cause the reader gives (:data:`RULE_OF`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..read.arrow import take, to_numpy, valid_mask
from ..read.csv import BOM_MESSAGE, QUOTES_MESSAGE, FileFacts, ReadError, Table, Unreadable
from ..read.descriptor import Resource
from ..read.fields import TEXT_TYPES
from .problems import Problem, capped, listed
from .registry import Edit, Rule, register, rule, rules

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@")
BLANK_ROW = "blank-row"  # the cause of a JDS006 problem that is a blank line (check.causes)
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
    Unreadable.TOO_MANY_ROWS: "JDS900",
    Unreadable.TOO_WIDE: "JDS003",
}


def unreadable(error: ReadError) -> Problem:
    """The problem of a file that could not be read as a table."""
    return Problem(error.file or "", error.row, None, error.reason, RULE_OF[error.kind])


def check_file(
    resource: Resource, table: Table | None, error: ReadError | None = None
) -> list[Problem]:
    """Every file rule over one CSV: ``table`` as read, or the ``error`` that stopped reading."""
    facts = table.facts if table is not None else error.facts if error is not None else FileFacts()
    problems = [unreadable(error)] if error is not None else []
    for r in rules("file"):
        if r.check is not None and r.applies_to(resource.name, resource.field_names):
            problems.extend(capped(r.check(resource, facts, table)))
    return problems


@rule(
    "JDS001",
    "A CSV is UTF-8 without a byte-order mark, and is not empty.",
    kind="file",
    example=Edit(PLACES, "place_id,name", "\ufeffplace_id,name"),
)
def no_byte_order_mark(
    resource: Resource, facts: FileFacts, table: Table | None
) -> Iterator[Problem]:
    if facts.bom:
        yield Problem(resource.path, None, None, BOM_MESSAGE, "JDS001")


@rule(
    "JDS002",
    "Lines end in LF alone (no CR), and the file ends with one.",
    kind="file",
    example=Edit(PLACES, "\niran,", "\r\niran,"),
)
def line_endings(resource: Resource, facts: FileFacts, table: Table | None) -> Iterator[Problem]:
    if facts.cr_line is not None:
        yield Problem(
            resource.path,
            facts.cr_line,
            None,
            "line ends in CR (Windows or old Mac line endings); use LF alone",
            "JDS002",
        )
    if not facts.ends_with_newline:
        yield Problem(
            resource.path, None, None, "the file does not end with a line break", "JDS002"
        )


@rule(
    "JDS003",
    "The header row is the schema's field names, in the schema's order.",
    kind="file",
    example=Edit(PLACES, "place_id,name,kind", "place_id,kind,name"),
)
def header_matches_schema(
    resource: Resource, facts: FileFacts, table: Table | None
) -> Iterator[Problem]:
    if table is None or table.labels == table.fields:
        return
    labels, fields = table.labels, table.fields
    missing = [f for f in fields if f not in labels]
    extra = [f for f in labels if f not in fields]
    if missing or extra:
        parts = [
            f"missing {', '.join(map(repr, missing))}" if missing else "",
            f"not in the schema {', '.join(map(repr, extra))}" if extra else "",
        ]
        detail = "; ".join(p for p in parts if p)
    else:
        detail = f"the columns are out of order; the schema's order is {', '.join(fields)}"
    yield Problem(table.path, 1, None, f"the header does not match the schema: {detail}", "JDS003")


def _suspects(resource: Resource, table: Table, name: str) -> list[int]:
    """Rows whose cell in ``name`` may have white space at an edge or start like a formula, found once.

    The first and last byte of each cell (or of each distinct text) find every suspect in one
    vectorised pass; JDS004 and JDS005 then decide the few suspects in Python.
    """
    import numpy as np

    def find() -> list[int]:
        column = table.columns[name]
        if not len(column):
            return []
        formulas = any(f.name == name and f.type in TEXT_TYPES for f in resource.fields)
        # Keys hold mostly distinct values; other columns repeat theirs, and their distinct
        # values and codes are computed once for every check (Table.codes).
        mostly_distinct = set(resource.primary_key) | {f.name for f in resource.fields if f.unique}
        if name in mostly_distinct:
            suspects = _edge_suspects(column, formulas=formulas)
        else:
            suspects = _edge_suspects(table.distinct(name), formulas=formulas)[table.codes(name)]
            if column.null_count:  # a missing cell is not a suspect
                suspects &= valid_mask(column)
        return np.flatnonzero(suspects).tolist()

    found: list[int] = table.cached(("edge-suspects", name), find)
    return found


@rule(
    "JDS004",
    "No cell, header included, has leading or trailing white space.",
    kind="file",
    example=Edit(PLACES, ",Iran,", ", Iran,"),
)
def no_edge_space(resource: Resource, facts: FileFacts, table: Table | None) -> Iterator[Problem]:
    if table is None:
        return
    for position, label in enumerate(table.labels):
        if label != label.strip():
            yield Problem(
                table.path,
                1,
                label.strip() or f"column {position + 1}",
                "header cell has leading or trailing white space",
                "JDS004",
            )
    for name in table.fields:
        column = table.columns[name]
        for i in _suspects(resource, table, name):
            cell = column[i].as_py()
            if cell != cell.strip():
                yield Problem(
                    table.path,
                    table.row_number(i),
                    name,
                    f"cell has leading or trailing white space: {cell[:40]!r}",
                    "JDS004",
                )
    for i, cells in table.extra.items():
        for offset, cell in enumerate(cells):
            if cell != cell.strip():
                label = f"column {len(table.fields) + offset + 1}"
                yield Problem(
                    table.path,
                    table.row_number(i),
                    label,
                    f"cell has leading or trailing white space: {cell[:40]!r}",
                    "JDS004",
                )


@rule(
    "JDS005",
    "No text cell, header included, starts with `=`, `+`, `-` or `@`, which a spreadsheet would run as a formula.",
    kind="file",
    example=Edit(PLACES, ",Iran,", ",=Iran,"),
)
def no_formulas(resource: Resource, facts: FileFacts, table: Table | None) -> Iterator[Problem]:
    if table is None:
        return
    for label in table.labels:  # a spreadsheet runs a formula in the header row too
        if label.startswith(FORMULA_STARTS):
            yield Problem(
                table.path,
                1,
                label,
                f"header cell starts with {label[0]!r}, which a spreadsheet would run as a formula",
                "JDS005",
            )
    text_fields = {f.name for f in resource.fields if f.type in TEXT_TYPES}
    for name in table.fields:
        if name not in text_fields:
            continue
        column = table.columns[name]
        for i in _suspects(resource, table, name):
            cell = column[i].as_py()
            if cell.startswith(FORMULA_STARTS):
                yield Problem(
                    table.path,
                    table.row_number(i),
                    name,
                    f"text cell starts with {cell[0]!r}, which a spreadsheet would run as a formula",
                    "JDS005",
                )


@rule(
    "JDS006",
    "Rows are in primary-key order, with no blank lines.",
    kind="file",
    example=Edit(PLACES, "\niran,", "\n\niran,"),
)
def ordered_rows(resource: Resource, facts: FileFacts, table: Table | None) -> Iterator[Problem]:
    import numpy as np

    if table is None:
        return
    blank = (
        np.flatnonzero(table.counts == 0) if len(table.fields) > 1 else np.zeros(0, dtype=np.int64)
    )
    yield from listed(
        blank,
        lambda i: Problem(
            table.path, table.row_number(i), None, "blank row", "JDS006", cause=BLANK_ROW
        ),
        table.path,
        "JDS006",
    )
    keys = list(resource.primary_key)
    if not keys or not all(k in table.columns for k in keys) or table.n_rows < 2:
        return
    rows = np.flatnonzero(table.counts != 0) if len(table.fields) > 1 else np.arange(table.n_rows)
    types = {f.name: f.type for f in resource.fields}
    key_columns = [
        _sort_column(
            table.text(k) if len(rows) == table.n_rows else take(table.text(k), rows), types.get(k)
        )
        for k in keys
    ]
    earlier = _lexicographic_less(key_columns)

    def out_of_order(j: int) -> Problem:
        i = int(rows[j + 1])
        shown = ", ".join(f"{k}={table.columns[k][i].as_py() or ''!r}" for k in keys)
        return Problem(
            table.path,
            table.row_number(i),
            None,
            f"row ({shown}) is out of primary-key order",
            "JDS006",
        )

    yield from listed(np.flatnonzero(earlier), out_of_order, table.path, "JDS006")


@rule(
    "JDS007",
    "Double quotes are balanced: every quoted cell is closed, and no quote stands inside an unquoted cell.",
    kind="file",
    example=Edit(PLACES, "iran,Iran,country,IRN,", 'iran,"Iran,country,IRN,'),
)
def balanced_quotes(resource: Resource, facts: FileFacts, table: Table | None) -> Iterator[Problem]:
    if facts.odd_quotes:
        yield Problem(resource.path, None, None, QUOTES_MESSAGE, "JDS007")


_ASCII_SPACE = [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]
_FORMULA_BYTES = [ord(c) for c in FORMULA_STARTS]


def _edge_suspects(column: Any, *, formulas: bool) -> npt.NDArray[np.bool_]:
    """Cells whose first or last byte could be white space (or, with ``formulas``, a formula sign)."""
    import numpy as np
    import pyarrow as pa

    # Which bytes make a cell suspect, as lookup tables: any non-ASCII byte may start or end a
    # character str.strip() removes, so those cells are decided in Python.
    last_suspect = np.zeros(256, dtype=bool)
    last_suspect[_ASCII_SPACE] = True
    last_suspect[0x80:] = True
    first_suspect = last_suspect.copy()
    if formulas:
        first_suspect[_FORMULA_BYTES] = True
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    out = []
    for chunk in chunks:
        n = len(chunk)
        if n == 0:
            continue
        _, offsets_buf, data_buf = chunk.buffers()
        offsets = np.frombuffer(offsets_buf, dtype=np.int32)[chunk.offset : chunk.offset + n + 1]
        data = (
            np.frombuffer(data_buf, dtype=np.uint8)
            if data_buf is not None
            else np.zeros(0, np.uint8)
        )
        if not len(data):
            out.append(np.zeros(n, dtype=bool))
            continue
        starts, ends = offsets[:-1], offsets[1:]
        # An empty cell reads a neighbour's byte here; ``ends > starts`` then clears it.
        suspect = first_suspect[data[np.minimum(starts, len(data) - 1)]]
        suspect |= last_suspect[data[np.maximum(ends - 1, 0)]]
        suspect &= ends > starts
        if chunk.null_count:
            suspect &= valid_mask(chunk)
        out.append(suspect)
    return np.concatenate(out) if out else np.zeros(0, dtype=bool)


def _sort_column(column: pa.Array, field_type: str | None) -> Any:
    """Values to order a key column by: integers as numbers where every cell is one, else text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if field_type == "integer":
        try:
            return to_numpy(pc.cast(column, pa.int64()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return column


def _lexicographic_less(columns: list[Any]) -> npt.NDArray[np.bool_]:
    """For rows 1..n-1, whether the key is less than the row before's."""
    import numpy as np
    import pyarrow.compute as pc

    less = None
    for column in reversed(columns):
        if isinstance(column, np.ndarray):
            lt, eq = column[1:] < column[:-1], column[1:] == column[:-1]
        else:
            after, before = column.slice(1), column.slice(0, len(column) - 1)
            lt = to_numpy(pc.less(after, before), False)
            eq = to_numpy(pc.equal(after, before), False)
        less = lt if less is None else lt | (eq & less)
    assert less is not None
    return np.asarray(less, dtype=bool)

"""Reading a package CSV into columns of text, fast, with the file rules (JDS001-JDS006).

The bytes are checked first (encoding, NUL, line endings); a quote-aware scan counts every
record's cells; pyarrow's CSV parser reads the well-formed records and Python's ``csv``
module the few that are not, so a short or long row is kept, not dropped or padded. If the
scan and pyarrow ever disagree (a stray quote inside an unquoted cell, which Python's csv
module reads as text), the whole file is read by the csv module instead: slower, never wrong.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .descriptor import Resource
from .problems import Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_TYPES = {"string", "list", "any"}
MAX_CELL = 1_000_000  # longest cell the csv module will read; bounds memory on hostile input
UTF8_CHUNK = 1 << 22


@dataclass
class Table:
    """A table as text: one column per schema field, in record order.

    A cell a row does not have is null; an empty cell is ``""``. ``counts`` holds how many
    cells each data row has (0 for a blank line) and ``extra`` the cells past the schema's
    fields. Data row ``i`` is physical row ``i + 2`` of the file (the header is row 1).
    """

    name: str
    path: str
    fields: list[str]
    labels: list[str]
    columns: dict[str, pa.Array]
    counts: npt.NDArray[np.int32]
    extra: dict[int, list[str]] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    def row_number(self, index: int) -> int:
        return index + 2

    def text(self, name: str) -> pa.Array:
        """The column with missing cells as ``""``."""
        import pyarrow.compute as pc

        return pc.fill_null(self.columns[name], "")

    def values(self, name: str) -> list[str]:
        return self.text(name).to_pylist()  # type: ignore[no-any-return]

    def rows(self) -> list[dict[str, str]]:
        """Each row as a dict of text; a blank line is an empty dict."""
        columns = [self.values(f) for f in self.fields]
        blank = (self.counts == 0).tolist()
        return [{} if blank[i] else dict(zip(self.fields, cells)) for i, cells in enumerate(zip(*columns))]

    @classmethod
    def from_rows(cls, name: str, path: str, fields: list[str], rows: list[dict[str, str]]) -> Table:
        """A table from rows of text (tests, small inputs); a missing key is a missing cell."""
        import numpy as np
        import pyarrow as pa

        columns = {f: pa.array([row.get(f) for row in rows], type=pa.string()) for f in fields}
        counts = np.array([0 if not row else len(fields) for row in rows], dtype=np.int32)
        return cls(name, path, list(fields), list(fields), columns, counts)


def _first_bad_utf8(data: memoryview) -> int | None:
    """Offset of the first byte that is not valid UTF-8, read in chunks to bound memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), UTF8_CHUNK):
        pending = len(decoder.getstate()[0])  # bytes of a character split across chunks
        try:
            decoder.decode(data[start : start + UTF8_CHUNK], final=start + UTF8_CHUNK >= len(data))
        except UnicodeDecodeError as exc:
            return start - pending + exc.start
    return None


def _csv_rows(text: str) -> list[list[str]]:
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    finally:
        csv.field_size_limit(previous)


def _columns_from_records(records: list[list[str]], width: int, fields: list[str]) -> tuple[dict[str, pa.Array], dict[int, list[str]]]:
    import pyarrow as pa

    extra = {i: r[width:] for i, r in enumerate(records) if len(r) > width}
    columns = {
        name: pa.array([r[j] if j < len(r) else None for r in records], type=pa.string()) for j, name in enumerate(fields)
    }
    return columns, extra


def _parse(body: memoryview, ends: npt.NDArray[np.int64], counts: npt.NDArray[np.int32], fields: list[str]) -> tuple[dict[str, pa.Array], dict[int, list[str]]] | None:
    """Columns of the data records; ``None`` when pyarrow and the scan disagree."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    width = len(fields)
    good = counts == width
    if width == 1:
        good |= counts == 0
    names = [f"c{i}" for i in range(width)]
    data = body[int(ends[0]) :]
    parsed = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=lambda _row: "skip"),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=False
        ),
    )
    if parsed.num_rows != int(good.sum()):
        return None
    columns = {f: parsed.column(n).combine_chunks() for f, n in zip(fields, names)}
    bad = np.flatnonzero(~good)
    if not len(bad):
        return columns, {}
    starts = ends[:-1]
    records = []
    for i in bad.tolist():
        chunk = bytes(body[int(starts[i]) : int(ends[i + 1])]).decode("utf-8")
        rows = _csv_rows(chunk)
        records.append(rows[0] if rows else [])
    bad_columns, bad_extra = _columns_from_records(records, width, fields)
    order = np.empty(len(counts), dtype=np.int64)
    order[np.concatenate((np.flatnonzero(good), bad))] = np.arange(len(counts))
    merged = {f: pa.concat_arrays([columns[f], bad_columns[f]]).take(pa.array(order)) for f in fields}
    extra = {int(bad[i]): cells for i, cells in bad_extra.items()}
    return merged, extra


def read_table(resource: Resource) -> tuple[Table | None, list[Problem]]:
    """Read ``resource``'s CSV into a :class:`Table` and check the file rules.

    Returns the table (``None`` when it cannot be read at all) and the problems found.
    """
    import numpy as np

    from .scan import scan_records

    name = resource.path
    problems: list[Problem] = []

    def problem(row: int | None, field_name: str | None, message: str, rule: str) -> None:
        problems.append(Problem(name, row, field_name, message, rule))

    try:
        raw = resource.file.read_bytes()
    except OSError as exc:
        problem(None, None, f"cannot read the file: {exc.strerror or exc}", "JDS900")
        return None, problems
    if not raw:
        problem(None, None, "the file is empty; it must hold at least the header row", "JDS001")
        return None, problems
    start = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(None, None, "the file starts with a UTF-8 byte-order mark; save it without one", "JDS001")
        start = 3
    body = memoryview(raw)[start:]
    bad = _first_bad_utf8(body)
    if bad is not None:
        line = raw.count(b"\n", 0, start + bad) + 1
        problem(line, None, f"the file is not UTF-8: byte 0x{body[bad]:02x} at line {line} cannot be decoded", "JDS001")
        return None, problems
    cr = raw.find(b"\r", start)
    if cr >= 0:
        problem(raw.count(b"\n", 0, cr) + 1, None, "line ends in CR (Windows or old Mac line endings); use LF alone", "JDS002")
    if not raw.endswith(b"\n"):
        problem(None, None, "the file does not end with a line break", "JDS002")
    nul = raw.find(b"\x00", start)
    if nul >= 0:
        problem(raw.count(b"\n", 0, nul) + 1, None, "the file contains a NUL byte; it is not a text CSV", "JDS001")
        return None, problems

    if raw.count(b'"', start) % 2:
        problem(None, None, "the file has an odd number of double quotes: a quoted cell is never closed, or a quote stands inside an unquoted cell", "JDS007")
    fields = resource.field_names
    counts, ends = scan_records(bytes(body) if start else raw)
    parsed = None
    if len(counts) and cr < 0:
        header_rows = _csv_rows(bytes(body[: int(ends[0])]).decode("utf-8"))
        labels = header_rows[0] if header_rows else []
        parsed = _parse(body, ends, counts[1:], fields) if len(counts) > 1 else ({f: _empty() for f in fields}, {})
    if parsed is None:  # the csv module reads what the fast path could not
        try:
            records = _csv_rows(bytes(body).decode("utf-8"))
        except csv.Error as exc:
            problem(None, None, f"the file cannot be parsed as CSV: {exc}", "JDS900")
            return None, problems
        if not records:
            problem(None, None, "the file has no header row", "JDS001")
            return None, problems
        labels = records[0]
        data_counts = np.array([len(r) for r in records[1:]], dtype=np.int32)
        columns, extra = _columns_from_records(records[1:], len(fields), fields)
    else:
        data_counts = counts[1:].astype(np.int32)
        columns, extra = parsed
    table = Table(resource.name, name, list(fields), labels, columns, data_counts, extra)
    problems += _header_problems(name, labels, fields)
    problems += _cell_problems(resource, table)
    return table, problems


def _empty() -> pa.Array:
    import pyarrow as pa

    return pa.array([], type=pa.string())


def _header_problems(name: str, labels: list[str], fields: list[str]) -> list[Problem]:
    problems = []
    if labels != fields:
        missing = [f for f in fields if f not in labels]
        extra = [f for f in labels if f not in fields]
        if missing or extra:
            parts = [f"missing {', '.join(map(repr, missing))}" if missing else "", f"not in the schema {', '.join(map(repr, extra))}" if extra else ""]
            detail = "; ".join(p for p in parts if p)
        else:
            detail = f"the columns are out of order; the schema's order is {', '.join(fields)}"
        problems.append(Problem(name, 1, None, f"the header does not match the schema: {detail}", "JDS003"))
    for position, label in enumerate(labels):
        if label != label.strip():
            problems.append(Problem(name, 1, label.strip() or f"column {position + 1}", "header cell has leading or trailing white space", "JDS004"))
    return problems


def _cell_problems(resource: Resource, table: Table) -> list[Problem]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    found: list[tuple[int, int, Problem]] = []  # (row, field position, problem): file order
    text_fields = {f["name"] for f in resource.fields if f.get("type", "string") in TEXT_TYPES}
    for position, name in enumerate(table.fields):
        column = table.columns[name]
        if not len(column):
            continue
        spaced = pc.fill_null(pc.not_equal(column, pc.utf8_trim_whitespace(column)), False)
        for i in np.flatnonzero(spaced.to_numpy(zero_copy_only=False)).tolist():
            cell = column[i].as_py()
            found.append((i, position, Problem(table.path, table.row_number(i), name, f"cell has leading or trailing white space: {cell[:40]!r}", "JDS004")))
        if name in text_fields:
            formula = pc.fill_null(pc.match_substring_regex(column, r"^[=+\-@]"), False)
            for i in np.flatnonzero(formula.to_numpy(zero_copy_only=False)).tolist():
                cell = column[i].as_py()
                found.append((i, position, Problem(table.path, table.row_number(i), name, f"text cell starts with {cell[0]!r}, which a spreadsheet would run as a formula", "JDS005")))
    for i, cells in table.extra.items():
        for offset, cell in enumerate(cells):
            label = f"column {len(table.fields) + offset + 1}"
            if cell != cell.strip():
                found.append((i, len(table.fields) + offset, Problem(table.path, table.row_number(i), label, f"cell has leading or trailing white space: {cell[:40]!r}", "JDS004")))
    blank = np.flatnonzero(table.counts == 0) if len(table.fields) > 1 else np.zeros(0, dtype=np.int64)
    for i in blank.tolist():
        found.append((i, -1, Problem(table.path, table.row_number(i), None, "blank row", "JDS006")))
    keys = [k for k in resource.primary_key if k in table.columns]
    if keys and keys == resource.primary_key and table.n_rows > 1:
        rows = np.flatnonzero(table.counts != 0) if len(table.fields) > 1 else np.arange(table.n_rows)
        types = {f["name"]: f.get("type", "string") for f in resource.fields}
        key_columns = [_sort_column(table.text(k).take(pa.array(rows)), types.get(k)) for k in keys]
        earlier = _lexicographic_less(key_columns)
        for j in np.flatnonzero(earlier).tolist():
            i = int(rows[j + 1])
            shown = ", ".join(f"{k}={table.columns[k][i].as_py() or ''!r}" for k in keys)
            found.append((i, -1, Problem(table.path, table.row_number(i), None, f"row ({shown}) is out of primary-key order", "JDS006")))
    found.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in found]


def _sort_column(column: pa.Array, field_type: str | None) -> Any:
    """Values to order a key column by: integers as numbers where every cell is one, else text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if field_type == "integer":
        try:
            return pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return column


def _lexicographic_less(columns: list[Any]) -> npt.NDArray[np.bool_]:
    """For rows 1..n-1, whether the key is less than the row before's."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    less = None
    for column in reversed(columns):
        if isinstance(column, np.ndarray):
            lt, eq = column[1:] < column[:-1], column[1:] == column[:-1]
        else:
            after, before = column.slice(1), column.slice(0, len(column) - 1)
            lt = pc.less(after, before).to_numpy(zero_copy_only=False)
            eq = pc.equal(after, before).to_numpy(zero_copy_only=False)
        less = lt if less is None else lt | (eq & less)
    assert less is not None
    return np.asarray(less, dtype=bool)


__all__ = ["Table", "read_table"]

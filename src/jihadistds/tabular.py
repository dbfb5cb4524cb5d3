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
import os
import threading
from collections.abc import Callable
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
MAX_ROWS = 2**31 - 1  # rows and distinct values are numbered with 32-bit integers


class NotUTF8(Exception):
    """pyarrow found bytes that are not UTF-8; Python then finds where."""


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
    groups: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)  # see cached()
    _locks: dict[tuple[str, ...], threading.Lock] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    def row_number(self, index: int) -> int:
        return index + 2

    def text(self, name: str) -> pa.Array:
        """The column with missing cells as ``""`` (the column itself when none is missing)."""
        import pyarrow.compute as pc

        from ._arrow import scalar

        column = self.columns[name]
        return column if column.null_count == 0 else pc.fill_null(column, scalar(""))

    def cached(self, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``'s result, computed once per key even when threads ask at the same time.

        Validation checks a table's columns from two threads at once (see
        :func:`jihadistds.validation.validate`); they share what either has computed.
        """
        try:
            return self.groups[key]
        except KeyError:
            pass
        lock = self._locks.setdefault(key, threading.Lock())  # setdefault is atomic: one lock per key
        with lock:
            if key not in self.groups:
                self.groups[key] = compute()
        return self.groups[key]

    def distinct(self, name: str) -> pa.Array:
        """The column's distinct texts (missing counted as ""), in order of first appearance, computed once."""
        distinct: pa.Array = self.cached(("encoded", name), lambda: self._encode(name))[0]
        return distinct

    def codes(self, name: str) -> npt.NDArray[np.int32]:
        """Each cell's position in :meth:`distinct`, plus one, computed once."""
        codes: npt.NDArray[np.int32] = self.cached(("encoded", name), lambda: self._encode(name))[1]
        return codes

    def _encode(self, name: str) -> tuple[pa.Array, npt.NDArray[np.int32]]:
        from ._arrow import encode

        distinct, indices = encode(self.text(name))  # no nulls: text() made them ""
        indices += 1
        return distinct, indices

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

        from ._arrow import strings

        columns = {f: strings([row.get(f) for row in rows]) for f in fields}
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
    from ._arrow import strings

    extra = {i: r[width:] for i, r in enumerate(records) if len(r) > width}
    columns = {name: strings([r[j] if j < len(r) else None for r in records]) for j, name in enumerate(fields)}
    return columns, extra


def _parse(path: Any, start: int, fields: list[str]) -> tuple[list[str], dict[str, pa.Array], npt.NDArray[np.int32], dict[int, list[str]]] | None:
    """Labels, columns, cells per row and extra cells; ``None`` when the csv module must read the file.

    pyarrow reads every row that has as many cells as the schema has fields and reports every
    other row to a handler, except an empty line, which it pads. Only when it reports a row, or
    the data holds an empty line, does the byte scan run, to find where each such row is, so it
    can be read exactly and put back in its place.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from ._arrow import take
    from .scan import scan_records

    width = len(fields)
    # The header: the first record, found by scanning a prefix (a header may hold quoted newlines).
    with open(path, "rb") as fh:
        prefix = fh.read(start + (1 << 16))[start:]
        size = fh.seek(0, 2)
    counts, ends = scan_records(prefix)
    if not len(ends) or (int(ends[0]) == len(prefix) and start + len(prefix) < size):
        return None
    header_end = start + int(ends[0])
    header_rows = _csv_rows(prefix[: int(ends[0])].decode("utf-8"))
    labels = header_rows[0] if header_rows else []
    names = [f"c{i}" for i in range(width)]
    invalid = 0

    def on_invalid(_row: Any) -> str:
        nonlocal invalid
        invalid += 1
        return "skip"

    if header_end >= size:  # a header and no rows
        return labels, {f: pa.chunked_array([], type=pa.string()) for f in fields}, np.zeros(0, dtype=np.int32), {}
    source = pa.OSFile(str(path))  # read block by block: a memory map would keep the whole file resident
    source.seek(header_end)
    try:
        parsed = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise NotUTF8 from None
        return None
    columns = {f: parsed.column(n) for f, n in zip(fields, names)}
    # pyarrow pads an empty line into a row of empty cells without reporting it: a row whose
    # first cell is empty may be one, so only then does the scan look.
    first_empty = bool(parsed.num_rows) and pc.min(pc.binary_length(columns[fields[0]])).as_py() == 0 if fields else False
    if not invalid and not first_empty:
        return labels, columns, np.full(parsed.num_rows, width, dtype=np.int32), {}
    with open(path, "rb") as fh:
        fh.seek(header_end)
        body = fh.read()
    counts, ends = scan_records(body)
    good = counts == width
    if width == 1:
        good |= counts == 0
    if parsed.num_rows != int(good.sum()):
        return None
    bad = np.flatnonzero(~good)
    starts = np.concatenate(([0], ends[:-1]))
    records = []
    for i in bad.tolist():
        rows = _csv_rows(body[int(starts[i]) : int(ends[i])].decode("utf-8"))
        records.append(rows[0] if rows else [])
    bad_columns, bad_extra = _columns_from_records(records, width, fields)
    order = np.empty(len(counts), dtype=np.int64)
    order[np.concatenate((np.flatnonzero(good), bad))] = np.arange(len(counts))
    def chunks(column: Any) -> list[pa.Array]:
        return list(column.chunks) if isinstance(column, pa.ChunkedArray) else [column]

    try:
        merged = {f: take(pa.chunked_array(chunks(columns[f]) + chunks(bad_columns[f]), type=pa.string()), order) for f in fields}
    except pa.ArrowException:  # a column of more than 2 GiB of text cannot be one array: the csv module reads it
        return None
    extra = {int(bad[i]): cells for i, cells in bad_extra.items()}
    return labels, merged, counts.astype(np.int32), extra


@dataclass
class _ByteFacts:
    """What one streaming pass over a file's bytes learns."""

    size: int = 0
    bom: bool = False
    first_cr: int = -1
    first_nul: int = -1
    quotes: int = 0
    ends_with_newline: bool = False
    bad_utf8: bool = False


class _Utf8Check:
    """Whether a stream of bytes is UTF-8, fed in chunks; Arrow's validator does the work.

    (Python's decoder is twenty times slower. A character split across chunks is carried over.)
    """

    def __init__(self) -> None:
        self.valid = True
        self.carry = b""

    def _check(self, data: bytes | memoryview) -> None:
        import numpy as np
        import pyarrow as pa

        offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32))
        try:
            pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
        except pa.ArrowInvalid:
            self.valid = False

    def feed(self, chunk: bytes | memoryview) -> None:
        """Check ``chunk``; it may be a view of a buffer the caller reuses (what is carried is copied)."""
        if not self.valid:
            return
        data = memoryview(self.carry + chunk) if self.carry else memoryview(chunk)
        # Back up over a character the chunk ends inside: its lead byte and continuation bytes.
        cut = len(data)
        for back in range(1, min(4, len(data)) + 1):
            byte = data[-back]
            if byte < 0x80:
                break
            if byte >= 0xC0:
                needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
                if back < needed:
                    cut = len(data) - back
                break
        self.carry = bytes(data[cut:])
        self._check(data[:cut])

    def finish(self) -> bool:
        if self.valid and self.carry:
            self._check(self.carry)
        return self.valid


def _byte_facts(path: Any) -> _ByteFacts:
    """BOM, CR, NUL, quotes, final newline and UTF-8 validity, in chunks of bounded size.

    One buffer is read into, chunk after chunk (a new buffer per chunk would cost the kernel
    a fresh page for every 4 KiB read).
    """
    import numpy as np

    facts = _ByteFacts()
    utf8 = _Utf8Check()
    last = 0
    with open(path, "rb", buffering=0) as fh:
        # No bigger than the file: zeroing 4 MiB for a small table would cost more than reading it.
        chunk_size = max(1, min(UTF8_CHUNK, os.fstat(fh.fileno()).st_size))
        buffer = bytearray(chunk_size)
        view, octets, is_quote = memoryview(buffer), np.frombuffer(buffer, dtype=np.uint8), np.empty(chunk_size, dtype=bool)
        offset = 0
        while n := fh.readinto(view):
            if offset == 0 and buffer[: min(n, 3)] == b"\xef\xbb\xbf":
                facts.bom = True
            if facts.first_cr < 0 and (i := buffer.find(b"\r", 0, n)) >= 0:
                facts.first_cr = offset + i
            if facts.first_nul < 0 and (i := buffer.find(b"\x00", 0, n)) >= 0:
                facts.first_nul = offset + i
            facts.quotes += int(np.count_nonzero(np.equal(octets[:n], 0x22, out=is_quote[:n])))
            utf8.feed(view[:n])
            offset += n
            last = buffer[n - 1]
    facts.bad_utf8 = not utf8.finish()
    facts.size = offset
    facts.ends_with_newline = last == 0x0A
    return facts


def read_table(resource: Resource, *, cells: bool = True) -> tuple[Table | None, list[Problem]]:
    """Read ``resource``'s CSV into a :class:`Table` and check the file rules.

    Returns the table (``None`` when it cannot be read at all) and the problems found. The
    bytes are checked in one streaming pass; pyarrow then reads the file itself, so the whole
    file is never held twice. With ``cells=False`` the rules about cells (white space,
    formulas, blank rows, key order) are left to a later :func:`cell_problems`.
    """
    import numpy as np

    name = resource.path
    problems: list[Problem] = []

    def problem(row: int | None, field_name: str | None, message: str, rule: str) -> None:
        problems.append(Problem(name, row, field_name, message, rule))

    try:
        facts = _byte_facts(resource.file)
    except OSError as exc:
        problem(None, None, f"cannot read the file: {exc.strerror or exc}", "JDS900")
        return None, problems
    if not facts.size:
        problem(None, None, "the file is empty; it must hold at least the header row", "JDS001")
        return None, problems
    start = 3 if facts.bom else 0
    if facts.bom:
        problem(None, None, "the file starts with a UTF-8 byte-order mark; save it without one", "JDS001")

    def line_of(offset: int) -> int:
        with open(resource.file, "rb") as fh:
            return fh.read(offset).count(b"\n") + 1

    if facts.bad_utf8:
        raw = resource.file.read_bytes()
        bad = _first_bad_utf8(memoryview(raw)[start:])
        assert bad is not None
        line = raw.count(b"\n", 0, start + bad) + 1
        problem(line, None, f"the file is not UTF-8: byte 0x{raw[start + bad]:02x} at line {line} cannot be decoded", "JDS001")
        return None, problems
    if facts.first_cr >= 0:
        problem(line_of(facts.first_cr), None, "line ends in CR (Windows or old Mac line endings); use LF alone", "JDS002")
    if not facts.ends_with_newline:
        problem(None, None, "the file does not end with a line break", "JDS002")
    if facts.first_nul >= 0:
        problem(line_of(facts.first_nul), None, "the file contains a NUL byte; it is not a text CSV", "JDS001")
        return None, problems
    if facts.quotes % 2:
        problem(None, None, "the file has an odd number of double quotes: a quoted cell is never closed, or a quote stands inside an unquoted cell", "JDS007")
    fields = resource.field_names
    parsed = _parse(resource.file, start, fields) if facts.first_cr < 0 else None
    if parsed is None:  # the csv module reads what the fast path could not
        try:
            records = _csv_rows(resource.file.read_bytes()[start:].decode("utf-8"))
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
        labels, columns, data_counts, extra = parsed
    if len(data_counts) > MAX_ROWS:
        problem(None, None, f"the table has {len(data_counts):,} rows; at most {MAX_ROWS:,} can be checked", "JDS900")
        return None, problems
    table = Table(resource.name, name, list(fields), labels, columns, data_counts, extra)
    problems += _header_problems(name, labels, fields)
    if cells:
        problems += cell_problems(resource, table)
    return table, problems


def require_rows(path: str, fields: list[str], labels: list[str], counts: npt.NDArray[np.int32]) -> None:
    """Raise :class:`PackageError` unless the header is the schema's and every row has a cell per field.

    For readers that load a table rather than report on it: a short or long row is refused,
    never padded or cut.
    """
    from .errors import PackageError

    if labels != fields:
        raise PackageError(f"the header is {', '.join(labels)}; the schema's fields are {', '.join(fields)}", file=path, row=1)
    wrong = (counts != len(fields)).nonzero()[0]
    if len(wrong):
        i = int(wrong[0])
        got = int(counts[i])
        raise PackageError("blank row" if got == 0 else f"the row has {got} cells; the header has {len(fields)}", file=path, row=i + 2)


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


def cell_problems(resource: Resource, table: Table) -> list[Problem]:
    """The file rules about cells and rows (JDS004-JDS006), in file order."""
    import numpy as np

    from ._arrow import take, valid_mask

    found: list[tuple[int, int, Problem]] = []  # (row, field position, problem): file order
    text_fields = {f["name"] for f in resource.fields if f.get("type", "string") in TEXT_TYPES}
    # Keys hold mostly distinct values; other columns repeat theirs, and their distinct values
    # and codes are computed once for every check (Table.codes).
    mostly_distinct = set(resource.primary_key) | {f["name"] for f in resource.fields if f.get("constraints", {}).get("unique")}
    for position, name in enumerate(table.fields):
        column = table.columns[name]
        if not len(column):
            continue
        # The first and last byte of each cell (or of each distinct text) find every suspect in
        # one vectorised pass; the few suspects (and non-ASCII edges) are then decided in Python.
        formulas = name in text_fields
        if name in mostly_distinct:
            suspects = _edge_suspects(column, formulas=formulas)
        else:
            suspects = np.concatenate(([False], _edge_suspects(table.distinct(name), formulas=formulas)))[table.codes(name)]
            if column.null_count:  # a missing cell is not a suspect
                suspects &= valid_mask(column)
        for i in np.flatnonzero(suspects).tolist():
            cell = column[i].as_py()
            if cell != cell.strip():
                found.append((i, position, Problem(table.path, table.row_number(i), name, f"cell has leading or trailing white space: {cell[:40]!r}", "JDS004")))
            if name in text_fields and cell.startswith(FORMULA_STARTS):
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
        key_columns = [_sort_column(table.text(k) if len(rows) == table.n_rows else take(table.text(k), rows), types.get(k)) for k in keys]
        earlier = _lexicographic_less(key_columns)
        for j in np.flatnonzero(earlier).tolist():
            i = int(rows[j + 1])
            shown = ", ".join(f"{k}={table.columns[k][i].as_py() or ''!r}" for k in keys)
            found.append((i, -1, Problem(table.path, table.row_number(i), None, f"row ({shown}) is out of primary-key order", "JDS006")))
    found.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in found]


_ASCII_SPACE = [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]
_FORMULA_BYTES = [ord(c) for c in FORMULA_STARTS]


def _edge_suspects(column: Any, *, formulas: bool) -> npt.NDArray[np.bool_]:
    """Cells whose first or last byte could be white space (or, with ``formulas``, a formula sign)."""
    import numpy as np
    import pyarrow as pa

    from ._arrow import valid_mask

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
        data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
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

    from ._arrow import to_numpy

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

    from ._arrow import to_numpy

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


__all__ = ["Table", "cell_problems", "read_table"]

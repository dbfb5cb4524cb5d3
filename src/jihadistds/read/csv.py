"""The one strict reader: a package CSV's bytes to columns of Arrow text.

Every path that reads a table (validation, ``load``, ``records``, ``show``, ``export``) reads
it here, so all of them accept and refuse the same files with the same words.
:func:`read_table` reads whatever can be read and says what it saw (:class:`FileFacts`) for
the file rules to judge; :func:`read_strict`, for the loaders, also refuses a file whose
text cannot be trusted to hold the table (a byte-order mark, an unclosed quote, a header
that is not the schema's, a row with too few or too many cells).

The bytes are checked first (encoding, NUL, line endings); a quote-aware scan counts every
record's cells; pyarrow's CSV parser reads the well-formed records and Python's ``csv``
module the few that are not, so a short or long row is kept, not dropped or padded. If the
scan and pyarrow ever disagree (a stray quote inside an unquoted cell, which Python's csv
module reads as text), the whole file is read by the csv module instead: slower, never wrong.
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..errors import PackageError
from .arrow import encode, from_numpy, scalar, strings, take
from .descriptor import Resource
from .scan import scan_records

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

MAX_CELL = 1_000_000  # longest cell the csv module will read; bounds memory on hostile input
UTF8_CHUNK = 1 << 22
MAX_ROWS = 2**31 - 1  # rows and distinct values are numbered with 32-bit integers
# A header may have at most this many cells, or twice the schema's fields if that is more:
# a megabyte of commas is one clear problem, not a million.
MAX_HEADER_CELLS = 10_000


BOM_MESSAGE = "the file starts with a UTF-8 byte-order mark; save it without one"
QUOTES_MESSAGE = (
    "the file has an odd number of double quotes: a quoted cell is never closed, "
    "or a quote stands inside an unquoted cell"
)


class _TooWide(Exception):
    """The header has more cells than :func:`header_limit` allows; ``args[0]`` is how many."""


def header_limit(fields: int) -> int:
    """How many cells a header may have for a schema of ``fields`` fields."""
    return max(MAX_HEADER_CELLS, 2 * fields)


class Unreadable(enum.Enum):
    """Why a file could not be read as a table at all: a structured cause, never a message to parse."""

    CANNOT_OPEN = "cannot-open"  # missing, a folder, no permission: the OS said no
    EMPTY = "empty"  # no bytes at all
    NOT_UTF8 = "not-utf8"
    NUL = "nul"  # a NUL byte: not a text file
    NOT_CSV = "not-csv"  # the csv module cannot parse it
    NO_HEADER = "no-header"
    TOO_MANY_ROWS = "too-many-rows"  # more rows than 32-bit codes can number
    TOO_WIDE = "too-wide"  # a header of more cells than any schema here could mean


@dataclass(frozen=True)
class FileFacts:
    """What reading a file's bytes established, for the file rules (JDS001, JDS002, JDS007) to judge.

    A reader that stops early (a file that is not UTF-8, say) has established only what it
    checked before it stopped; the rest keeps its harmless default.
    """

    bom: bool = False
    cr_line: int | None = None  # the line of the first CR
    ends_with_newline: bool = True
    odd_quotes: bool = False


class ReadError(PackageError):
    """A file that cannot be read as a table; ``kind`` says why and ``facts`` what was seen first."""

    def __init__(
        self,
        kind: Unreadable,
        message: str,
        *,
        file: str,
        row: int | None = None,
        facts: FileFacts = FileFacts(),
    ) -> None:
        super().__init__(message, file=file, row=row)
        self.kind = kind
        self.facts = facts


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
    facts: FileFacts = FileFacts()
    groups: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)  # see cached()

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    def row_number(self, index: int) -> int:
        return index + 2

    def text(self, name: str) -> pa.Array:
        """The column with missing cells as ``""`` (the column itself when none is missing)."""
        import pyarrow.compute as pc

        column = self.columns[name]
        return column if column.null_count == 0 else pc.fill_null(column, scalar(""))

    def cached(self, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``'s result, computed once per key: the file and dataset rules share it."""
        if key not in self.groups:
            self.groups[key] = compute()
        return self.groups[key]

    def distinct(self, name: str) -> pa.Array:
        """The column's distinct texts (missing counted as ""), in order of first appearance, computed once."""
        distinct: pa.Array = self.cached(("encoded", name), lambda: encode(self.text(name)))[0]
        return distinct

    def codes(self, name: str) -> npt.NDArray[np.int32]:
        """Each cell's position in :meth:`distinct` (:mod:`~jihadistds.read.codes`), computed once.

        There is no null code: :meth:`text` reads a missing cell as "".
        """
        codes: npt.NDArray[np.int32] = self.cached(
            ("encoded", name), lambda: encode(self.text(name))
        )[1]
        return codes

    def values(self, name: str) -> list[str]:
        return self.text(name).to_pylist()  # type: ignore[no-any-return]

    def rows(self) -> list[dict[str, str]]:
        """Each row as a dict of text; a blank line is an empty dict."""
        columns = [self.values(f) for f in self.fields]
        blank = (self.counts == 0).tolist()
        return [
            {} if blank[i] else dict(zip(self.fields, cells))
            for i, cells in enumerate(zip(*columns))
        ]

    @classmethod
    def from_rows(
        cls, name: str, path: str, fields: list[str], rows: list[dict[str, str]]
    ) -> Table:
        """A table from rows of text (tests, small inputs); a missing key is a missing cell."""
        import numpy as np

        columns = {f: strings([row.get(f) for row in rows]) for f in fields}
        counts = np.array([0 if not row else len(fields) for row in rows], dtype=np.int32)
        return cls(name, path, list(fields), list(fields), columns, counts)


def _first_bad_utf8(path: Any, start: int) -> tuple[int, int, int] | None:
    """The first byte from ``start`` that is not UTF-8: (offset, the byte, its line); streamed.

    The file is read a chunk at a time, so a bad byte at the end of a huge file costs time,
    not memory.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    with open(path, "rb") as fh:
        fh.seek(start)
        offset = start
        while chunk := fh.read(UTF8_CHUNK):
            pending = decoder.getstate()[0]  # bytes of a character split across chunks
            try:
                decoder.decode(chunk, final=len(chunk) < UTF8_CHUNK)
            except UnicodeDecodeError as exc:
                bad = exc.start - len(pending)  # within chunk; negative: in the carried bytes
                at = offset + bad
                line = newlines + chunk.count(b"\n", 0, max(bad, 0)) + 1
                byte = chunk[bad] if bad >= 0 else pending[bad]
                return at, byte, line
            newlines += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, decoder.getstate()[0][0], newlines + 1
    return None


def _line_of(path: Any, offset: int) -> int:
    """The line (from 1) that byte ``offset`` of the file is on, counted in chunks."""
    newlines = 0
    with open(path, "rb") as fh:
        remaining = offset
        while remaining > 0 and (chunk := fh.read(min(UTF8_CHUNK, remaining))):
            newlines += chunk.count(b"\n")
            remaining -= len(chunk)
    return newlines + 1


def _csv_rows(text: str) -> list[list[str]]:
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    finally:
        csv.field_size_limit(previous)


def _columns_from_records(
    records: list[list[str]], width: int, fields: list[str]
) -> tuple[dict[str, pa.Array], dict[int, list[str]]]:
    extra = {i: r[width:] for i, r in enumerate(records) if len(r) > width}
    columns = {
        name: strings([r[j] if j < len(r) else None for r in records])
        for j, name in enumerate(fields)
    }
    return columns, extra


def _parse(
    path: Any, start: int, fields: list[str]
) -> tuple[list[str], dict[str, pa.Array], npt.NDArray[np.int32], dict[int, list[str]]] | None:
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

    width = len(fields)
    # The header: the first record, found by scanning a prefix (a header may hold quoted newlines).
    with open(path, "rb") as fh:
        prefix = fh.read(start + (1 << 16))[start:]
        size = fh.seek(0, 2)
    counts, ends = scan_records(prefix, ord(","))
    if not len(ends) or (int(ends[0]) == len(prefix) and start + len(prefix) < size):
        return None
    header_end = start + int(ends[0])
    header_rows = _csv_rows(prefix[: int(ends[0])].decode("utf-8"))
    labels = header_rows[0] if header_rows else []
    if len(labels) > header_limit(len(fields)):
        raise _TooWide(len(labels))
    names = [f"c{i}" for i in range(width)]
    invalid = 0

    def on_invalid(_row: Any) -> str:
        nonlocal invalid
        invalid += 1
        return "skip"

    if header_end >= size:  # a header and no rows
        return (
            labels,
            {f: pa.chunked_array([], type=pa.string()) for f in fields},
            np.zeros(0, dtype=np.int32),
            {},
        )
    source = pa.OSFile(
        str(path)
    )  # read block by block: a memory map would keep the whole file resident
    source.seek(header_end)
    try:
        parsed = pacsv.read_csv(
            source,
            # One thread: pyarrow's reader threads can outlive the read and abort the
            # interpreter at exit ("terminate called without an active exception").
            read_options=pacsv.ReadOptions(
                column_names=names, block_size=1 << 24, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except pa.ArrowException:  # the bytes were UTF-8 (checked first): the csv module reads it
        return None
    columns = {f: parsed.column(n) for f, n in zip(fields, names)}
    # pyarrow pads an empty line into a row of empty cells without reporting it: a row whose
    # first cell is empty may be one, so only then does the scan look.
    first_empty = (
        bool(parsed.num_rows) and pc.min(pc.binary_length(columns[fields[0]])).as_py() == 0
        if fields
        else False
    )
    if not invalid and not first_empty:
        return labels, columns, np.full(parsed.num_rows, width, dtype=np.int32), {}
    with open(path, "rb") as fh:
        fh.seek(header_end)
        body = fh.read()
    counts, ends = scan_records(body, ord(","))
    # pyarrow read every row of the header's width, and padded each blank line into a row
    # of empty cells; a blank line has no cells, so those become nulls (with one field, a
    # blank line is one empty cell, as the csv module reads it too).
    blank = counts == 0
    good = (counts == width) | blank
    if parsed.num_rows != int(good.sum()):
        return None
    if width > 1 and blank.any():
        padded = from_numpy(blank[good])  # pa.array() would import pandas
        columns = {
            f: pc.if_else(padded, scalar(None, pa.string()), column)
            for f, column in columns.items()
        }
    # Rows of the wrong width pyarrow did not read: the csv module reads them one by one.
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
        merged = {
            f: take(
                pa.chunked_array(chunks(columns[f]) + chunks(bad_columns[f]), type=pa.string()),
                order,
            )
            for f in fields
        }
    except (
        pa.ArrowException
    ):  # a column of more than 2 GiB of text cannot be one array: the csv module reads it
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
    complete: bool = True  # False when the pass stopped at a NUL or bad byte


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
            pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)]).validate(
                full=True
            )
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
        view, octets, is_quote = (
            memoryview(buffer),
            np.frombuffer(buffer, dtype=np.uint8),
            np.empty(chunk_size, dtype=bool),
        )
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
            if facts.first_nul >= 0 or not utf8.valid:
                break  # the file will be refused at what was found: read no further
    facts.bad_utf8 = not utf8.finish()
    facts.size = offset
    facts.complete = not (facts.first_nul >= 0 or facts.bad_utf8)
    facts.ends_with_newline = last == 0x0A
    return facts


def read_table(resource: Resource) -> Table:
    """Read ``resource``'s CSV into a :class:`Table`, keeping every row as it is.

    The file is read as this dataset writes its CSVs: comma-separated, double-quoted, UTF-8.
    Raises :class:`ReadError` when the file cannot be read as a table at all. The bytes are
    checked in one streaming pass; pyarrow then reads the file itself, so the whole file is
    never held twice. What the bytes showed is in ``Table.facts``; a short or long row is
    kept as it is (``Table.counts``), for the checks to report.
    """
    import numpy as np

    name = resource.path
    try:
        seen = _byte_facts(resource.file)
    except OSError as exc:
        raise ReadError(
            Unreadable.CANNOT_OPEN, f"cannot read the file: {exc.strerror or exc}", file=name
        ) from None
    if not seen.size:
        raise ReadError(
            Unreadable.EMPTY, "the file is empty; it must hold at least the header row", file=name
        )
    start = 3 if seen.bom else 0
    facts = FileFacts(bom=seen.bom)

    def line_of(offset: int) -> int:
        return _line_of(resource.file, offset)

    if seen.bad_utf8:
        found = _first_bad_utf8(resource.file, start)
        assert found is not None
        _, byte, line = found
        message = f"the file is not UTF-8: byte 0x{byte:02x} at line {line} cannot be decoded"
        raise ReadError(Unreadable.NOT_UTF8, message, file=name, row=line, facts=facts)

    facts = replace(
        facts,
        cr_line=line_of(seen.first_cr) if seen.first_cr >= 0 else None,
        ends_with_newline=seen.ends_with_newline,
    )
    if seen.first_nul >= 0:
        line = line_of(seen.first_nul)
        raise ReadError(
            Unreadable.NUL,
            "the file contains a NUL byte; it is not a text CSV",
            file=name,
            row=line,
            facts=facts,
        )
    facts = replace(facts, odd_quotes=bool(seen.quotes % 2))
    fields = resource.field_names

    def too_wide(cells: int) -> ReadError:
        message = (
            f"the header has {cells:,} cells; a header may have at most "
            f"{header_limit(len(fields)):,} (twice the schema's fields, or "
            f"{MAX_HEADER_CELLS:,} if that is more), so the file is not checked"
        )
        return ReadError(Unreadable.TOO_WIDE, message, file=name, row=1, facts=facts)

    try:
        # A file with a CR is left to the csv module.
        parsed = _parse(resource.file, start, fields) if seen.first_cr < 0 else None
    except _TooWide as exc:
        raise too_wide(exc.args[0]) from None
    if parsed is None:  # the csv module reads what the fast path could not
        try:
            records = _csv_rows(resource.file.read_bytes()[start:].decode("utf-8"))
        except csv.Error as exc:
            raise ReadError(
                Unreadable.NOT_CSV,
                f"the file cannot be parsed as CSV: {exc}",
                file=name,
                facts=facts,
            ) from None
        if not records:
            raise ReadError(
                Unreadable.NO_HEADER, "the file has no header row", file=name, facts=facts
            )
        labels = records[0]
        if len(labels) > header_limit(len(fields)):
            raise too_wide(len(labels))
        data_counts = np.array([len(r) for r in records[1:]], dtype=np.int32)
        columns, extra = _columns_from_records(records[1:], len(fields), fields)
    else:
        labels, columns, data_counts, extra = parsed
    if len(data_counts) > MAX_ROWS:
        message = f"the table has {len(data_counts):,} rows; at most {MAX_ROWS:,} can be checked"
        raise ReadError(Unreadable.TOO_MANY_ROWS, message, file=name, facts=facts)
    return Table(
        resource.name, name, list(fields), labels, columns, data_counts, extra, facts=facts
    )


def read_strict(resource: Resource) -> Table:
    """``resource``'s table, for a reader that loads it rather than reports on it.

    Raises :class:`~jihadistds.errors.PackageError` (file, row) for a file :func:`read_table`
    cannot read, and for one whose text cannot be trusted to hold the table: a byte-order
    mark, an odd number of double quotes, a header that is not the schema's fields, a blank
    row, or a row with too few or too many cells. Nothing is padded, cut or skipped.
    """
    table = read_table(resource)
    fields, labels, counts = table.fields, table.labels, table.counts
    if table.facts.bom:
        raise PackageError(BOM_MESSAGE, file=table.path)
    if table.facts.odd_quotes:
        raise PackageError(QUOTES_MESSAGE, file=table.path)
    if labels != fields:
        raise PackageError(
            f"the header is {', '.join(labels)}; the schema's fields are {', '.join(fields)}",
            file=table.path,
            row=1,
        )
    wrong = (counts != len(fields)).nonzero()[0]
    if len(wrong):
        i = int(wrong[0])
        got = int(counts[i])
        raise PackageError(
            "blank row" if got == 0 else f"the row has {got} cells; the header has {len(fields)}",
            file=table.path,
            row=i + 2,
        )
    return table


__all__ = [
    "BOM_MESSAGE",
    "QUOTES_MESSAGE",
    "FileFacts",
    "ReadError",
    "Table",
    "Unreadable",
    "header_limit",
    "read_strict",
    "read_table",
]

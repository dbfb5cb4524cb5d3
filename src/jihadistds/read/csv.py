"""The one strict reader: a package CSV's bytes to rows of text.

Every path that reads a table (validation, ``load``, ``records``, ``show``, ``export``) reads
it here, so all of them accept and refuse the same files with the same words.
:func:`read_table` reads whatever can be read and says what it saw (:class:`FileFacts`) for
the file rules to judge; :func:`read_strict`, for the loaders, also refuses a file whose
text cannot be trusted to hold the table (a byte-order mark, an unclosed quote, a header
that is not the schema's, a row with too few or too many cells).

The bytes are checked first, in one streaming pass (encoding, NUL, line endings, quotes);
then Python's ``csv`` module reads the records as they are, so a short or long row is kept,
not dropped or padded.
"""

from __future__ import annotations

import codecs
import csv
import enum
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ..errors import PackageError
from .descriptor import Resource

MAX_CELL = 1_000_000  # longest cell the csv module will read; bounds memory on hostile input
CHUNK = 1 << 22
# A header may have at most this many cells, or twice the schema's fields if that is more:
# a megabyte of commas is one clear problem, not a million.
MAX_HEADER_CELLS = 10_000

BOM_MESSAGE = "the file starts with a UTF-8 byte-order mark; save it without one"
QUOTES_MESSAGE = (
    "the file has an odd number of double quotes: a quoted cell is never closed, "
    "or a quote stands inside an unquoted cell"
)


class Unreadable(enum.Enum):
    """Why a file could not be read as a table at all: a structured cause, never a message to parse."""

    CANNOT_OPEN = "cannot-open"  # missing, a folder, no permission: the OS said no
    EMPTY = "empty"  # no bytes at all
    NOT_UTF8 = "not-utf8"
    NUL = "nul"  # a NUL byte: not a text file
    NOT_CSV = "not-csv"  # the csv module cannot parse it
    NO_HEADER = "no-header"
    TOO_WIDE = "too-wide"  # a header of more cells than any schema here could mean


@dataclass
class FileFacts:
    """What one streaming pass over a file's bytes established, for the file rules (JDS001,
    JDS002, JDS007) to judge; ``bad_byte`` is (byte, line).

    A reader that stops early (a file that is not UTF-8, say) has established only what it
    checked before it stopped; the rest keeps its harmless default.
    """

    bom: bool = False
    cr_line: int | None = None  # the line of the first CR
    last: int = 0x0A  # the last byte
    quotes: int = 0
    size: int = 0
    nul_line: int | None = None
    bad_byte: tuple[int, int] | None = None
    lines: int = 1  # counted only when exact

    @property
    def ends_with_newline(self) -> bool:
        return self.last == 0x0A

    @property
    def odd_quotes(self) -> bool:
        return bool(self.quotes % 2)


class ReadError(PackageError):
    """A file that cannot be read as a table; ``kind`` says why and ``facts`` what was seen first."""

    def __init__(
        self,
        kind: Unreadable,
        message: str,
        *,
        file: str,
        row: int | None = None,
        facts: FileFacts | None = None,
    ) -> None:
        super().__init__(message, file=file, row=row)
        self.kind = kind
        self.facts = facts or FileFacts()


@dataclass
class Table:
    """A table as text: its header and its data rows, each as the csv module read it.

    A blank line is an empty record; a short row has fewer cells than ``fields`` and a long
    one more. Data row ``i`` is physical row ``i + 2`` of the file (the header is row 1).
    The cells are kept by column, one list per header cell (a grown table's rows cost a
    pointer a cell, not a list each); a record whose cell count is not the header's is kept
    whole in ``odd``, by index, with blanks in the columns.
    """

    name: str
    path: str
    fields: list[str]
    labels: list[str]
    columns: list[list[str]]
    odd: dict[int, list[str]]
    n_rows: int
    facts: FileFacts = field(default_factory=FileFacts)

    @property
    def records(self) -> Iterator[Sequence[str]]:
        """Every record in order, as it was read."""
        rows: Iterator[Sequence[str]] = (
            zip(*self.columns) if self.columns else itertools.repeat((), self.n_rows)
        )
        if not self.odd:
            return rows
        return (self.odd.get(i, r) for i, r in enumerate(rows))

    def record(self, index: int) -> list[str]:
        """Record ``index`` (physical row ``index + 2``), as it was read."""
        if index in self.odd:
            return self.odd[index]
        return [column[index] for column in self.columns]

    @property
    def live_rows(self) -> int:
        """How many rows are not blank lines."""
        regular = self.n_rows - len(self.odd) if self.columns else 0
        return regular + sum(1 for r in self.odd.values() if r)

    def column(self, name: str) -> list[str]:
        """Every row's cell in ``name``, ``""`` where a row has none."""
        j = self.fields.index(name)
        cells = list(self.columns[j]) if j < len(self.columns) else [""] * self.n_rows
        for i, record in self.odd.items():
            cells[i] = record[j] if j < len(record) else ""
        return cells

    def select(self, *names: str) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(physical row, the cells of ``names``) for every row that is not a blank line."""
        at = [self.fields.index(n) for n in names]
        if not self.odd and all(j < len(self.columns) for j in at):
            yield from enumerate(zip(*(self.columns[j] for j in at)), 2)
            return
        get = itemgetter(*at) if len(at) > 1 else lambda r, j=at[0]: (r[j],)
        width = len(self.fields)
        for i, record in enumerate(self.records, 2):
            if len(record) >= width:
                yield i, get(record)
            elif record:
                yield i, get((*record, *[""] * (width - len(record))))

    def rows(self) -> list[dict[str, str]]:
        """Each row as a dict of text (``""`` for a cell it lacks); a blank line is an empty dict."""
        width = len(self.fields)
        return [
            dict(zip(self.fields, (*r, *[""] * (width - len(r))) if len(r) < width else r))
            if r
            else {}
            for r in self.records
        ]


def _byte_facts(path: object, *, exact: bool = True) -> FileFacts:
    """BOM, CR, NUL, quotes, the last byte and UTF-8 validity, a chunk at a time.

    Without ``exact``, UTF-8 is not checked and lines are not counted: whether there is a CR
    or a NUL is known, not on which line.
    """
    facts = FileFacts()
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1  # the line the chunk starts on
    with open(path, "rb") as fh:  # type: ignore[call-overload]
        while chunk := fh.read(CHUNK):
            if not facts.size and chunk.startswith(b"\xef\xbb\xbf"):
                facts.bom = True
            if facts.cr_line is None and (i := chunk.find(b"\r")) >= 0:
                facts.cr_line = lines + chunk.count(b"\n", 0, i)
            pending = decoder.getstate()[0]  # bytes of a character split across chunks
            try:
                if exact:
                    decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = exc.start - len(pending)  # within chunk; negative: in the carried bytes
                byte = chunk[bad] if bad >= 0 else pending[bad]
                facts.bad_byte = byte, lines + chunk.count(b"\n", 0, max(bad, 0))
                return facts  # the file is refused at what was found: read no further
            if (i := chunk.find(b"\x00")) >= 0:
                facts.nul_line = lines + chunk.count(b"\n", 0, i)
                facts.last = chunk[-1]  # of what was read: a small file's last byte
                return facts
            facts.quotes += chunk.count(b'"')
            lines += chunk.count(b"\n") if exact else 0
            facts.size += len(chunk)
            facts.last = chunk[-1]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        facts.bad_byte = decoder.getstate()[0][0], lines
    facts.lines = lines
    return facts


def _columns(
    records: Iterator[list[str]], width: int, rows: int = 0
) -> tuple[list[list[str]], dict[int, list[str]], int]:
    """``records`` by column, the odd ones (not ``width`` cells) aside, and how many there were.

    ``rows``, at least the number of records, sizes each column once: a list grown a block
    at a time is moved as it grows, and the holes it leaves behind stay in the process.

    Each distinct text of a column is kept once: ids, dates and words repeat down a column. A
    column whose texts are nearly all distinct (a key) stops being interned after a block of
    rows, so that its dictionary does not hold a grown table's cells twice.
    """
    texts: list[dict[str, str]] = [{} for _ in range(width)]
    keep: list[Callable[[str, str], str]] = [t.setdefault for t in texts]
    columns: list[list[str]] = [[""] * rows for _ in range(width)]
    odd: dict[int, list[str]] = {}
    blank = [""] * width

    def aside(index: int, record: list[str]) -> list[str]:
        odd[index] = record
        return blank

    n = 0
    while block := [
        [k(c, c) for k, c in zip(keep, r)] if len(r) == width else aside(n + i, r)
        for i, r in enumerate(itertools.islice(records, 65_536))
    ]:
        for column, part in zip(columns, zip(*block)):
            column[n : n + len(part)] = part
        n += len(block)
        for j, t in enumerate(texts):
            if len(t) > n * 0.9:
                keep[j] = lambda cell, _: cell
                t.clear()
    for column in columns:
        del column[n:]
    return columns, odd, n


def _rows_at_most(seen: FileFacts, width: int) -> int:
    """How many records of ``width`` cells the file can hold, to size the columns by; 0
    (grow them instead) when sizing them would cost more than the file's own bytes, as a
    file whose cells hold many line breaks could make it."""
    rows = min(seen.lines, (seen.size + 1) // max(width, 1) + 1)
    return rows if rows * width * 8 <= seen.size else 0


def read_table(resource: Resource, *, cells: bool = True) -> Table:
    """Read ``resource``'s CSV into a :class:`Table`, keeping every row as it is.

    The file is read as this dataset writes its CSVs: comma-separated, double-quoted, UTF-8.
    Raises :class:`ReadError` when the file cannot be read as a table at all. What the bytes
    showed is in ``Table.facts``; a short or long row is kept as it is, for the checks to report.
    Without ``cells`` the file is parsed and nothing kept: whether it raises, at a third of the
    cost.
    """
    name = resource.path
    try:
        seen = _byte_facts(resource.file)
    except OSError as exc:
        raise ReadError(
            Unreadable.CANNOT_OPEN, f"cannot read the file: {exc.strerror or exc}", file=name
        ) from None
    if seen.bad_byte is not None:
        byte, line = seen.bad_byte
        message = f"the file is not UTF-8: byte 0x{byte:02x} at line {line} cannot be decoded"
        facts = FileFacts(bom=seen.bom)
        raise ReadError(Unreadable.NOT_UTF8, message, file=name, row=line, facts=facts)
    if seen.nul_line is not None:
        message = "the file contains a NUL byte; it is not a text CSV"
        facts = FileFacts(bom=seen.bom, cr_line=seen.cr_line, last=seen.last)
        raise ReadError(Unreadable.NUL, message, file=name, row=seen.nul_line, facts=facts)
    if not seen.size:
        raise ReadError(
            Unreadable.EMPTY, "the file is empty; it must hold at least the header row", file=name
        )
    fields = resource.field_names
    previous = csv.field_size_limit(MAX_CELL)
    try:
        with open(resource.file, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            labels = next(reader, None)
            if labels is None:
                raise ReadError(
                    Unreadable.NO_HEADER, "the file has no header row", file=name, facts=seen
                )
            if len(labels) > (limit := max(MAX_HEADER_CELLS, 2 * len(fields))):
                message = (
                    f"the header has {len(labels):,} cells; a header may have at most "
                    f"{limit:,} (twice the schema's fields, or "
                    f"{MAX_HEADER_CELLS:,} if that is more), so the file is not checked"
                )
                raise ReadError(Unreadable.TOO_WIDE, message, file=name, row=1, facts=seen)
            if cells:
                columns, odd, n = _columns(reader, len(labels), _rows_at_most(seen, len(labels)))
            else:
                columns, odd, n = [], {}, sum(1 for _ in reader)
    except csv.Error as exc:
        raise ReadError(
            Unreadable.NOT_CSV, f"the file cannot be parsed as CSV: {exc}", file=name, facts=seen
        ) from None
    finally:
        csv.field_size_limit(previous)
    return Table(resource.name, name, list(fields), labels, columns, odd, n, seen)


def _as_strict(columns: list[Any]) -> bool:
    """Whether pyarrow's columns hold what the csv module would: no cell longer than it reads,
    and no empty first cell (how pyarrow reads a blank line)."""
    import pyarrow.compute as pc

    if not columns or not len(columns[0]):
        return True
    longest = max(pc.max(pc.utf8_length(c)).as_py() or 0 for c in columns)
    return longest <= MAX_CELL and bool(pc.min(pc.binary_length(columns[0])).as_py())


def read_columns(resource: Resource) -> dict[str, Any]:
    """The table as Arrow text columns, for the loaders: what :func:`read_strict` reads, fast.

    pyarrow's CSV reader reads the file when nothing in its bytes needs the csv module's
    judgement: UTF-8 with no byte-order mark, no NUL, no CR and balanced quotes. Anything else,
    any row pyarrow would have to skip (a header that is not the schema's, a row of the wrong
    width), any row whose first cell is empty (pyarrow reads a blank line as a row of empty
    cells), any cell longer than the csv module reads, and repeated field names go to
    :func:`read_strict`, which refuses the file in its own words or reads it; both read every
    cell the same way.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        seen = _byte_facts(resource.file, exact=False)  # pyarrow checks UTF-8 itself
    except OSError:
        seen = FileFacts(bad_byte=(0, 0))  # read_strict says why
    fields = resource.field_names
    clean = not (seen.bad_byte or seen.nul_line or seen.bom or seen.cr_line)
    clean = clean and len(set(fields)) == len(fields)
    if clean and seen.size and not seen.quotes % 2:
        invalid: list[Any] = []

        def skip(row: Any) -> str:
            invalid.append(row)
            return "skip"

        try:
            with pa.OSFile(str(resource.file)) as source:  # read block by block, not mapped whole
                parsed = pacsv.read_csv(
                    source,
                    # One thread: pyarrow's reader threads can outlive the read and abort the
                    # interpreter at exit ("terminate called without an active exception").
                    read_options=pacsv.ReadOptions(block_size=1 << 24, use_threads=False),
                    parse_options=pacsv.ParseOptions(
                        newlines_in_values=True,
                        ignore_empty_lines=False,  # a blank line becomes a row, for the check below
                        invalid_row_handler=skip,
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types=dict.fromkeys(fields, pa.string()),
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
        except (pa.ArrowException, OSError, UnicodeError):  # read_strict says what is wrong
            parsed = None
        if parsed is not None and not invalid and parsed.column_names == fields:
            columns = {f: parsed.column(i) for i, f in enumerate(fields)}
            if _as_strict(list(columns.values())):
                return columns
    table = read_strict(resource)  # its header is the schema's fields and no record is odd
    return {
        f: pa.chunked_array([pa.array(column, pa.string())], pa.string())
        for f, column in zip(fields, table.columns or [[] for _ in fields])
    }


def read_strict(resource: Resource) -> Table:
    """``resource``'s table, for a reader that loads it rather than reports on it.

    Raises :class:`~jihadistds.errors.PackageError` (file, row) for a file :func:`read_table`
    cannot read, and for one whose text cannot be trusted to hold the table: a byte-order
    mark, an odd number of double quotes, a header that is not the schema's fields, a blank
    row, or a row with too few or too many cells. Nothing is padded, cut or skipped.
    """
    table = read_table(resource)
    fields, labels = table.fields, table.labels
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
    if table.odd:
        i = min(table.odd)
        got, width = len(table.odd[i]), len(fields)
        raise PackageError(
            "blank row" if got == 0 else f"the row has {got} cells; the header has {width}",
            file=table.path,
            row=i + 2,
        )
    return table

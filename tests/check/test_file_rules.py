"""The CSV file rules (JDS001-JDS007): on the real tables, and on files broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jihadistds.check.file import FORMULA_STARTS, _edge_suspects
from jihadistds.read.csv import _Utf8Check, read_table
from jihadistds.read.descriptor import Descriptor, read_descriptor

from conftest import ROOT, TABLES, data_rows, file_problems


@pytest.mark.parametrize("table", TABLES)
def test_table_follows_the_file_rules(descriptor: Descriptor, table: str) -> None:
    res = descriptor.resource(table)
    raw = res.file.read_bytes()
    assert raw and not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
    assert file_problems(res) == []
    parsed = read_table(res)
    assert parsed.labels == res.field_names
    assert parsed.n_rows == data_rows(
        table
    )  # a table may be empty (actor_identifiers), never lose rows


def _problems(pkg: Path, table: str, content: bytes) -> list[str]:
    res = read_descriptor(pkg).resource(table)
    res.file.write_bytes(content)
    return [str(p) for p in file_problems(res)]


PLACES_HEADER = b"place_id,name,kind,country_code,note\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"",
            ["data/places.csv: the file is empty; it must hold at least the header row [JDS001]"],
        ),
        (
            b"\xef\xbb\xbf" + PLACES_HEADER,
            [
                "data/places.csv: the file starts with a UTF-8 byte-order mark; save it without one [JDS001]"
            ],
        ),
        (
            PLACES_HEADER + b"idlib,Idl\xe9b,province,SYR,\n",
            [
                "data/places.csv:2: the file is not UTF-8: byte 0xe9 at line 2 cannot be decoded [JDS001]"
            ],
        ),
        (
            PLACES_HEADER.replace(b"\n", b"\r\n"),
            [
                "data/places.csv:1: line ends in CR (Windows or old Mac line endings); use LF alone [JDS002]"
            ],
        ),
        (
            PLACES_HEADER + b"idlib,Idlib,province,SYR,",
            ["data/places.csv: the file does not end with a line break [JDS002]"],
        ),
        (
            b"place_id,kind,name,country_code,note\n",
            [
                "data/places.csv:1: the header does not match the schema: the columns are out of "
                "order; the schema's order is place_id, name, kind, country_code, note [JDS003]"
            ],
        ),
        (
            b"place_id,name,kind,note,extra\n",
            [
                "data/places.csv:1: the header does not match the schema: missing "
                "'country_code'; not in the schema 'extra' [JDS003]"
            ],
        ),
        (
            PLACES_HEADER + b"idlib, Idlib,province,SYR,\n",
            ["data/places.csv:2:name: cell has leading or trailing white space: ' Idlib' [JDS004]"],
        ),
        (
            PLACES_HEADER + b"idlib,=HYPERLINK(1),province,SYR,\n",
            [
                "data/places.csv:2:name: text cell starts with '=', which a spreadsheet would run as a formula [JDS005]"
            ],
        ),
        (
            PLACES_HEADER + b"idlib,Idlib,province,SYR,@x\n",
            [
                "data/places.csv:2:note: text cell starts with '@', which a spreadsheet would run as a formula [JDS005]"
            ],
        ),
        (
            PLACES_HEADER + b"syria,Syria,country,SYR,\nidlib,Idlib,province,SYR,\n",
            ["data/places.csv:3: row (place_id='idlib') is out of primary-key order [JDS006]"],
        ),
        (
            PLACES_HEADER + b"idlib,Idlib,province,SYR,\n\nsyria,Syria,country,SYR,\n",
            ["data/places.csv:3: blank row [JDS006]"],
        ),
        (
            PLACES_HEADER + b"idlib,Idlib,province,SYR,\x00\n",
            ["data/places.csv:2: the file contains a NUL byte; it is not a text CSV [JDS001]"],
        ),
        (
            PLACES_HEADER + b'idlib,"Idlib,province,SYR,\n',
            [
                "data/places.csv: the file has an odd number of double quotes: a quoted cell is "
                "never closed, or a quote stands inside an unquoted cell [JDS007]",
                "data/places.csv:2:name: cell has leading or trailing white space: 'Idlib,province,SYR,\\n' [JDS004]",
            ],
        ),
        (
            PLACES_HEADER + b"idlib,5'10\",province,SYR,\n",
            [
                "data/places.csv: the file has an odd number of double quotes: a quoted cell is "
                "never closed, or a quote stands inside an unquoted cell [JDS007]"
            ],
        ),
    ],
)
def test_file_rule_fires(package_copy: Path, content: bytes, expected: list[str]) -> None:
    assert sorted(_problems(package_copy, "places", content)) == sorted(expected)


NOT_UTF8_LINE_3 = [
    "data/places.csv:3: the file is not UTF-8: byte 0xe9 at line 3 cannot be decoded [JDS001]"
]


@pytest.mark.parametrize(
    "content",
    [
        # Each way a file is read: pyarrow (a well-formed row), the byte scan and Python's csv
        # module (a short row, a row after a blank line), the csv module alone (CR line endings),
        # the header, and a file that also holds a NUL byte.
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b,province,SYR,\n",
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b\n",
        PLACES_HEADER + b"\nidlib,Idl\xe9b,province,SYR,\n",
        (PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b,province,SYR,\n").replace(
            b"\n", b"\r\n"
        ),
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\x00\nidlib,Idl\xe9b,province,SYR,\n",
    ],
    ids=["pyarrow", "short-row", "after-blank-line", "crlf", "with-nul"],
)
def test_bytes_that_are_not_utf8_are_found_however_the_file_is_read(
    package_copy: Path, content: bytes
) -> None:
    assert _problems(package_copy, "places", content) == NOT_UTF8_LINE_3


def test_a_header_that_is_not_utf8_is_found(package_copy: Path) -> None:
    assert _problems(package_copy, "places", b"place_\xe9d,name,kind,country_code,note\n") == [
        "data/places.csv:1: the file is not UTF-8: byte 0xe9 at line 1 cannot be decoded [JDS001]"
    ]


def test_integer_keys_sort_as_numbers(package_copy: Path) -> None:
    schema = package_copy / "schemas" / "places.schema.json"
    schema.write_text(
        schema.read_text().replace(
            '"name": "place_id",\n      "type": "string"',
            '"name": "place_id",\n      "type": "integer"',
        )
    )
    assert (
        _problems(package_copy, "places", PLACES_HEADER + b"9,Nine,city,,\n10,Ten,city,,\n") == []
    )


def test_a_table_with_more_rows_than_can_be_numbered_is_refused(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows and distinct values are numbered with 32-bit integers; past that, a clear refusal, never a wrap."""
    from jihadistds.read import csv

    monkeypatch.setattr(csv, "MAX_ROWS", 2)
    assert _problems(package_copy, "places", PLACES_HEADER + b"a,A,city,,\nb,B,city,,\n") == []
    assert _problems(
        package_copy, "places", PLACES_HEADER + b"a,A,city,,\nb,B,city,,\nc,C,city,,\n"
    ) == ["data/places.csv: the table has 3 rows; at most 2 can be checked [JDS900]"]


def test_rows_arrow_cannot_join_are_read_by_the_csv_module(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Joining a short row back among the rest can exceed Arrow's 2 GiB offsets; then the csv module reads the file."""
    import pyarrow as pa

    from jihadistds.read import csv

    def too_big(*_: object) -> None:
        raise pa.ArrowCapacityError("array cannot contain more than 2147483646 bytes")

    monkeypatch.setattr(csv, "take", too_big)
    res = read_descriptor(package_copy).resource("places")
    res.file.write_bytes(PLACES_HEADER + b"a,A,city,,\nb,B\nc,C,city,,\n")
    table = read_table(res)
    assert table.counts.tolist() == [5, 2, 5] and table.values("name") == ["A", "B", "C"]


def test_the_real_data_lives_where_the_descriptor_says() -> None:
    assert read_descriptor(ROOT).resource("actors").file == (ROOT / "data" / "actors.csv").resolve()


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=40),
        st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    st.integers(min_value=1, max_value=7),
)
def test_the_chunked_utf8_check_agrees_with_python(data: bytes, size: int) -> None:
    """Fed in chunks of any size (so characters split across chunks), it decides as Python's decoder does."""
    check = _Utf8Check()
    buffer = bytearray(size)  # reused for every chunk, as _byte_facts does
    for start in range(0, len(data), size):
        chunk = data[start : start + size]
        buffer[: len(chunk)] = chunk
        check.feed(memoryview(buffer)[: len(chunk)])
    try:
        data.decode("utf-8")
        expected = True
    except UnicodeDecodeError:
        expected = False
    assert check.finish() is expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(
                alphabet=st.sampled_from([*"ab=+-@ \t\n", "\xa0", "\u3000", "é", "\x1c"]),
                max_size=4,
            ),
        ),
        max_size=12,
    ),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
)
def test_edge_suspects_include_every_cell_strip_or_a_spreadsheet_would_change(
    cells: list[str | None], cut: int, formulas: bool
) -> None:
    """Every cell with white space at an edge (or, for text, a formula sign first) is a suspect.

    No null or empty cell is.
    """
    import pyarrow as pa

    whole = pa.array(cells, type=pa.string())
    column = pa.chunked_array(
        [whole.slice(0, cut), whole.slice(cut)], type=pa.string()
    )  # chunks with offsets
    suspects = _edge_suspects(column, formulas=formulas).tolist()
    assert len(suspects) == len(cells)
    for cell, suspect in zip(cells, suspects):
        if not cell:
            assert not suspect
        elif cell != cell.strip() or (formulas and cell.startswith(FORMULA_STARTS)):
            assert suspect, cell

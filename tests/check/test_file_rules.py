"""The CSV file rules (JDS001-JDS007): on the real tables, and on files broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jihadistds.read.csv import read_table
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
                "'country_code': add the column, or remove the field from "
                "schemas/places.schema.json; not in the schema 'extra': remove the column, or "
                "add a field of that name to schemas/places.schema.json (its type and "
                "description) [JDS003]"
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
            [],  # frictionless' blank-row
        ),
        (
            PLACES_HEADER + b"idlib,Idlib,province,SYR,\x00\n",
            ["data/places.csv:2: the file contains a NUL byte; it is not a text CSV [JDS001]"],
        ),
        (
            PLACES_HEADER + b'idlib,"Idlib,province,SYR,\n',
            [  # where the quote opens: the row and the field
                "data/places.csv:2:name: cell has leading or trailing white space: 'Idlib,province,SYR,\\n' [JDS004]",
                "data/places.csv:2:name: this cell opens a double quote that is not closed on its "
                'row: close it after the cell\'s last character ("…") [JDS007]',
            ],
        ),
        (
            PLACES_HEADER + b"idlib,5'10\",province,SYR,\n",
            [
                "data/places.csv:2:name: a double quote stands inside a cell that does not start "
                'with one: put the whole cell in double quotes and double the quote inside ("") '
                "[JDS007]"
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
        # A well-formed row, a short row, a row after a blank line, CR line endings, and a
        # file that also holds a NUL byte.
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b,province,SYR,\n",
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b\n",
        PLACES_HEADER + b"\nidlib,Idl\xe9b,province,SYR,\n",
        (PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\nidlib,Idl\xe9b,province,SYR,\n").replace(
            b"\n", b"\r\n"
        ),
        PLACES_HEADER + b"aleppo,Aleppo,city,SYR,\x00\nidlib,Idl\xe9b,province,SYR,\n",
    ],
    ids=["well-formed", "short-row", "after-blank-line", "crlf", "with-nul"],
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
    """Read in chunks of any size (so characters split across chunks), the byte pass decides
    as Python's decoder does on the whole, and finds the same first bad byte."""
    import tempfile

    from jihadistds.read import csv

    with tempfile.NamedTemporaryFile() as fh:
        fh.write(data)
        fh.flush()
        previous, csv.CHUNK = csv.CHUNK, size
        try:
            facts = csv._byte_facts(fh.name)
        finally:
            csv.CHUNK = previous
    if b"\x00" in data:
        return  # the pass stops at a NUL
    try:
        data.decode("utf-8")
        expected = None
    except UnicodeDecodeError as exc:
        expected = (data[exc.start], data[: exc.start].count(b"\n") + 1)
    assert facts.bad_byte == expected

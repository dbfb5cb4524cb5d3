"""The byte scanner counts fields exactly as Python's csv module reads them."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from jihadistds.read.scan import field_counts

CELL = st.one_of(
    st.text(alphabet="ab, é", max_size=4).map(lambda s: s.replace(",", "")),
    st.text(alphabet='ab,"\n ', max_size=6).map(lambda s: '"' + s.replace('"', '""') + '"'),
)
ROW = st.lists(CELL, max_size=5).map(",".join)


def _reference(raw: bytes) -> list[int]:
    return [len(r) for r in csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))]


@settings(max_examples=400, deadline=None)
@given(
    rows=st.lists(ROW, max_size=8),
    final_newline=st.booleans(),
    chunk=st.sampled_from([1, 2, 3, 5, 64, 1 << 20]),
)
def test_field_counts_match_the_csv_module(
    rows: list[str], final_newline: bool, chunk: int
) -> None:
    raw = ("\n".join(rows) + ("\n" if final_newline and rows else "")).encode("utf-8")
    assert field_counts(raw, chunk=chunk).tolist() == _reference(raw)


def test_blank_lines_count_zero() -> None:
    assert field_counts(b"a,b\n\n1,2\n").tolist() == [2, 0, 2]

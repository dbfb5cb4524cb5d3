"""Numbering rows by their values (jihadistds.read.codes): exact, even when hashes collide."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jihadistds.read.codes import dense_codes


def _numbered(rows: list[tuple[int, ...]]) -> list[int]:
    """Rows numbered by distinct value in order of first appearance: the reference for dense_codes."""
    seen: dict[tuple[int, ...], int] = {}
    return [seen.setdefault(row, len(seen)) for row in rows]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda width: st.lists(st.tuples(*[st.integers(0, 3)] * width), min_size=1, max_size=40)
    )
)
def test_dense_codes_number_distinct_rows_in_order_of_first_appearance(
    rows: list[tuple[int, ...]],
) -> None:
    """Rows of two or more columns' codes."""
    import numpy as np

    codes = [np.array(column, dtype=np.int32) for column in zip(*rows)]
    assert dense_codes(codes).tolist() == _numbered(rows)


def test_dense_codes_stay_exact_when_hashes_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash only proposes; a collision is caught and the rows numbered exactly."""
    import numpy as np

    from jihadistds.read import codes as module

    def check(rows: list[tuple[int, ...]]) -> None:
        assert dense_codes([np.array(c, dtype=np.int32) for c in zip(*rows)]).tolist() == _numbered(
            rows
        )

    # Every row collides: most rows look like repeats, and every column is compared in full.
    monkeypatch.setattr(module, "_mix", lambda codes: np.zeros(len(codes[0]), dtype=np.uint64))
    check([(0, 1), (1, 0), (0, 1), (2, 2), (1, 0)])
    check([(i % 7, i % 5) for i in range(100)])
    # One pair collides among distinct rows: only the rows that look like repeats are compared.
    monkeypatch.setattr(module, "_mix", lambda codes: np.array([0, 1, 2, 0, 4, 5], dtype=np.uint64))
    check([(0, 1), (1, 0), (2, 2), (3, 3), (4, 4), (5, 5)])


def test_one_column_of_encoded_codes_is_returned_as_it_is() -> None:
    import pyarrow as pa

    from jihadistds.read.arrow import encode

    _, codes = encode(pa.array(["b", "a", None, "b", "c", None]))
    assert dense_codes([codes]).tolist() == [0, 1, -1, 0, 2, -1]

"""Numbering values and rows: the one convention every check shares.

A column's *codes* number its distinct values ``0, 1, 2, ...`` in order of first appearance,
with ``-1`` for null (:func:`jihadistds.read.arrow.encode`). A row's *dense code* does the
same for whole rows of several columns. Checks compare these integers instead of the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .arrow import encode, from_numpy

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def first_positions(codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.int64]:
    """Where each code first appears, for codes numbered in order of first appearance."""
    import numpy as np

    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    # A code is new exactly where it exceeds every code before it.
    seen = np.maximum.accumulate(np.concatenate(([-2], codes[:-1])))
    return np.flatnonzero(codes > seen).astype(np.int64)


def first_appearance(values: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Codes numbering ``values``' distinct values in order of first appearance."""
    import numpy as np

    return encode(from_numpy(values))[1].astype(np.int64)


def dense_codes(codes: Sequence[npt.NDArray[np.integer[Any]]]) -> npt.NDArray[np.int64]:
    """One integer per row, equal exactly when the rows' codes are, numbered in order of first appearance.

    Each column's codes must be numbered in order of first appearance, as
    :func:`~jihadistds.read.arrow.encode` numbers them; one column's are then returned as they
    are (a null keeps -1).

    The columns' codes are mixed into one 64-bit hash per row; if two different rows share a
    hash (checked exactly, column by column), the codes are rebuilt without hashing.
    """
    import numpy as np

    if len(codes) == 1:
        return np.asarray(codes[0]).astype(np.int64, copy=False)
    n = len(codes[0])
    mixed = _mix(codes)
    inverse = first_appearance(mixed)
    del mixed
    # Only a row numbered as a repeat of an earlier row can be a collision: check those.
    representative = first_positions(inverse)[inverse]
    repeats = np.flatnonzero(representative != np.arange(n))
    if len(repeats) * 2 < n:
        earlier = representative[repeats]
        exact = all(np.array_equal(c[repeats], c[earlier]) for c in codes)
    else:
        exact = all(np.array_equal(c, c[representative]) for c in codes)
    if exact:
        return inverse
    stacked = np.stack(codes, axis=1)  # a hash collision: slow, exact
    return first_appearance(np.unique(stacked, axis=0, return_inverse=True)[1].reshape(-1))


def _mix(codes: Sequence[npt.NDArray[np.integer[Any]]]) -> npt.NDArray[np.uint64]:
    """One 64-bit hash per row of codes, computed in place (four passes a column, no new arrays).

    A null's code, -1, is cast to 2**64 - 1: still a value no other code takes.
    """
    import numpy as np

    n = len(codes[0])
    mixed, shifted = np.zeros(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in codes:
            np.bitwise_xor(mixed, c, out=mixed, dtype=np.uint64, casting="unsafe")
            np.multiply(mixed, np.uint64(0x9E3779B97F4A7C15), out=mixed)
            np.right_shift(mixed, np.uint64(29), out=shifted)
            np.bitwise_xor(mixed, shifted, out=mixed)
    return mixed


__all__ = ["dense_codes", "first_appearance", "first_positions"]

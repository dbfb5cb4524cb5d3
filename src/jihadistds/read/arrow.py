"""Arrow arrays and scalars built without importing pandas.

``pyarrow.array`` and ``pyarrow.scalar`` first ask pandas whether their input is a pandas
object, and importing pandas costs about 0.4 s: more than validating a small package. These
helpers build the same arrays from numpy buffers or encoded text, so validation never imports
pandas. Only what the validator needs: numbers, booleans, dates, text and single values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

_EPOCH = dt.date(1970, 1, 1)
_CHUNK_BYTES = 1 << 30  # text chunks stay well inside 32-bit offsets


def _bitmap(mask: npt.NDArray[np.bool_]) -> pa.Buffer:
    import numpy as np
    import pyarrow as pa

    return pa.py_buffer(np.packbits(mask, bitorder="little"))


def from_numpy(
    values: npt.NDArray[Any],
    valid: npt.NDArray[np.bool_] | None = None,
    type: pa.DataType | None = None,
) -> pa.Array:
    """An array of numpy's numbers or booleans; null where ``valid`` is False; viewed as ``type`` if given."""
    import numpy as np
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    n = len(values)
    if values.dtype == np.bool_:
        arrow_type, data = pa.bool_(), _bitmap(values)
    else:
        arrow_type, data = pa.from_numpy_dtype(values.dtype), pa.py_buffer(values)
    nulls = 0 if valid is None else n - int(np.count_nonzero(valid))
    validity = _bitmap(np.asarray(valid, dtype=bool)) if nulls else None
    array = pa.Array.from_buffers(arrow_type, n, [validity, data], null_count=nulls)
    return array.view(type) if type is not None and type != arrow_type else array


def _numpy_dtype(type: pa.DataType) -> Any:
    import numpy as np
    import pyarrow as pa

    if pa.types.is_date32(type):
        return np.int32
    for numpy_type in (
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint16,
        np.uint32,
        np.uint64,
        np.float32,
        np.float64,
    ):
        if pa.from_numpy_dtype(numpy_type) == type:
            return numpy_type
    raise TypeError(f"no numpy type for {type}")


def to_numpy(array: pa.Array | pa.ChunkedArray, fill: Any = None) -> npt.NDArray[Any]:
    """A numeric or boolean array's values (dates as days since 1970), read from its buffers.

    Nulls become ``fill``, which must be given when there are nulls. (``Array.to_numpy``
    converts through pyarrow's pandas layer, which imports pandas.)
    """
    import numpy as np
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        parts = [to_numpy(c, fill) for c in array.chunks]
        if parts:
            return np.concatenate(parts)
        return np.zeros(
            0, dtype=bool if pa.types.is_boolean(array.type) else _numpy_dtype(array.type)
        )
    n, offset = len(array), array.offset
    buffers = array.buffers()
    validity, data = buffers[0], buffers[1]
    if pa.types.is_boolean(array.type):
        values = np.zeros(n, dtype=bool) if data is None else _unpack(data, offset, n)
    else:
        dtype = _numpy_dtype(array.type)
        values = (
            np.frombuffer(data, dtype=dtype, count=offset + n)[offset:]
            if n
            else np.zeros(0, dtype=dtype)
        )
    if array.null_count:
        if fill is None:
            raise ValueError("the array has nulls and no fill value was given")
        values = np.where(_unpack(validity, offset, n), values, fill)
    return values


def encode(array: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, npt.NDArray[np.int32]]:
    """The array's distinct values in order of first appearance, and each value's index among them (-1 for null).

    One hashing pass; Arrow shares one dictionary across a chunked array's chunks.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(array)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:  # an empty table; combine_chunks() of no chunks would import pandas
        empty = strings([]) if pa.types.is_string(array.type) else array.combine_chunks()
        return empty, np.zeros(0, dtype=np.int32)
    indices = np.concatenate([to_numpy(c.indices, -1) for c in chunks])
    return chunks[-1].dictionary, indices.astype(np.int32, copy=False)


def valid_mask(array: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    """True where a value is not null."""
    import numpy as np
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        parts = [valid_mask(c) for c in array.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    if not array.null_count:
        return np.ones(len(array), dtype=bool)
    if pa.types.is_null(array.type):
        return np.zeros(len(array), dtype=bool)
    return _unpack(array.buffers()[0], array.offset, len(array))


def byte_lengths(array: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.int64]:
    """Each text's length in bytes, from its offsets (0 for null)."""
    import numpy as np
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        parts = [byte_lengths(c) for c in array.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    n = len(array)
    if not n:
        return np.zeros(0, dtype=np.int64)
    offset_type = (
        np.int64
        if pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)
        else np.int32
    )
    offsets = np.frombuffer(array.buffers()[1], dtype=offset_type, count=array.offset + n + 1)[
        array.offset :
    ]
    lengths = np.diff(offsets).astype(np.int64)
    if array.null_count:
        lengths[~_unpack(array.buffers()[0], array.offset, n)] = 0
    return lengths


def _unpack(bitmap: pa.Buffer, offset: int, n: int) -> npt.NDArray[np.bool_]:
    import numpy as np

    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little", count=offset + n)
    return bits[offset:].astype(bool)


def indices(positions: npt.NDArray[Any] | Sequence[int]) -> pa.Array:
    """Row positions as an int64 array, for ``take``."""
    import numpy as np

    return from_numpy(np.asarray(positions, dtype=np.int64))


def strings(values: Sequence[str | None]) -> pa.Array | pa.ChunkedArray:
    """A string array of Python text (``None`` is null); chunked only past a gigabyte of text."""
    import numpy as np
    import pyarrow as pa

    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    chunks, start, total = [], 0, 0
    for end, length in enumerate(lengths.tolist()):
        if total + length > _CHUNK_BYTES and end > start:
            chunks.append((start, end))
            start, total = end, 0
        total += length
    chunks.append((start, len(encoded)))
    arrays = []
    for a, b in chunks:
        offsets = np.zeros(b - a + 1, dtype=np.int32)
        np.cumsum(lengths[a:b], out=offsets[1:])
        nulls = (b - a) - int(np.count_nonzero(valid[a:b]))
        validity = _bitmap(valid[a:b]) if nulls else None
        data = pa.py_buffer(b"".join(encoded[a:b]))
        arrays.append(
            pa.Array.from_buffers(
                pa.string(), b - a, [validity, pa.py_buffer(offsets), data], null_count=nulls
            )
        )
    return arrays[0] if len(arrays) == 1 else pa.chunked_array(arrays, type=pa.string())


def dates(values: Sequence[dt.date | None]) -> pa.Array:
    """A date32 array of Python dates (``None`` is null)."""
    import numpy as np
    import pyarrow as pa

    days = np.fromiter(
        ((v - _EPOCH).days if v is not None else 0 for v in values),
        dtype=np.int32,
        count=len(values),
    )
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    return from_numpy(days, valid, pa.date32())


def scalar(value: Any, type: pa.DataType | None = None) -> pa.Scalar:
    """One value as an Arrow scalar of ``type`` (inferred from bool, int, float, str, date)."""
    import numpy as np
    import pyarrow as pa

    if type is None:
        type = {
            bool: pa.bool_(),
            int: pa.int64(),
            float: pa.float64(),
            str: pa.string(),
            dt.date: pa.date32(),
        }[builtin_type(value)]
    if pa.types.is_string(type):
        return strings([value])[0]
    if pa.types.is_date32(type):
        return dates([value])[0]
    dtype = {
        pa.bool_(): np.bool_,
        pa.int32(): np.int32,
        pa.int64(): np.int64,
        pa.float64(): np.float64,
    }[type]
    if value is None:
        return from_numpy(np.zeros(1, dtype=dtype), np.zeros(1, dtype=bool))[0]
    return from_numpy(np.array([value], dtype=dtype))[0]


def builtin_type(value: Any) -> type:
    for kind in (bool, int, float, str, dt.date):
        if isinstance(value, kind):
            return kind
    raise TypeError(f"no Arrow type for {value!r}")


def take(
    column: pa.Array | pa.ChunkedArray, positions: npt.NDArray[Any] | Sequence[int]
) -> pa.Array:
    """``column[positions]`` as one array, without first joining a chunked column's chunks."""
    import numpy as np
    import pyarrow as pa

    positions = np.asarray(positions, dtype=np.int64)
    if isinstance(column, pa.ChunkedArray):
        if column.num_chunks == 1:
            column = column.chunk(0)
        elif column.num_chunks == 0:
            if len(positions):
                raise IndexError("take from an empty column")
            return column.combine_chunks()
        else:
            bounds = np.cumsum([0] + [len(c) for c in column.chunks])
            chunk_of = np.searchsorted(bounds, positions, side="right") - 1
            order = np.argsort(chunk_of, kind="stable")
            sorted_chunks, sorted_positions = chunk_of[order], positions[order]
            pieces = []
            for k in np.unique(sorted_chunks).tolist():
                selected = sorted_positions[sorted_chunks == k] - bounds[k]
                pieces.append(column.chunk(k).take(indices(selected)))
            if not pieces:
                return column.chunk(0).slice(0, 0)
            joined = pa.concat_arrays(pieces)
            inverse = np.empty(len(order), dtype=np.int64)
            inverse[order] = np.arange(len(order))
            return joined.take(indices(inverse))
    return column.take(indices(positions))


__all__ = [
    "builtin_type",
    "byte_lengths",
    "dates",
    "encode",
    "from_numpy",
    "indices",
    "scalar",
    "strings",
    "take",
    "to_numpy",
    "valid_mask",
]

"""Frictionless' table checks, vectorised: the same errors, row for row, much faster.

Each cell is read as frictionless reads it (missing values, then the type, then the
constraints); a row whose every field is blank is one ``blank-row``; ``unique``, primary and
foreign keys compare the parsed values. A cell that is certainly valid is accepted in bulk
(a conservative regular expression, an ``is_in``); every other cell is checked one distinct
value at a time, exactly as frictionless does, so the two agree. What this module cannot
check faithfully raises :class:`Unsupported`, and the caller uses frictionless instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..check.problems import Problem
from ..read.arrow import (
    byte_lengths,
    encode,
    from_numpy,
    scalar,
    strings,
    take,
    to_numpy,
    valid_mask,
)
from ..read.codes import dense_codes
from ..read.csv import ReadError, Table, Unreadable
from ..read.descriptor import Descriptor, ForeignKey, Resource, field_format
from ..read.fields import TYPES
from ..read.integrity import differences
from ..read.patterns import translate
from .profiles import descriptor_problems

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

Mask = "npt.NDArray[np.bool_]"
SUPPORTED_TYPES = set(TYPES)
STRING_FORMATS = {"default", "uri"}


class Unsupported(Exception):
    """A schema feature the fast path does not mirror exactly."""


@dataclass
class Checked:
    """What checking one table found, and its parsed values for other tables' foreign keys."""

    parsed: dict[str, pa.Array] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _np(mask: Any) -> npt.NDArray[np.bool_]:
    """A boolean array (nulls as False) or anything array-like, as a numpy mask."""
    import numpy as np
    import pyarrow as pa

    if isinstance(mask, (pa.Array, pa.ChunkedArray)):
        return np.asarray(to_numpy(mask, False), dtype=bool)
    return np.asarray(mask, dtype=bool)


def _cell_suffix(cell: Any) -> str:
    return "" if cell in (None, "") else f"; the cell is {str(cell)!r}"


class _Distinct:
    """A column's distinct values and each row's code among them (:mod:`jihadistds.read.codes`).

    ``cached`` gives them from the table's own encoding (which the dataset rules reuse) for a
    column of text with no nulls; otherwise the column is encoded here, once.
    """

    def __init__(
        self,
        column: pa.Array,
        cached: Callable[[], tuple[list[Any], npt.NDArray[np.int32]]] | None = None,
    ) -> None:
        self.column = column
        self._cached = cached
        self._values: tuple[list[Any], npt.NDArray[np.int32]] | None = None

    def get(self) -> tuple[list[Any], npt.NDArray[np.int32]]:
        if self._values is None:
            self._values = self._cached() if self._cached is not None else _encode(self.column)
        return self._values

    def map(self, function: Callable[[Any], Any], dtype: Any) -> npt.NDArray[Any]:
        """``function`` of each row's value, computed once per distinct value; null rows get the type's zero."""
        import numpy as np

        distinct, codes = self.get()
        results = np.zeros(len(distinct) + 1, dtype=dtype)  # the last is for null (code -1)
        if distinct:
            results[:-1] = [function(v) for v in distinct]
        return results[codes]


def _encode(column: pa.Array) -> tuple[list[Any], npt.NDArray[np.int32]]:
    distinct, indices = encode(column)
    return distinct.to_pylist(), indices


# Readers of one cell, as frictionless reads it: the parsed value, or None when it is not one.


def _read_integer(cell: str) -> int | None:
    try:
        value = int(cell.strip())
    except ValueError:
        return None
    if not -(2**63) <= value < 2**63:
        raise Unsupported("an integer beyond 64 bits")
    return value


def _read_number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell.strip())
    except (InvalidOperation, ValueError):
        return None


def _date_reader(fmt: str) -> Callable[[str], dt.date | None]:
    pattern = "%Y-%m-%d" if fmt == "default" else fmt

    def read(cell: str) -> dt.date | None:
        try:
            return dt.datetime.strptime(cell, pattern).date()
        except (ValueError, TypeError):
            return None

    return read


def _read_uri(cell: str) -> str | None:
    import rfc3986  # frictionless' own URI reader

    validator = rfc3986.validators.Validator().require_presence_of("scheme")
    try:
        validator.validate(rfc3986.uri_reference(cell))
    except rfc3986.exceptions.ValidationError:
        return None
    return cell


def _pattern_ok(
    values: _Distinct, pattern: str, present: npt.NDArray[np.bool_], many: bool
) -> npt.NDArray[np.bool_]:
    """Where each cell matches ``pattern`` in full, as Python's ``re`` decides, in linear time.

    RE2 matches (:mod:`jihadistds.read.patterns`): over the whole column for a column of
    mostly distinct values (``many``: a key), else once per distinct value.
    """
    import numpy as np
    import pyarrow.compute as pc

    expression = translate(pattern).re2  # read_descriptor refused what cannot be translated
    if many:
        return _np(pc.match_substring_regex(values.column, expression)) & present
    distinct, codes = values.get()
    results = np.zeros(len(distinct) + 1, dtype=bool)  # the last is for null (code -1)
    if distinct:
        results[:-1] = _np(pc.match_substring_regex(strings(distinct), expression))
    return results[codes] & present


@dataclass
class _Field:
    name: str
    number: int  # 1-based position
    spec: Mapping[str, Any]  # the field as the schema writes it, read as frictionless reads it


def _expected_fields(resource: Resource, table: Table) -> list[_Field]:
    """The fields frictionless expects, from the header: the schema's, cut to the labels, plus any extra labels."""
    width = len(table.labels) if table.labels else len(resource.fields)
    names = [
        resource.fields[i].name if i < len(resource.fields) else table.labels[i]
        for i in range(width)
    ]
    # An extra label's field is named after it, renamed {label}2, {label}3, ... where that
    # name is taken, as frictionless' table/header.py does.
    used: set[str] = set()
    for i, name in enumerate(names):
        new, suffix = name, 2
        while new in used:
            new, suffix = f"{name}{suffix}", suffix + 1
        names[i] = new
        used.add(new)
    fields = []
    for i in range(width):
        spec = (
            resource.fields[i].spec
            if i < len(resource.fields)
            else {"name": names[i], "type": "any"}  # an extra label: frictionless reads it as any
        )
        fields.append(_Field(names[i], i + 1, spec))
    return fields


def _column(table: Table, position: int) -> pa.Array:

    if position < len(table.fields):
        return table.columns[table.fields[position]]
    offset = position - len(table.fields)
    return strings(
        [
            table.extra.get(i, [])[offset] if len(table.extra.get(i, [])) > offset else None
            for i in range(table.n_rows)
        ]
    )


def _parse(
    spec: Mapping[str, Any], values: _Distinct, present: npt.NDArray[np.bool_], keep: bool = True
) -> tuple[pa.Array | None, npt.NDArray[np.bool_]]:
    """Parsed values (null where missing or invalid) and where the type is wrong.

    Text needs no parsing: unless ``keep`` (a key or unique field), no copy of it is made.
    Other types are read once per distinct value.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    column = values.column
    t = spec.get("type", "string")
    fmt = field_format(spec)
    n = len(column)
    if t not in SUPPORTED_TYPES:
        raise Unsupported(f"field type {t!r}")
    if t in ("string", "any") or (t == "list" and spec.get("itemType", "string") == "string"):
        if t == "string" and fmt not in STRING_FORMATS:
            raise Unsupported(f"string format {fmt!r}")
        if t == "string" and fmt == "uri":
            ok = values.map(lambda v: _read_uri(v) is not None, bool) | ~present
        else:
            ok = np.ones(n, dtype=bool)
        keep_mask = present & ok
        if not keep:
            return None, ~ok & present
        return (
            column
            if keep_mask.all()
            else pc.if_else(from_numpy(keep_mask), column, scalar(None, pa.string()))
        ), ~ok & present
    if t == "boolean":
        trues, falses = (
            spec.get("trueValues", ["true", "True", "TRUE", "1"]),
            spec.get("falseValues", ["false", "False", "FALSE", "0"]),
        )
        is_true, is_false = (
            _np(pc.is_in(column, value_set=strings(trues))),
            _np(pc.is_in(column, value_set=strings(falses))),
        )
        ok = is_true | is_false
        return from_numpy(is_true, ok & present), ~ok & present
    if t == "integer":
        if spec.get("bareNumber", True) is not True:
            raise Unsupported("bareNumber")
        fast = _np(pc.match_substring_regex(column, r"^-?[0-9]{1,18}$")) & present
        numbers = np.zeros(n, dtype=np.int64)
        valid = fast.copy()
        if fast.any():
            numbers[fast] = to_numpy(pc.cast(column.filter(from_numpy(fast)), pa.int64()))
        slow = present & ~fast
        if slow.any():
            distinct, codes = values.get()
            integers = [_read_integer(v) for v in distinct]
            for i in slow.nonzero()[0].tolist():
                value = integers[codes[i]]
                if value is not None:
                    numbers[i], valid[i] = value, True
        return from_numpy(numbers, valid), present & ~valid
    if t in ("number", "date"):
        if t == "number" and set(spec) & {"decimalChar", "groupChar", "bareNumber", "floatNumber"}:
            raise Unsupported("number options")
        if t == "date" and fmt == "any":
            raise Unsupported("date format any")
        reader: Callable[[str], Any] = _read_number if t == "number" else _date_reader(fmt)
        distinct, codes = values.get()
        read: list[Any] = [reader(v) for v in distinct] + [None]  # the last is for null (code -1)
        valid = np.array([v is not None for v in read], dtype=bool)[codes] & present
        if t == "number":
            numbers = np.array([0.0 if v is None else float(v) for v in read], dtype=np.float64)
            parsed = from_numpy(numbers[codes], valid)
        else:
            epoch = dt.date(1970, 1, 1)
            days = np.array([0 if v is None else (v - epoch).days for v in read], dtype=np.int32)
            parsed = from_numpy(days[codes], valid, pa.date32())
        return parsed, present & ~valid
    raise Unsupported(f"list of {spec.get('itemType')!r}")


def _lengths_fail(
    column: pa.Array, name: str, limit: int, present: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Where a text is shorter than ``limit`` characters (``minLength``) or longer (``maxLength``).

    A character is one to four bytes of UTF-8, so most cells are decided by their byte length
    alone; only the others are counted in characters.
    """
    import pyarrow.compute as pc

    size = byte_lengths(column)
    if name == "minLength":
        fail, unsure = size < limit, (size >= limit) & (size < 4 * limit)
    else:
        fail, unsure = size > 4 * limit, (size > limit) & (size <= 4 * limit)
    unsure &= present
    if unsure.any():
        rows = unsure.nonzero()[0]
        chars = to_numpy(pc.utf8_length(take(column, rows)), 0)
        fail[rows] = chars < limit if name == "minLength" else chars > limit
    return fail


def _constraint_failures(
    spec: Mapping[str, Any],
    values: _Distinct,
    parsed: pa.Array,
    checkable: npt.NDArray[np.bool_],
    missing: npt.NDArray[np.bool_],
    many: bool,
) -> list[tuple[str, npt.NDArray[np.bool_]]]:
    """(constraint name, rows failing it), in frictionless' order."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    c = spec.get("constraints", {})
    t = spec.get("type", "string")
    out: list[tuple[str, npt.NDArray[np.bool_]]] = []
    for name in c:
        value = c[name]
        if name == "required":
            if value:
                out.append((name, missing.copy()))
        elif name == "unique":
            continue  # checked across rows
        elif name == "enum":
            if t == "integer":
                members = [_read_integer(str(v)) if not isinstance(v, int) else v for v in value]
                allowed = from_numpy(
                    np.array([m or 0 for m in members], dtype=np.int64),
                    np.array([m is not None for m in members], dtype=bool),
                )
            elif t in ("string", "any", "list"):
                allowed = strings([str(v) for v in value])
            elif t == "boolean":
                raise Unsupported("boolean enum")
            else:
                raise Unsupported(f"enum on {t}")
            out.append((name, checkable & ~_np(pc.is_in(parsed, value_set=allowed))))
        elif name == "pattern":
            if t != "string":
                raise Unsupported(f"pattern on {t}")
            out.append((name, checkable & ~_pattern_ok(values, str(value), checkable, many)))
        elif name in ("minLength", "maxLength"):
            if t == "list":
                lengths = np.array(
                    [
                        len(v.split(spec.get("delimiter", ","))) if v is not None else 0
                        for v in parsed.to_pylist()
                    ]
                )
                bad = lengths < int(value) if name == "minLength" else lengths > int(value)
            elif t == "string":
                bad = _lengths_fail(values.column, name, int(value), checkable)
            else:
                raise Unsupported(f"{name} on {t}")
            out.append((name, checkable & bad))
        elif name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if t == "integer":
                bound: Any = _read_integer(str(value)) if not isinstance(value, int) else value
                kind = pa.int64()
            elif t == "number":
                bound, kind = float(value), pa.float64()
            elif t == "date":
                bound, kind = _date_reader(field_format(spec))(str(value)), pa.date32()
            else:
                raise Unsupported(f"{name} on {t}")
            compare = {
                "minimum": pc.less,
                "maximum": pc.greater,
                "exclusiveMinimum": pc.less_equal,
                "exclusiveMaximum": pc.greater_equal,
            }[name]
            failing = _np(compare(parsed, scalar(bound, kind)))
            if t == "number":  # frictionless: NaN is incomparable, so it fails every bound
                failing |= _nan_rows([parsed])
            out.append((name, checkable & failing))
        else:
            raise Unsupported(f"constraint {name!r}")
    return out


def _previous_equal(
    codes: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """For each row, the latest earlier row with the same code (-1 if none); invalid rows never match."""
    import numpy as np

    previous = np.full(len(codes), -1, dtype=np.int64)
    rows = valid.nonzero()[0]
    if len(rows) < 2:
        return previous
    order = rows[np.argsort(codes[rows], kind="stable")]
    same = codes[order[1:]] == codes[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    return previous


def _codes(arrays: list[pa.Array]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """One integer per row that is equal exactly when the rows' values are; and where any value is non-null."""
    import numpy as np

    any_valid = np.zeros(len(arrays[0]), dtype=bool)
    for array in arrays:
        any_valid |= valid_mask(array)
    return dense_codes([encode(a)[1] for a in arrays]), any_valid


def _all_distinct(arrays: list[pa.Array]) -> bool:
    """True when a one-field key has no null and no repeat: the common case, checked cheaply.

    Keys in strictly increasing order (as ours are kept) are distinct without hashing.
    """
    import pyarrow.compute as pc

    if len(arrays) != 1 or arrays[0].null_count:
        return False
    array, n = arrays[0], len(arrays[0])
    if n < 2:
        return True
    increasing = pc.all(pc.greater(array.slice(1), array.slice(0, n - 1))).as_py()
    return bool(increasing) or len(pc.unique(array)) == n


def _nan_rows(arrays: list[pa.Array]) -> npt.NDArray[np.bool_]:
    """Rows where any of the arrays holds NaN: frictionless' Decimal NaN equals no other value."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = np.zeros(len(arrays[0]) if arrays else 0, dtype=bool)
    for array in arrays:
        if pa.types.is_floating(array.type):
            mask |= _np(pc.is_nan(array))
    return mask


class Phase(enum.IntEnum):
    """The order frictionless reports a row's errors in: within a row, by phase, then field position."""

    LABEL = 0  # header errors, all on row 1 (sorted before every data row)
    BLANK_ROW = 1
    CELL = 2  # type and constraint errors
    EXTRA_CELL = 3
    MISSING_CELL = 4
    UNIQUE = 5
    PRIMARY_KEY = 6


class _Collector:
    """The problems of one table in frictionless' order; only the first :data:`LIMIT_ERRORS` are kept.

    Frictionless lists no more than that (:func:`error_limit`), so a table with millions of
    bad cells holds a thousand problems here, not millions.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[tuple[tuple[int, int, int, int], Problem]] = []  # a max-heap, negated
        self.added = 0

    def add(
        self, row: int, phase: Phase, position: int, field_name: str | None, message: str, rule: str
    ) -> None:
        number = 1 if row < 0 else row + 2
        field_name = field_name or None  # frictionless gives no field for a blank name
        self.added += 1
        order = (-row, -int(phase), -position, -self.added)
        if len(self.found) >= LIMIT_ERRORS:
            if order <= self.found[0][0]:
                return  # later in frictionless' order than every problem kept
            heapq.heapreplace(
                self.found, (order, Problem(self.path, number, field_name, message, rule))
            )
            return
        heapq.heappush(self.found, (order, Problem(self.path, number, field_name, message, rule)))

    def problems(self) -> list[Problem]:
        return [p for _, p in sorted(self.found, reverse=True)]


def _label_problems(out: _Collector, labels: list[str], schema_fields: list[str]) -> None:
    for i, label in enumerate(labels[len(schema_fields) :], start=len(schema_fields) + 1):
        out.add(
            -1,
            Phase.LABEL,
            i,
            None,
            f'There is an extra label "{label}" in header at position "{i}"',
            "extra-label",
        )
    if labels:
        for i, name in enumerate(schema_fields[len(labels) :], start=len(labels) + 1):
            out.add(
                -1,
                Phase.LABEL,
                i,
                name,
                f'There is a missing label in the header\'s field "{name}" at position "{i}"',
                "missing-label",
            )
    for i, (name, label) in enumerate(zip(schema_fields, labels), start=1):
        if not label:
            out.add(
                -1,
                Phase.LABEL,
                i,
                name,
                f'Label in the header in field at position "{i}" is blank',
                "blank-label",
            )
            continue
        earlier = [str(j) for j, seen in enumerate(labels[: i - 1], start=1) if seen == label]
        if earlier:
            out.add(
                -1,
                Phase.LABEL,
                i,
                name,
                f'duplicate label error: at position "{", ".join(earlier)}"',
                "duplicate-label",
            )
        elif label != name:
            message = f'Label "{label}" in field {name} at position "{i}" does not match the field name in the schema'
            out.add(-1, Phase.LABEL, i, name, message, "incorrect-label")


def _table_encoding(
    table: Table, name: str
) -> Callable[[], tuple[list[Any], npt.NDArray[np.int32]]]:
    """The column's distinct values and codes as the table computes them once for every check."""
    return lambda: (table.distinct(name).to_pylist(), table.codes(name))


_BOUNDED = {
    "enum",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
}


def _cell_problems(
    resource: Resource,
    table: Table,
    expected: list[_Field],
    key_fields: set[str] | None,
    result: Checked,
) -> tuple[npt.NDArray[np.bool_], list[tuple[npt.NDArray[np.int64], _Field, pa.Array, str, str]]]:
    """Each field's cells read as frictionless reads them; returns the blank rows and the failing cells."""
    import numpy as np
    import pyarrow.compute as pc

    blank_row = np.ones(table.n_rows, dtype=bool)
    failing: list[
        tuple[npt.NDArray[np.int64], _Field, pa.Array, str, str]
    ] = []  # rows, field, column, message, rule
    missing_values = resource.schema.get("missingValues", [""])
    for f in expected:
        column = _column(table, f.number - 1)
        texts = [str(v) for v in f.spec.get("missingValues", missing_values)]
        if texts == [
            ""
        ]:  # the usual case: a cell is missing when it is empty (or absent, length 0 too)
            missing = byte_lengths(column) == 0
        else:
            missing = ~valid_mask(column) | _np(pc.is_in(column, value_set=strings(texts)))
        present = ~missing
        constraints = f.spec.get("constraints", {})
        unique = bool(constraints.get("unique"))
        keep = key_fields is None or f.name in key_fields or unique
        # A key's values are mostly distinct: encoding them would cost more than it saves.
        many = unique or f.name in resource.primary_key
        cached = None
        if f.number <= len(table.fields) and not many:
            cached = _table_encoding(table, f.name)
        values = _Distinct(column, cached)
        parsed, type_bad = _parse(
            f.spec, values, present, keep=keep or bool(set(constraints) & _BOUNDED)
        )
        if parsed is None:
            parsed = column
        if keep:
            result.parsed[f.name] = parsed
        blank_row &= missing
        if type_bad.any():
            note = f'type error: type is "{f.spec.get("type", "string")}/{field_format(f.spec)}"'
            failing.append((type_bad.nonzero()[0], f, column, note, "type-error"))
        for name, bad in _constraint_failures(
            f.spec, values, parsed, present & ~type_bad, missing, many
        ):
            if bad.any():
                failing.append(
                    (
                        bad.nonzero()[0],
                        f,
                        column,
                        f'constraint error: constraint "{name}" is "{constraints[name]}"',
                        "constraint-error",
                    )
                )
    return blank_row, failing


def _row_shape_problems(
    out: _Collector, table: Table, expected: list[_Field], blank_row: npt.NDArray[np.bool_]
) -> None:
    """Rows with cells past the header, rows short of it, and rows with every cell blank."""
    counts = table.counts.astype("int64")
    width = len(expected)
    for i in ((counts > width) & ~blank_row).nonzero()[0][:LIMIT_ERRORS].tolist():
        cells = [table.columns[f][i].as_py() for f in table.fields] + table.extra.get(i, [])
        for position in range(width + 1, int(counts[i]) + 1):
            value = cells[position - 1] if position - 1 < len(cells) else ""
            message = (
                f'Row at position "{i + 2}" has an extra value in field at position "{position}"'
                + _cell_suffix(value)
            )
            out.add(i, Phase.EXTRA_CELL, position, None, message, "extra-cell")
    for i in ((counts < width) & ~blank_row).nonzero()[0][:LIMIT_ERRORS].tolist():
        for f in expected[int(counts[i]) :]:
            message = f'Row at position "{i + 2}" has a missing cell in field "{f.name}" at position "{f.number}"'
            out.add(i, Phase.MISSING_CELL, f.number, f.name, message, "missing-cell")
    for i in blank_row.nonzero()[0][:LIMIT_ERRORS].tolist():
        out.add(
            i,
            Phase.BLANK_ROW,
            0,
            None,
            f'Row at position "{i + 2}" is completely blank',
            "blank-row",
        )


def _key_problems(
    out: _Collector, resource: Resource, expected: list[_Field], result: Checked
) -> None:
    """Repeats in unique fields and in the primary key, compared by parsed value."""
    for f in expected:
        if f.spec.get("constraints", {}).get("unique"):
            codes, valid = _codes([result.parsed[f.name]])
            previous = _previous_equal(codes, valid)
            previous[_nan_rows([result.parsed[f.name]])] = -1  # NaN equals nothing, itself included
            for i in (previous >= 0).nonzero()[0][:LIMIT_ERRORS].tolist():
                value = result.parsed[f.name][i].as_py()
                message = (
                    f"unique error: the same as in the row at position {int(previous[i]) + 2}"
                    + _cell_suffix(value)
                )
                out.add(i, Phase.UNIQUE, f.number, f.name, message, "unique-error")
    key = list(resource.primary_key)
    if (
        not key
        or not set(key) <= {f.name for f in expected}
        or _all_distinct([result.parsed[k] for k in key])
    ):
        return
    codes, valid = _codes([result.parsed[k] for k in key])
    for i in (~valid).nonzero()[0][:LIMIT_ERRORS].tolist():
        out.add(
            i,
            Phase.PRIMARY_KEY,
            0,
            None,
            'primary key error: cells composing the primary keys are all "None"',
            "primary-key",
        )
    previous = _previous_equal(codes, valid)
    previous[_nan_rows([result.parsed[k] for k in key])] = -1
    for i in (previous >= 0).nonzero()[0][:LIMIT_ERRORS].tolist():
        out.add(
            i,
            Phase.PRIMARY_KEY,
            0,
            None,
            f"primary key error: the same as in the row at position {int(previous[i]) + 2}",
            "primary-key",
        )


def check_table(resource: Resource, table: Table, key_fields: set[str] | None = None) -> Checked:
    """Frictionless' label, cell and row checks (not foreign keys) over ``table``.

    ``key_fields`` are the fields whose parsed values are kept, for keys and references; by
    default, all.
    """
    result = Checked()
    out = _Collector(table.path)
    _label_problems(out, table.labels, resource.field_names)
    expected = _expected_fields(resource, table)
    blank_row, failing = _cell_problems(resource, table, expected, key_fields, result)
    for rows, f, column, note, rule in failing:
        for i in rows[~blank_row[rows]][:LIMIT_ERRORS].tolist():
            out.add(i, Phase.CELL, f.number, f.name, note + _cell_suffix(column[i].as_py()), rule)
    _row_shape_problems(out, table, expected, blank_row)
    _key_problems(out, resource, expected, result)
    result.problems = out.problems()
    return result


@dataclass(frozen=True)
class Blocked:
    """A table that could not be read, as frictionless reports it to the tables that refer to it."""

    type: str  # frictionless' error type
    reason: str


Lookup = Callable[[str], "Checked | Blocked | None"]


def check_foreign_keys(
    resource: Resource, table: Table, checked: Checked, lookup: Lookup
) -> list[Problem]:
    """Frictionless' foreign-key check: every non-blank local key is among the referenced table's keys."""
    problems: list[tuple[int, Problem]] = []
    for fk in resource.foreign_keys:
        if not set(fk.fields) <= set(checked.parsed):
            continue
        target = checked if fk.resource == resource.name else lookup(fk.resource)
        if target is None:
            raise Unsupported(
                f"a foreign key refers to {fk.resource!r}, which the fast engine cannot read"
            )
        if isinstance(target, Blocked):
            message = f"foreign keys not checked: a table this one refers to cannot be read ({target.reason})"
            return [Problem(table.path, None, None, message, target.type)]
        if not set(fk.reference) <= set(target.parsed):
            continue
        for i in _missing_references(fk, checked, target)[:LIMIT_ERRORS].tolist():
            shown = ", ".join(str(checked.parsed[f][i].as_py()) for f in fk.fields)
            local, remote = ", ".join(fk.fields), ", ".join(fk.reference)
            note = f'for "{local}": values "{shown}" not found in the lookup table "{fk.resource}" as "{remote}"'
            problems.append(
                (
                    i,
                    Problem(
                        table.path, i + 2, fk.fields[0], f"foreign key error: {note}", "foreign-key"
                    ),
                )
            )
    problems.sort(key=lambda item: item[0])
    return [p for _, p in problems]


def _missing_references(fk: ForeignKey, checked: Checked, target: Checked) -> npt.NDArray[np.int64]:
    """Rows whose key is not blank and not among the referenced table's keys."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    local_arrays = [checked.parsed[f] for f in fk.fields]
    remote_arrays = [target.parsed[f] for f in fk.reference]
    if len(local_arrays) == 1:
        values, allowed = local_arrays[0], remote_arrays[0]
        if values.type != allowed.type:
            found = np.zeros(len(values), dtype=bool)
        else:
            found = _np(pc.is_in(values, value_set=pc.unique(allowed.drop_null())))
        active = valid_mask(values)
    else:

        def joined(arrays: list[pa.Array]) -> pa.Array:
            texts = [pc.fill_null(pc.cast(a, pa.string()), scalar("\x00None")) for a in arrays]
            return pc.binary_join_element_wise(*texts, scalar("\x1f"))

        remote_keys = joined(remote_arrays).filter(
            from_numpy(~np.all([~valid_mask(a) for a in remote_arrays], axis=0))
        )
        found = _np(pc.is_in(joined(local_arrays), value_set=pc.unique(remote_keys)))
        active = ~np.all([~valid_mask(a) for a in local_arrays], axis=0)
    return (active & ~found).nonzero()[0]


# How frictionless reports a table it cannot read, by the reader's cause (None: the fast
# engine does not know, and hands over if another table refers to it).
FRICTIONLESS_UNREADABLE: dict[Unreadable, str | None] = {
    Unreadable.CANNOT_OPEN: "scheme-error",
    Unreadable.EMPTY: "source-error",
    Unreadable.NOT_UTF8: "encoding-error",
    Unreadable.NOT_CSV: "source-error",
    Unreadable.TOO_MANY_ROWS: "source-error",
    Unreadable.NUL: None,
    Unreadable.NO_HEADER: None,
    Unreadable.TOO_WIDE: None,  # frictionless would read it; it is not run on such a file
}


def _unreadable_problem(error: ReadError) -> Problem | None:
    kind = FRICTIONLESS_UNREADABLE[error.kind]
    if kind is None:
        return None
    message = "the source is empty" if error.kind is Unreadable.EMPTY else error.reason
    return Problem(error.file or "", None, None, f"{kind.replace('-', ' ')}: {message}", kind)


def unsupported(descriptor: Descriptor) -> str | None:
    """Why the fast engine cannot check this package exactly as frictionless would, before it starts."""
    problems = descriptor_problems(descriptor)
    if problems:
        return f"the descriptor is invalid or uses what the fast engine leaves to frictionless ({problems[0]})"
    return None


def check_package(
    descriptor: Descriptor, tables: dict[str, Table], failures: dict[str, ReadError]
) -> list[Problem]:
    """Frictionless' table and foreign-key checks over every table, vectorised.

    ``failures`` are the tables that could not be read. Raises :class:`Unsupported` where the
    checks would not be exact; the caller then runs frictionless itself.
    """
    problems = [p for p in map(_unreadable_problem, failures.values()) if p is not None]
    raw_resources = {
        r.get("name"): r for r in descriptor.data.get("resources", []) if isinstance(r, dict)
    }
    checked: dict[str, Checked] = {}
    # Fields whose parsed values are needed: keys, and both ends of every reference.
    key_fields: dict[str, set[str]] = {r.name: set(r.primary_key) for r in descriptor.resources}
    for r in descriptor.resources:
        for fk in r.foreign_keys:
            key_fields[r.name] |= set(fk.fields)
            key_fields.setdefault(fk.resource, set()).update(fk.reference)

    def lookup(name: str) -> Checked | Blocked | None:
        error = failures.get(name)
        if error is not None:
            if error.kind is Unreadable.EMPTY:
                # Frictionless reads an empty table as one with no rows: every reference to it fails.
                return Checked(
                    parsed={f: strings([]) for f in descriptor.resource(name).field_names}
                )
            kind = FRICTIONLESS_UNREADABLE[error.kind]
            return None if kind is None else Blocked(kind, error.reason)
        if name not in tables:
            return None
        if name not in checked:
            checked[name] = check_table(
                descriptor.resource(name), tables[name], key_fields.get(name, set())
            )
        return checked[name]

    for res in descriptor.resources:
        table = tables.get(res.name)
        if table is None:
            continue
        result = lookup(res.name)
        assert isinstance(result, Checked)
        found = result.problems + check_foreign_keys(res, table, result, lookup)
        if (
            len(found) < LIMIT_ERRORS
        ):  # frictionless checks the file's bytes and hash last, unless it stopped early
            found += file_problems(res, raw_resources.get(res.name, {}))
        problems += error_limit(res.path, found)
    return problems


def file_problems(res: Resource, raw: Mapping[str, Any]) -> list[Problem]:
    """Frictionless' ``hash-count`` and ``byte-count`` errors: the CSV is not the file the descriptor records."""
    return [
        Problem(
            res.path,
            None,
            None,
            f'{kind.replace("-", " ")} error: expected is "{expected}" and actual is "{actual}"',
            kind,
        )
        for kind, expected, actual in differences(dict(raw), res.file)
    ]


# Frictionless stops checking a table once it has found this many errors (its default).
LIMIT_ERRORS = 1_000
LIMIT_MESSAGE = (
    "error limit: frictionless stops after 1,000 errors in a table, so the rows after the "
    "one where it stopped were not checked"
)


def error_limit(path: str, problems: list[Problem]) -> list[Problem]:
    """A table's problems as frictionless lists them: the first 1,000 in row order, then a note."""
    if len(problems) < LIMIT_ERRORS:
        return problems
    ordered = sorted(problems, key=lambda p: p.row or 0)  # stable: a row's cells, then its keys
    return [*ordered[:LIMIT_ERRORS], Problem(path, None, None, LIMIT_MESSAGE, "error-limit")]

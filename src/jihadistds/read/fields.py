"""How a Table Schema field becomes a Python value, a pydantic annotation and a pandas dtype.

One table of types (:data:`TYPES`), so the loaders, the generated models, the writers and the
checks agree by construction. Supported field types are those the package's schemas use; any
other type is refused with a clear error rather than loaded as something it is not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any, NamedTuple

from .descriptor import Field, Resource


class FieldType(NamedTuple):
    """What one Table Schema field type is everywhere this package meets it."""

    python: str | None  # annotation in the generated models; None: not loadable
    pandas: str | None  # DataFrame dtype for a field without an enum (an enum is a categorical)
    sql: str  # SQLite column type in the SQLite export
    text: bool  # cells are free text, so a spreadsheet could run one as a formula (JDS005)
    # The README's recipes and the site's metadata (a period bound is a date in the recipes
    # and text in Croissant, whatever its field type: see is_period).
    duckdb: str  # DuckDB column type in the DuckDB recipe
    r: str  # R column class in the R recipe (R's integers are 32-bit: "numeric" is exact to 2^53)
    croissant: str  # Croissant dataType in croissant.json


# The one table of field types; every reader, writer and check looks a type up here.
TYPES: dict[str, FieldType] = {
    "string": FieldType("str", "string", "TEXT", True, "VARCHAR", "character", "sc:Text"),
    "integer": FieldType("int", "Int64", "INTEGER", False, "BIGINT", "numeric", "sc:Integer"),
    "number": FieldType("float", "Float64", "REAL", False, "DOUBLE", "numeric", "sc:Float"),
    "boolean": FieldType("bool", "boolean", "INTEGER", False, "BOOLEAN", "logical", "sc:Boolean"),
    "date": FieldType("dt.date", "datetime64[s]", "TEXT", False, "DATE", "Date", "sc:Date"),
    "list": FieldType(
        "tuple[str, ...]", "object", "TEXT", True, "VARCHAR[]", "character", "sc:Text"
    ),
    "any": FieldType(None, None, "TEXT", True, "VARCHAR", "character", "sc:Text"),
}
# Table Schema type -> pandas dtype and Python annotation, for the types that load.
PANDAS_DTYPES: dict[str, str] = {t: info.pandas for t, info in TYPES.items() if info.pandas}
PYTHON_TYPES: dict[str, str] = {t: info.python for t, info in TYPES.items() if info.python}
TEXT_TYPES = frozenset(t for t, info in TYPES.items() if info.text)

# Fields holding a partial ISO 8601 date whose precision another field gives: in a DataFrame
# the start becomes the first day of its period and the end the last day.
PERIOD_FIELDS = {"period_start": "period_precision", "period_end": "period_precision"}
# How a period bound is written at each precision: the form in words, and the pattern.
PERIOD_FORMS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}
PERIOD_PATTERNS = {
    "day": r"([0-9]{4})-([0-9]{2})-([0-9]{2})",
    "month": r"([0-9]{4})-([0-9]{2})",
    "year": r"([0-9]{4})",
}
_PERIOD_RE = {level: re.compile(pattern) for level, pattern in PERIOD_PATTERNS.items()}


def type_info(field: Field) -> FieldType:
    """The row of :data:`TYPES` for ``field``; a type the table does not know reads as ``any``."""
    return TYPES.get(field.type, TYPES["any"])


def is_period(res: Resource, field: Field) -> bool:
    """Whether ``field`` is a period bound of ``res`` (its precision field is there too)."""
    return PERIOD_FIELDS.get(field.name) in res.field_names


class CellError(ValueError):
    """A cell that cannot be read as its field's type; the message says why."""


@functools.lru_cache(maxsize=1 << 16)  # three rules and the exports ask about the same periods
def period_bounds(value: str, precision: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a partial ISO date at ``precision``; ``None`` if it is not one."""
    pattern = _PERIOD_RE.get(precision)
    match = pattern.fullmatch(value) if pattern else None
    if not match:
        return None
    parts = [int(p) for p in match.groups()]
    try:
        if precision == "day":
            day = dt.date(*parts)
            return day, day
        if precision == "month":
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError:  # a month 13, a 30 February (calendar's IllegalMonthError is one)
        return None


def period_fault(value: str, precision: str) -> str:
    """Why :func:`period_bounds` found no date: the form to write it in, or, for one written in
    that form, what it names that does not exist."""
    match = _PERIOD_RE[precision].fullmatch(value)
    if match is None:
        return f"write it {PERIOD_FORMS[precision]}"
    year, *month_day = match.groups()
    if int(year) == 0:
        return f"there is no year {year}"
    if month_day and not 1 <= int(month_day[0]) <= 12:
        return f"there is no month {month_day[0]}"
    return f"{year}-{month_day[0]} has no day {month_day[1]}"


def field_type(field: Field) -> str:
    """The field's type, if jihadistds can load it; :class:`CellError` says why not."""
    if field.type not in PYTHON_TYPES:
        raise CellError(
            f"field {field.name!r} has type {field.type!r}, which jihadistds cannot load"
        )
    return field.type


def true_values(field: Field) -> list[str]:
    return list(field.spec.get("trueValues", ["true", "True", "TRUE", "1"]))


def false_values(field: Field) -> list[str]:
    return list(field.spec.get("falseValues", ["false", "False", "FALSE", "0"]))


def format_cell(field: Field, value: Any) -> str:
    """The CSV text of a value, as the package writes it: the inverse of reading the cell."""
    if value is None:
        return ""
    t = field_type(field)
    if t == "boolean":
        return true_values(field)[0] if value else false_values(field)[0]
    if t == "date":
        return str(value.isoformat())
    if t == "list":
        return field.delimiter.join(value)
    if t == "number":
        return repr(float(value))
    return str(value)

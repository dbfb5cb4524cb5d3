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
    constraints: frozenset[str]  # the constraints frictionless supports on it
    # The README's recipes and the site's metadata (a period bound is a date in the recipes
    # and text in Croissant, whatever its field type: see is_period).
    duckdb: str  # DuckDB column type in the DuckDB recipe
    r: str  # R column class in the R recipe (R's integers are 32-bit: "numeric" is exact to 2^53)
    croissant: str  # Croissant dataType in croissant.json


_ORDERED = frozenset(
    {"required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "unique"}
)
# The one table of field types; every reader, writer and check looks a type up here.
TYPES: dict[str, FieldType] = {
    "string": FieldType(
        "str",
        "string",
        "TEXT",
        True,
        frozenset({"required", "minLength", "maxLength", "pattern", "enum", "unique"}),
        "VARCHAR",
        "character",
        "sc:Text",
    ),
    "integer": FieldType(
        "int", "Int64", "INTEGER", False, _ORDERED, "BIGINT", "numeric", "sc:Integer"
    ),
    "number": FieldType(
        "float", "Float64", "REAL", False, _ORDERED, "DOUBLE", "numeric", "sc:Float"
    ),
    "boolean": FieldType(
        "bool",
        "boolean",
        "INTEGER",
        False,
        frozenset({"required", "enum", "unique"}),
        "BOOLEAN",
        "logical",
        "sc:Boolean",
    ),
    "date": FieldType(
        "dt.date", "datetime64[s]", "TEXT", False, _ORDERED, "DATE", "Date", "sc:Date"
    ),
    "list": FieldType(
        "tuple[str, ...]",
        "object",
        "TEXT",
        True,
        frozenset({"required", "minLength", "maxLength", "unique"}),
        "VARCHAR[]",
        "character",
        "sc:Text",
    ),
    "any": FieldType(
        None,
        None,
        "TEXT",
        True,
        frozenset({"required", "enum", "unique"}),
        "VARCHAR",
        "character",
        "sc:Text",
    ),
}
# Table Schema type -> pandas dtype and Python annotation, for the types that load.
PANDAS_DTYPES: dict[str, str] = {t: info.pandas for t, info in TYPES.items() if info.pandas}
PYTHON_TYPES: dict[str, str] = {t: info.python for t, info in TYPES.items() if info.python}
TEXT_TYPES = frozenset(t for t, info in TYPES.items() if info.text)

# Fields holding a partial ISO 8601 date whose precision another field gives: in a DataFrame
# the start becomes the first day of its period and the end the last day.
PERIOD_FIELDS = {"period_start": "period_precision", "period_end": "period_precision"}
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
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


def period_bound(name: str, text: str, precision: str) -> dt.date | None:
    """A period bound as the date every typed reader gives: ``period_start`` the first day of
    its period, ``period_end`` the last (``2017-04`` ends on 2017-04-30); ``None`` for a blank.

    :class:`CellError` says why a bound is not written at its precision or is not a real date.
    The DataFrame loader does the same, column at a time.
    """
    if text == "":
        return None
    if precision not in PERIOD_FORMS:
        raise CellError(f"{name} is given but {PERIOD_FIELDS[name]} is not day, month or year")
    if not _PERIOD_RE[precision].fullmatch(text):
        raise CellError(f"{text!r} is not written at {precision} precision")
    bounds = period_bounds(text, precision)
    if bounds is None:
        raise CellError(f"{text!r} is not a real date")
    return bounds[1] if name == "period_end" else bounds[0]


def field_type(field: Field) -> str:
    """The field's type, if jihadistds can load it; :class:`CellError` says why not."""
    if field.type not in PYTHON_TYPES:
        raise CellError(
            f"field {field.name!r} has type {field.type!r}, which jihadistds cannot load"
        )
    return field.type


def required(field: Field) -> bool:
    return field.required


def true_values(field: Field) -> list[str]:
    return list(field.spec.get("trueValues", ["true", "True", "TRUE", "1"]))


def false_values(field: Field) -> list[str]:
    return list(field.spec.get("falseValues", ["false", "False", "FALSE", "0"]))


def parse_cell(field: Field, text: str) -> Any:
    """The Python value of one CSV cell; ``None`` for a blank. Raises :class:`CellError`."""
    if text == "":
        return None
    t = field_type(field)
    if t == "string":
        return text
    if t == "integer":
        if not _INTEGER.match(text):
            raise CellError(f"{text!r} is not an integer")
        return int(text)
    if t == "number":
        try:
            return float(text)
        except ValueError:
            raise CellError(f"{text!r} is not a number") from None
    if t == "boolean":
        if text in true_values(field):
            return True
        if text in false_values(field):
            return False
        raise CellError(
            f"{text!r} is not a boolean ({', '.join(true_values(field) + false_values(field))})"
        )
    if t == "date":
        try:
            if (
                len(text) != 10
            ):  # fromisoformat also takes YYYYMMDD, which the schema's date does not
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CellError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return tuple(text.split(field.delimiter))


def format_cell(field: Field, value: Any) -> str:
    """The CSV text of a value, as the package writes it: the inverse of :func:`parse_cell`."""
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

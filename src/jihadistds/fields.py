"""How a Table Schema field becomes a Python value, a pydantic annotation and a pandas dtype.

One small table per direction, so the loaders, the generated models and the CSV writer
agree by construction. Supported field types are those the package's schemas use; any
other type is refused with a clear error rather than loaded as something it is not.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Table Schema type -> pandas dtype, for fields without an enum (an enum is a categorical).
PANDAS_DTYPES: dict[str, str] = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
    "list": "object",
}
# Table Schema type -> Python type as written in the generated models.
PYTHON_TYPES: dict[str, str] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "date": "dt.date",
    "list": "tuple[str, ...]",
}
# Fields holding a partial ISO 8601 date whose precision another field gives: in a DataFrame
# the start becomes the first day of its period and the end the last day.
PERIOD_FIELDS = {"period_start": "period_precision", "period_end": "period_precision"}
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


class CellError(ValueError):
    """A cell that cannot be read as its field's type; the message says why."""


def field_type(field: dict[str, Any]) -> str:
    t = str(field.get("type", "string"))
    if t not in PYTHON_TYPES:
        raise CellError(f"field {field.get('name')!r} has type {t!r}, which jihadistds cannot load")
    return t


def required(field: dict[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def true_values(field: dict[str, Any]) -> list[str]:
    return list(field.get("trueValues", ["true", "True", "TRUE", "1"]))


def false_values(field: dict[str, Any]) -> list[str]:
    return list(field.get("falseValues", ["false", "False", "FALSE", "0"]))


def parse_cell(field: dict[str, Any], text: str) -> Any:
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
        raise CellError(f"{text!r} is not a boolean ({', '.join(true_values(field) + false_values(field))})")
    if t == "date":
        try:
            if len(text) != 10:  # fromisoformat also takes YYYYMMDD, which the schema's date does not
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CellError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return tuple(text.split(field.get("delimiter", ",")))


def format_cell(field: dict[str, Any], value: Any) -> str:
    """The CSV text of a value, as the package writes it: the inverse of :func:`parse_cell`."""
    if value is None:
        return ""
    t = field_type(field)
    if t == "boolean":
        return true_values(field)[0] if value else false_values(field)[0]
    if t == "date":
        return str(value.isoformat())
    if t == "list":
        return str(field.get("delimiter", ",")).join(value)
    if t == "number":
        return repr(float(value))
    return str(value)

"""Reading a table into typed rows: each cell parsed by its schema, then frozen pydantic records.

Every row comes from the one strict reader (:func:`jihadistds.read.csv.read_strict`), so a
file that ``load`` refuses is refused here too, with the same error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PackageError
from ..read.csv import read_strict
from ..read.descriptor import Resource
from ..read.fields import CellError, parse_cell
from .models import require_loadable

if TYPE_CHECKING:
    from .record import Record


def typed_rows(res: Resource) -> list[dict[str, Any]]:
    """Each row with its cells parsed by the schema: integers, booleans, dates, tuples, ``None`` for blanks."""
    require_loadable(res)
    table = read_strict(res)
    out = []
    for i, row in enumerate(table.rows()):
        values = {}
        for f in res.fields:
            try:
                values[f.name] = parse_cell(f, row.get(f.name, ""))
            except CellError as exc:
                raise PackageError(
                    str(exc), file=res.path, row=table.row_number(i), field=f.name
                ) from None
        out.append(values)
    return out


def read_records(res: Resource, model: type[Record]) -> list[Record]:
    """The rows of ``res`` as records of ``model``; :class:`PackageError` names file, row and field."""
    from pydantic import ValidationError

    out: list[Record] = []
    for i, values in enumerate(typed_rows(res)):
        try:
            out.append(model(**values))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else None
            raise PackageError(err["msg"], file=res.path, row=i + 2, field=field) from None
    return out


__all__ = ["read_records", "typed_rows"]

"""Reading a table into typed rows: each cell parsed by its schema, then frozen pydantic records.

Every row comes from the one strict reader (:func:`jihadistds.read.csv.read_strict`), so a
file that ``load`` refuses is refused here too, with the same error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PackageError
from ..read.csv import read_strict
from ..read.descriptor import Resource
from ..read.fields import PERIOD_FIELDS, CellError, is_period, parse_cell, period_bound
from .models import require_loadable

if TYPE_CHECKING:
    from .record import Record


def typed_rows(res: Resource, *, periods: bool = False) -> list[dict[str, Any]]:
    """Each row with its cells parsed by the schema: integers, booleans, dates, tuples, ``None`` for blanks.

    With ``periods``, ``period_start`` and ``period_end`` are dates, as ``load()`` gives them
    (the first and last day at ``period_precision``): what the JSON and SQLite exports write.
    Without, they stay the text the schema types them as, as the records hold them.
    """
    require_loadable(res)
    table = read_strict(res)
    expand = {f.name for f in res.fields if periods and is_period(res, f)}
    out = []
    for i, row in enumerate(table.rows()):
        values = {}
        for f in res.fields:
            try:
                text = row.get(f.name, "")
                values[f.name] = (
                    period_bound(f.name, text, row[PERIOD_FIELDS[f.name]])
                    if f.name in expand
                    else parse_cell(f, text)
                )
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

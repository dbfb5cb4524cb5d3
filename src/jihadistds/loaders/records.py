"""Reading a table into typed rows, then frozen pydantic records.

Every row is typed by the DataFrame loader (:func:`jihadistds.loaders.frames.read_frame`), so a
file or cell that ``load`` refuses is refused here too, with the same error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PackageError
from ..read.descriptor import Resource
from .frames import read_frame

if TYPE_CHECKING:
    from .record import Record


def typed_rows(res: Resource, *, periods: bool = False) -> list[dict[str, Any]]:
    """Each row with its cells as :func:`~.frames.read_frame` types them, as Python values:
    integers, booleans, dates, tuples, ``None`` for blanks.

    With ``periods``, ``period_start`` and ``period_end`` are dates, as ``load()`` gives them
    (the first and last day at ``period_precision``): what the JSON and SQLite exports write.
    Without, they stay the text the schema types them as, as the records hold them.
    """
    frame = read_frame(res, periods=periods)
    columns = []
    for f in res.fields:
        col = frame[f.name]
        values = col.astype(object).where(col.notna(), None).tolist()
        columns.append([v and v.date() for v in values] if col.dtype.kind == "M" else values)
    return [dict(zip(res.field_names, row)) for row in zip(*columns)]


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

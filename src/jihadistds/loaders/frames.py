"""Reading a table into a pandas DataFrame typed by its Table Schema, column by column.

The dtypes are docs/python.md's. A period bound becomes a day: the start the first of its
period and the end the last, at its ``period_precision`` (``2017-04`` runs from 2017-04-01 to
2017-04-30). Every value loads as its type or raises :class:`~jihadistds.errors.PackageError`
naming file, row and field; nothing is dropped or coerced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ..errors import PackageError
from ..read.csv import read_columns
from ..read.descriptor import Field, Resource
from ..read.fields import (
    PANDAS_DTYPES,
    PERIOD_FIELDS,
    PERIOD_PATTERNS,
    CellError,
    false_values,
    field_type,
    is_period,
    true_values,
)
from .models import require_loadable

if TYPE_CHECKING:
    import pandas as pd

_INTEGER = r"[+-]?[0-9]+"


def _fail(res: Resource, bad: pd.Series[Any], field: str, why: str) -> PackageError:
    index = int(bad[bad].index[0])
    return PackageError(why, file=res.path, row=index + 2, field=field)


def _read_strings(res: Resource) -> pd.DataFrame:
    """The table as text columns, from the one strict reader."""
    import pandas as pd

    columns = read_columns(res)
    return pd.DataFrame({f: pd.arrays.ArrowStringArray(c) for f, c in columns.items()}, copy=False)


def _period(res: Resource, frame: pd.DataFrame, name: str, col: pd.Series[Any]) -> pd.Series[Any]:
    import pandas as pd

    precision = frame[PERIOD_FIELDS[name]]
    out = pd.Series(pd.NaT, index=col.index, dtype="datetime64[s]")
    given = col != ""
    for level, form in PERIOD_PATTERNS.items():
        mask = given & (precision == level)
        if not mask.any():
            continue
        values = col[mask]
        bad = ~values.str.fullmatch(form)
        if bad.any():
            raise _fail(
                res, bad, name, f"{values[bad].iloc[0]!r} is not written at {level} precision"
            )
        text = values if level == "day" else values + ("-01" if level == "month" else "-01-01")
        start = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        if start.isna().any():
            raise _fail(
                res, start.isna(), name, f"{values[start.isna()].iloc[0]!r} is not a real date"
            )
        if name == "period_end" and level != "day":
            offset = pd.offsets.MonthEnd(0) if level == "month" else pd.offsets.YearEnd(0)
            start = start + offset
        out[mask] = start.astype("datetime64[s]")
    orphan = given & ~precision.isin(list(PERIOD_PATTERNS))
    if orphan.any():
        raise _fail(
            res,
            orphan,
            name,
            f"{name} is given but {PERIOD_FIELDS[name]} is not day, month or year",
        )
    return out


def _column(res: Resource, frame: pd.DataFrame, field: Field, periods: bool) -> pd.Series[Any]:
    import pandas as pd

    name = field.name
    col = frame[name]
    blank = col == ""
    if field.required and blank.any():
        raise _fail(res, blank, name, "a required value is blank")
    if periods and is_period(res, field):
        return _period(res, frame, name, col)
    t = field_type(field)
    given = col[~blank]
    enum = field.enum
    if enum and t == "string":
        bad = ~col.isin(enum) & ~blank
        if bad.any():
            raise _fail(
                res, bad, name, f"{col[bad].iloc[0]!r} is not one of {', '.join(map(str, enum))}"
            )
        return cast(
            "pd.Series[Any]",
            # String categories, so that a blank shows as <NA>, as in every other text column.
            col.mask(blank).astype(
                pd.CategoricalDtype(categories=pd.Index([str(v) for v in enum], dtype="string"))
            ),
        )
    if t == "string":
        return cast("pd.Series[Any]", col.astype("string").mask(blank))
    if t == "integer":
        bad = ~given.str.fullmatch(_INTEGER)
        if bad.any():
            raise _fail(
                res,
                bad.reindex(col.index, fill_value=False),
                name,
                f"{given[bad].iloc[0]!r} is not an integer",
            )
        try:
            return cast("pd.Series[Any]", pd.to_numeric(col.mask(blank)).astype("Int64"))
        except (OverflowError, TypeError, ValueError):
            raise PackageError(
                "an integer is too large for a 64-bit column", file=res.path, field=name
            ) from None
    if t == "number":
        numbers = pd.to_numeric(col.mask(blank), errors="coerce")
        bad = numbers.isna() & ~blank
        if bad.any():
            raise _fail(res, bad, name, f"{col[bad].iloc[0]!r} is not a number")
        return cast("pd.Series[Any]", numbers.astype("Float64"))
    if t == "boolean":
        mapping = {
            **dict.fromkeys(true_values(field), True),
            **dict.fromkeys(false_values(field), False),
        }
        bad = ~col.isin(list(mapping)) & ~blank
        if bad.any():
            raise _fail(res, bad, name, f"{col[bad].iloc[0]!r} is not a boolean")
        return cast("pd.Series[Any]", col.map(mapping).astype("boolean"))
    if t == "date":
        dates = pd.to_datetime(col.mask(blank), format="%Y-%m-%d", errors="coerce")
        bad = dates.isna() & ~blank
        if bad.any():
            raise _fail(res, bad, name, f"{col[bad].iloc[0]!r} is not a date (YYYY-MM-DD)")
        return dates.astype(cast(Any, PANDAS_DTYPES["date"]))
    delimiter = field.delimiter
    items = [tuple(v.split(delimiter)) if v else None for v in col.tolist()]
    return pd.Series(items, index=col.index, dtype="object")


def read_frame(res: Resource, *, periods: bool = True) -> pd.DataFrame:
    """``res``'s CSV as a DataFrame typed by its schema. Raises :class:`PackageError`.

    Without ``periods``, a period bound stays the text its schema types it as.
    """
    import pandas as pd

    require_loadable(res)
    frame = _read_strings(res)
    try:
        columns = {f.name: _column(res, frame, f, periods) for f in res.fields}
    except CellError as exc:  # a field type the loader does not know
        raise PackageError(str(exc), file=res.schema_file) from None
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def arrow_type(res: Resource, field: Field) -> Any:
    """The Arrow type of ``field`` in :func:`frame_to_arrow`: the DataFrame's dtype, made exact.

    Text ``string``, enums ``dictionary<int32, string>``, integers ``int64``, numbers
    ``float64``, booleans ``bool``, dates and period bounds ``date32`` (a day, with no time of
    day), lists ``list<string>``.
    """
    import pyarrow as pa

    if is_period(res, field):
        return pa.date32()
    t = field_type(field)
    if t == "string":
        return pa.dictionary(pa.int32(), pa.string()) if field.enum else pa.string()
    return {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }[t]


def frame_to_arrow(res: Resource, frame: pd.DataFrame) -> Any:
    """A DataFrame :func:`read_frame` gave, as a ``pyarrow.Table`` with :func:`arrow_type`'s types.

    The same values: a blank is null, an enum keeps its schema's categories in their order.
    """
    import pyarrow as pa

    schema = pa.schema([(f.name, arrow_type(res, f)) for f in res.fields])
    # Without pandas' metadata: the Parquet export holds the schema's types, not pandas' dtypes.
    return pa.Table.from_pandas(frame, schema, preserve_index=False).replace_schema_metadata()

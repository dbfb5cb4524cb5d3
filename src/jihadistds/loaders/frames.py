"""Reading a table into a pandas DataFrame typed by its Table Schema, column by column.

The dtypes are docs/python.md's. A period bound becomes a day: the start the first of its
period and the end the last, at its ``period_precision`` (``2017-04`` runs from 2017-04-01 to
2017-04-30). Every value loads as its type or raises :class:`~jihadistds.errors.PackageError`
naming file, row and field; nothing is dropped or coerced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ..errors import PackageError, quoted
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

_INTEGER = r"^[+-]?[0-9]+$"


def _fail(res: Resource, bad: Any, field: str, why: str) -> PackageError:
    """The error at the first row where ``bad`` holds: a boolean Series (by its index) or a
    boolean Arrow array (by position)."""
    import pandas as pd

    row = int(bad[bad].index[0]) if isinstance(bad, pd.Series) else bad.index(True).as_py()
    return PackageError(why, file=res.path, row=row + 2, field=field)


def _period(res: Resource, columns: dict[str, Any], name: str) -> pd.Series[Any]:
    import pandas as pd

    col, precision = (
        pd.Series(pd.arrays.ArrowStringArray(columns[f])) for f in (name, PERIOD_FIELDS[name])
    )
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
                res, bad, name, f"{quoted(values[bad].iloc[0])} is not written at {level} precision"
            )
        text = values if level == "day" else values + ("-01" if level == "month" else "-01-01")
        start = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        if start.isna().any():
            raise _fail(
                res,
                start.isna(),
                name,
                f"{quoted(values[start.isna()].iloc[0])} is not a real date",
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


def _column(res: Resource, columns: dict[str, Any], field: Field, periods: bool) -> pd.Series[Any]:
    """One column typed, in Arrow where pandas would be slow (text, enums, integers)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    name, t = field.name, field_type(field)
    text = columns[name]
    blank = pc.equal(text, "")
    if field.required and pc.any(blank).as_py():
        raise _fail(res, blank, name, "a required value is blank")
    if periods and is_period(res, field):
        return _period(res, columns, name)
    values = pc.if_else(blank, pa.scalar(None, pa.string()), text)  # a blank is null

    def first(bad: Any) -> str:
        return repr(text.filter(bad)[0].as_py())

    if field.enum and t == "string":
        categories = [str(v) for v in field.enum]
        codes = pc.index_in(values, value_set=pa.array(categories, pa.string()))
        bad = pc.and_not(pc.is_null(codes), blank)
        if pc.any(bad).as_py():
            raise _fail(res, bad, name, f"{first(bad)} is not one of {', '.join(categories)}")
        # String categories, so that a blank shows as <NA>, as in every other text column.
        dtype = pd.CategoricalDtype(pd.Index(categories, dtype="string"))
        return pd.Series(pd.Categorical.from_codes(pc.fill_null(codes, -1), dtype=dtype))
    if t == "string":
        return pd.Series(pd.arrays.ArrowStringArray(values))
    if t == "integer":
        bad = pc.invert(pc.or_(blank, pc.match_substring_regex(text, _INTEGER)))
        if pc.any(bad).as_py():
            raise _fail(res, bad, name, f"{first(bad)} is not an integer")
        try:  # Arrow reads a sign of minus only
            integers = pc.cast(pc.utf8_ltrim(values, characters="+"), pa.int64())
        except pa.ArrowInvalid:
            raise PackageError(
                "an integer is too large for a 64-bit column", file=res.path, field=name
            ) from None
        return pd.Series(pd.array(integers, dtype="Int64"))
    col = pd.Series(pd.arrays.ArrowStringArray(text))
    blanks = col == ""
    if t == "number":
        numbers = pd.to_numeric(col.mask(blanks), errors="coerce")
        bad = numbers.isna() & ~blanks
        if bad.any():
            raise _fail(res, bad, name, f"{quoted(col[bad].iloc[0])} is not a number")
        return cast("pd.Series[Any]", numbers.astype("Float64"))
    if t == "boolean":
        mapping = {
            **dict.fromkeys(true_values(field), True),
            **dict.fromkeys(false_values(field), False),
        }
        bad = ~col.isin(list(mapping)) & ~blanks
        if bad.any():
            raise _fail(res, bad, name, f"{quoted(col[bad].iloc[0])} is not a boolean")
        return cast("pd.Series[Any]", col.map(mapping).astype("boolean"))
    if t == "date":
        dates = pd.to_datetime(col.mask(blanks), format="%Y-%m-%d", errors="coerce")
        bad = dates.isna() & ~blanks
        if bad.any():
            raise _fail(res, bad, name, f"{quoted(col[bad].iloc[0])} is not a date (YYYY-MM-DD)")
        return dates.astype(cast(Any, PANDAS_DTYPES["date"]))
    delimiter = field.delimiter
    items = [tuple(v.split(delimiter)) if v else None for v in text.to_pylist()]
    return pd.Series(items, dtype="object")


def read_frame(res: Resource, *, periods: bool = True) -> pd.DataFrame:
    """``res``'s CSV as a DataFrame typed by its schema. Raises :class:`PackageError`.

    Without ``periods``, a period bound stays the text its schema types it as.
    """
    import pandas as pd

    require_loadable(res)
    columns = read_columns(res)
    try:
        typed = {f.name: _column(res, columns, f, periods) for f in res.fields}
    except CellError as exc:  # a field type the loader does not know
        raise PackageError(str(exc), file=res.schema_file) from None
    rows = len(next(iter(columns.values()))) if columns else 0
    return pd.DataFrame(typed, index=pd.RangeIndex(rows))


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

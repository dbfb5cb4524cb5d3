"""The :class:`Package`: typed access to one copy of the data package."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from ._generated.tables import TABLE_NAMES, TableName, TypedRecords
from .check.report import Report
from .errors import UsageError
from .loaders.frames import frame_to_arrow, read_frame
from .loaders.models import model_for
from .loaders.records import read_records
from .read.csv import read_strict
from .read.descriptor import Descriptor, Resource, read_descriptor
from .read.fields import format_cell
from .read.locate import installed_root
from .validation import validate

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from .loaders.record import Record


Backend = Literal["pandas", "arrow", "polars"]
BACKENDS: tuple[Backend, ...] = ("pandas", "arrow", "polars")


class Package(TypedRecords):
    """A copy of the data package: the installed one, a checkout, or a fork with rows of its own.

    >>> pkg = Package()  # the installed copy
    >>> fork = Package("path/to/my-fork")  # doctest: +SKIP
    >>> pkg.load("counts").shape[1] > 0
    True

    Each table is parsed once per representation and cached; callers get copies (DataFrames)
    or frozen records in a new list, so nothing they do can change what others read.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path = path
        self._descriptor: Descriptor | None = None
        self._frames: dict[str, pd.DataFrame] = {}
        self._record_cache: dict[str, tuple[Record, ...]] = {}
        self._models: dict[str, type[Record]] = {}

    def __repr__(self) -> str:  # as it was made: reading nothing, so it cannot fail
        return "Package()" if self._path is None else f"Package({str(self._path)!r})"

    @property
    def root(self) -> Path:
        """The folder that holds this copy's ``datapackage.json``."""
        return self.descriptor.root

    @property
    def descriptor(self) -> Descriptor:
        """The parsed descriptor and schemas (read on first use)."""
        if self._descriptor is None:
            self._descriptor = read_descriptor(
                installed_root() if self._path is None else self._path
            )
        return self._descriptor

    @property
    def version(self) -> str:
        """The data package's version, from ``datapackage.json``."""
        return self.descriptor.version

    def resources(self) -> list[TableName]:
        """The table names, in the descriptor's order.

        Typed as this package's names, as :meth:`load` and :meth:`records` take them, so that
        ``for name in resources(): records(name)`` type-checks; a fork's own table names come
        back too, and a type checker will want them cast.

        >>> Package().resources()[:3]
        ['sources', 'actors', 'actor_identifiers']
        """
        return [cast("TableName", r.name) for r in self.descriptor.resources]

    def resource(self, name: str) -> Resource:
        """The descriptor entry of table ``name``; :class:`UnknownTableError` lists the valid names."""
        return self.descriptor.resource(name)

    @overload
    def load(
        self, name: TableName, *, backend: Literal["pandas"] = "pandas", names: bool = False
    ) -> pd.DataFrame: ...
    @overload
    def load(
        self, name: TableName, *, backend: Literal["arrow"], names: bool = False
    ) -> pa.Table: ...
    @overload
    def load(
        self, name: TableName, *, backend: Literal["polars"], names: bool = False
    ) -> pl.DataFrame: ...

    def load(self, name: TableName, *, backend: Backend = "pandas", names: bool = False) -> Any:
        """Table ``name`` as a pandas DataFrame (default), a ``pyarrow.Table`` or a polars DataFrame.

        The types come from its Table Schema and are the same in each (docs/without-python.md:
        "Types in every format"): a period bound is a date, the first or last day at its
        precision.
        polars is an optional extra: ``pip install "polars>=1"`` (``".[polars]"`` in a checkout).

        With ``names=True``, each column that refers to an actor or a place by id is followed
        by a text column of its name: ``actor_id`` by ``actor_name``, ``place_id`` by
        ``place_name``, ``attributed_to`` by ``attributed_to_name`` (missing where the id is blank
        or names no row of its table: ``jihadistds validate`` reports such an id).

        >>> Package().load("group_sizes")["value"].dtype
        Int64Dtype()
        >>> Package().load("group_sizes", backend="arrow").schema.field("value").type
        DataType(int64)
        >>> Package().load("group_sizes", names=True)[["actor_id", "actor_name"]].iloc[0].tolist()
        ['hayat-tahrir-al-sham', 'Hayat Tahrir al-Sham']
        """
        if backend not in BACKENDS:
            raise UsageError(
                f"unknown backend {backend!r}; choose one of {', '.join(map(repr, BACKENDS))}"
            )
        if not isinstance(names, bool):  # "yes", or 0, read as true or false would be a guess
            raise UsageError(f"names is True or False, not {names!r}")
        res = self.resource(name)
        if name not in self._frames:
            self._frames[name] = read_frame(res)
        frame = self._frames[name].copy(deep=True)
        for field, column, lookup in self._named(res) if names else []:
            at = list(frame.columns).index(field) + 1
            frame.insert(at, column, frame[field].map(lookup).astype("string"))
        if backend == "pandas":
            return frame
        import pyarrow as pa

        table = frame_to_arrow(res, self._frames[name])
        for at, column in enumerate(frame.columns):  # the name columns, typed as text
            if column not in table.column_names:
                table = table.add_column(at, column, pa.array(frame[column], pa.string()))
        if backend == "arrow":
            return table
        try:
            import polars
        except ImportError:
            raise UsageError('backend="polars" needs polars: pip install "polars>=1"') from None
        polar = polars.from_arrow(table)
        assert isinstance(polar, polars.DataFrame)  # a Table always gives a DataFrame
        enums = {f.name: f.enum for f in res.fields if f.enum and f.type == "string"}
        return polar.with_columns(  # the schema's categories, in order, as pandas has them
            [polars.col(n).cast(polars.String).cast(polars.Enum(v)) for n, v in enums.items()]
        )

    def _named(self, res: Resource) -> list[tuple[str, str, dict[str, str]]]:
        """(field, its name column, id -> name) for each column of ``res`` that refers by a
        single-field foreign key to a table with a ``name`` (actors, places)."""
        out = []
        for fk in res.foreign_keys:
            target = self.descriptor.resource(fk.resource)
            if len(fk.fields) != 1 or "name" not in target.field_names:
                continue
            field = fk.fields[0]
            column = field.removesuffix("_id") + "_name"
            if column in res.field_names or fk.resource == res.name:
                continue
            key = fk.reference[0]
            out.append((field, column, {r[key]: r["name"] for r in self.text_rows(fk.resource)}))
        return out

    @overload
    def load_all(
        self, *, backend: Literal["pandas"] = "pandas", names: bool = False
    ) -> dict[TableName, pd.DataFrame]: ...
    @overload
    def load_all(
        self, *, backend: Literal["arrow"], names: bool = False
    ) -> dict[TableName, pa.Table]: ...
    @overload
    def load_all(
        self, *, backend: Literal["polars"], names: bool = False
    ) -> dict[TableName, pl.DataFrame]: ...

    def load_all(self, *, backend: Backend = "pandas", names: bool = False) -> Any:
        """Every table, by name, as :meth:`load` gives it."""
        return {n: self.load(n, backend=backend, names=names) for n in self.resources()}

    def model(self, name: str) -> type[Record]:
        """The record class of table ``name``: the generated one when this copy's schema is the
        shipped schema, else one built from this copy's schema."""
        res = self.resource(name)
        if name not in self._models:
            self._models[name] = model_for(res)
        return self._models[name]

    def _records(self, name: str) -> list[Any]:
        res = self.resource(name)
        if name not in self._record_cache:
            self._record_cache[name] = tuple(read_records(res, self.model(name)))
        return list(self._record_cache[name])

    def text_rows(self, name: str) -> list[dict[str, str]]:
        """The rows of table ``name`` as the CSV's text, read by the same strict reader as :meth:`load`."""
        return read_strict(self.resource(name)).rows()

    def to_csv(self, name: str, records: Sequence[Record]) -> str:
        """Records of table ``name`` as CSV text, exactly as the package writes its files."""
        res = self.resource(name)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(res.field_names)
        for record in records:
            writer.writerow([format_cell(f, getattr(record, f.name)) for f in res.fields])
        return out.getvalue()

    def validate(self, sources: str | os.PathLike[str] | None = None) -> Report:
        """Validate this copy; see :func:`jihadistds.validate`."""
        return validate(self._path, sources=sources)


__all__ = ["TABLE_NAMES", "Package"]

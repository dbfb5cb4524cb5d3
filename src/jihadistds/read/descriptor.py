"""A data package's descriptor and Table Schemas, read into the domain model.

:class:`Descriptor` holds the package's :class:`Resource` objects, each with its fields
and keys parsed once. Every path and property is first put through :mod:`.confine`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import PackageError, UnknownTableError
from .confine import (
    MAX_FIELDS,
    OPENS_PACKAGE,
    OPENS_RESOURCE,
    check_opens,
    check_profile,
    check_resource_format,
    find_descriptor,
    read_json,
    safe_path,
)
from .locate import DESCRIPTOR
from .patterns import PatternError, translate


@dataclass(frozen=True, eq=False)
class Field:
    """One field of a Table Schema, read once: its name, type and constraints.

    ``spec`` keeps the field's whole entry, for what only frictionless' own reading of it
    needs (``missingValues``, ``trueValues``, ``bareNumber``, ...).
    """

    name: str
    type: str  # "string" where the schema gives none
    constraints: Mapping[str, Any]
    spec: Mapping[str, Any]

    @property
    def description(self) -> str:
        return str(self.spec.get("description", ""))

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[Any] | None:
        """The allowed values, when the schema lists them."""
        enum = self.constraints.get("enum")
        return list(enum) if isinstance(enum, list) and enum else None

    @property
    def delimiter(self) -> str:
        """What separates the items of a ``list`` field."""
        return str(self.spec.get("delimiter", ","))


@dataclass(frozen=True)
class ForeignKey:
    """A reference from some fields of one table to the same number of fields of a table.

    ``resource`` is always the referenced table's name: a self-reference (``"resource"``
    omitted or ``""`` in the schema) names the table that holds the key.
    """

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """One table of the package: its name, its CSV, its Table Schema and its keys, parsed once."""

    name: str
    path: str  # as written in the descriptor, relative to the package folder
    file: Path  # resolved, inside the package folder
    schema: dict[str, Any]
    schema_path: str | None  # as written, or None for an inline schema
    fields: tuple[Field, ...] = ()
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Why the schema's keys could not be read: frictionless reports these in its own words.
    key_errors: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def schema_file(self) -> str:
        """The file that holds the schema: its own file, or the descriptor for an inline one."""
        return self.schema_path or DESCRIPTOR

    def require_keys(self) -> None:
        """Raise :class:`PackageError` naming the schema file when its keys could not be read."""
        if self.key_errors:
            raise PackageError(
                f"the keys of table {self.name!r} cannot be read: {self.key_errors[0]}",
                file=self.schema_file,
            )


@dataclass(frozen=True)
class Descriptor:
    """A parsed ``datapackage.json`` and the resources it declares."""

    root: Path
    path: Path
    data: dict[str, Any]
    resources: list[Resource] = field(default_factory=list)

    @property
    def version(self) -> str:
        return str(self.data.get("version", ""))

    def files(self) -> list[tuple[Path, str]]:
        """The package's files, each with its path as written: the descriptor, the CSVs, the schemas."""
        files = [(self.path, self.path.name), *((r.file, r.path) for r in self.resources)]
        return files + [
            (self.root / r.schema_path, r.schema_path) for r in self.resources if r.schema_path
        ]

    def resource(self, name: str) -> Resource:
        for r in self.resources:
            if r.name == name:
                return r
        raise UnknownTableError(name, [r.name for r in self.resources])


def _names(value: Any) -> tuple[str, ...] | None:
    """A key's fields: one name or a list of names; ``None`` when it is neither."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def read_descriptor(path: str | os.PathLike[str]) -> Descriptor:
    """Read a data package: the descriptor and every resource's Table Schema.

    ``path`` is the package folder or its ``datapackage.json``. Raises :class:`PackageError`
    naming the file when anything cannot be read.
    """
    dp_path = find_descriptor(path)
    root = dp_path.parent.resolve()
    name = dp_path.name
    if not dp_path.resolve().is_relative_to(root):
        raise PackageError("the descriptor is a link to a file outside its folder", file=name)
    data = read_json(dp_path, name=name)
    if not isinstance(data, dict):
        raise PackageError("the descriptor must be a JSON object", file=name)
    check_profile(data, file=name, where="")
    check_opens(data, OPENS_PACKAGE, file=name, where="")
    raw_resources = data.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        raise PackageError("the descriptor must list its resources", file=name, field="resources")
    resources = []
    seen: set[str] = set()
    schemas: dict[Path, Any] = {}
    fields_by_schema: dict[int, tuple[Field, ...]] = {}
    field_count = 0
    for i, res in enumerate(raw_resources):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            raise PackageError("each resource must be a JSON object", file=name, field=where)
        rname = res.get("name")
        if not isinstance(rname, str) or not rname:
            raise PackageError("resource has no name", file=name, field=where)
        if rname in seen:
            raise PackageError(f"resource name {rname!r} is used twice", file=name, field=where)
        seen.add(rname)
        rpath = res.get("path")
        file = safe_path(root, rpath, file=name, what=f"{where}.path")
        check_profile(res, file=name, where=f"{where}.")
        check_opens(res, OPENS_RESOURCE, file=name, where=f"{where}.")
        check_resource_format(res, file=name, where=f"{where} ({rname})")
        schema = res.get("schema")
        schema_path: str | None = None
        if isinstance(schema, str):
            schema_path = schema
            schema_file = safe_path(root, schema, file=name, what=f"{where}.schema")
            if schema_file not in schemas:  # a schema many resources name is read once
                schemas[schema_file] = read_json(schema_file, name=schema)
            schema = schemas[schema_file]
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise PackageError(
                "a Table Schema must be an object with a list of fields",
                file=schema_path or name,
                field=None if schema_path else where,
            )
        field_count += len(schema["fields"])
        if field_count > MAX_FIELDS:
            raise PackageError(
                f"the package declares more than {MAX_FIELDS:,} fields in all", file=name
            )
        if id(schema) not in fields_by_schema:
            fields_by_schema[id(schema)] = _fields(schema, schema_path or name)
        fields = fields_by_schema[id(schema)]
        resources.append(Resource(rname, str(rpath), file, schema, schema_path, fields))
    return Descriptor(root=root, path=dp_path, data=data, resources=_with_keys(resources))


def _fields(schema: dict[str, Any], file: str) -> tuple[Field, ...]:
    """A schema's fields, each with a name and, if it has a pattern, one RE2 reads as Python does
    and can compile, so that matching can never fail midway."""
    check_profile(schema, file=file, where="")
    fields: dict[str, Field] = {}
    for j, f in enumerate(schema["fields"]):
        if not isinstance(f, dict) or not isinstance(name := f.get("name"), str):
            raise PackageError(f"fields[{j}] has no name", file=file)
        if name in fields:  # every reader keys a row by name: one column would be lost
            raise PackageError(
                f"fields[{j}] repeats the name {name!r} of fields[{list(fields).index(name)}]; "
                "each field needs a name of its own",
                file=file,
            )
        c = f.get("constraints")
        fields[name] = Field(
            name, str(f.get("type", "string")), c if isinstance(c, dict) else {}, f
        )
    for f in fields.values():
        pattern = f.constraints.get("pattern")
        if isinstance(pattern, str):
            try:
                translate(pattern)
            except PatternError as exc:
                raise PackageError(
                    f"the pattern {pattern!r} is refused: {exc}. Patterns are matched in "
                    "linear time, in the syntax Python and RE2 read alike",
                    file=file,
                    field=f.name,
                ) from None
    return tuple(fields.values())


def _with_keys(resources: list[Resource]) -> list[Resource]:
    """The resources with their primary and foreign keys parsed, and why any cannot be read.

    Lenient: a malformed key is left out and described, so that validation can still report
    it in frictionless' words; readers that need keys call :meth:`Resource.require_keys`.
    """
    tables = {r.name: set(r.field_names) for r in resources}
    out = []
    for r in resources:
        errors: list[str] = []
        primary = _names(r.schema.get("primaryKey", []))
        if primary is None:
            errors.append("primaryKey must be a field name or a list of field names")
            primary = ()
        errors += [
            f"primary key field {k!r} is not a field of the schema"
            for k in primary
            if k not in tables[r.name]
        ]
        raw = r.schema.get("foreignKeys", [])
        if not isinstance(raw, list):
            errors.append("foreignKeys must be a list")
            raw = []
        foreign = []
        for i, fk in enumerate(raw):
            reference = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(reference, dict):
                errors.append(f"foreignKeys[{i}] must be an object with a reference object")
                continue
            local, remote = _names(fk.get("fields")), _names(reference.get("fields"))
            target = reference.get("resource") or r.name
            if (
                not local
                or remote is None
                or len(local) != len(remote)
                or not isinstance(target, str)
            ):
                errors.append(
                    f"foreignKeys[{i}] must name as many referenced fields as fields, and a table"
                )
            elif missing := [k for k in local if k not in tables[r.name]]:
                errors.append(f"foreignKeys[{i}] field {missing[0]!r} is not a field of the schema")
            elif target not in tables:
                errors.append(
                    f"a foreign key refers to table {target!r}, which the package does not have"
                )
            elif any(k not in tables[target] for k in remote):
                errors.append(
                    f"a foreign key refers to fields {', '.join(remote)} of {target!r}, which it does not have"
                )
            else:
                foreign.append(ForeignKey(local, target, remote))
        out.append(
            replace(r, primary_key=primary, foreign_keys=tuple(foreign), key_errors=tuple(errors))
        )
    return out

"""Record models from Table Schemas: the generated ones, or one built at run time for a fork's table.

A field becomes a :class:`FieldSpec` (its Python type, enum, constraints, optionality); the
same specs write :mod:`jihadistds._generated.models` (``python docs/generate.py``)
and build a model for a table whose schema differs from the shipped one, so a fork's table is
typed by its own schema.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import keyword
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ..errors import PackageError
from ..read.descriptor import Field, Resource
from ..read.fields import PYTHON_TYPES, field_type

if TYPE_CHECKING:
    from .record import Record


@dataclass(frozen=True)
class FieldSpec:
    """What one schema field becomes in a model."""

    name: str
    base: str  # key of PYTHON_TYPES
    literal: tuple[str, ...] | None  # the enum, as a Literal
    constraints: tuple[tuple[str, Any], ...]  # pydantic constraint keyword arguments
    optional: bool
    description: str


def require_loadable(resource: Resource) -> None:
    """Raise :class:`PackageError` (schema file, field) when frictionless rejects the schema.

    Every loader calls this first, so a malformed schema (``trueValues`` that is not a list,
    ``constraints`` that is not an object, ...) is one clear error, not a ``TypeError``. Keys
    are not judged here: :func:`~jihadistds.read.descriptor.read_descriptor` reads them.
    """
    from frictionless import Schema

    schema = {k: v for k, v in resource.schema.items() if k not in ("primaryKey", "foreignKeys")}
    errors = Schema.validate_descriptor(schema).errors
    if not errors:
        return
    field = None  # the first field that is invalid on its own, if the fault is in a field
    for f in schema.get("fields", []) if isinstance(schema.get("fields"), list) else []:
        own = Schema.validate_descriptor({"fields": [f]}).errors
        if own:
            errors, field = own, f.get("name") if isinstance(f, dict) else None
            break
    raise PackageError(
        f"the schema of table {resource.name!r} is invalid: {errors[0].note or errors[0].message}",
        file=resource.schema_file,
        field=field if isinstance(field, str) else None,
    )


def class_name(table: str) -> str:
    """``group_sizes`` -> ``GroupSize``: the singular, in CamelCase."""
    singular = table[:-1] if table.endswith("s") else table
    return "".join(part.capitalize() for part in singular.split("_"))


def field_spec(field: Field) -> FieldSpec:
    name = field.name
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"field name {name!r} is not a Python identifier")
    base = field_type(field)
    c = field.constraints
    enum = c.get("enum")
    literal = tuple(str(v) for v in enum) if enum and base == "string" else None
    constraints: list[tuple[str, Any]] = []
    if literal is None and base == "string":
        for key, arg in (
            ("pattern", "pattern"),
            ("minLength", "min_length"),
            ("maxLength", "max_length"),
        ):
            if key in c:
                constraints.append((arg, c[key]))
    if base in ("integer", "number"):
        for key, arg in (("minimum", "ge"), ("maximum", "le")):
            if key in c:
                constraints.append((arg, c[key]))
    return FieldSpec(
        name,
        base,
        literal,
        tuple(constraints),
        not field.required,
        field.description,
    )


def fingerprint(resource: Resource) -> str:
    """A digest of what a table's schema means for its model (names, types, constraints, not prose)."""
    specs = [dataclasses.replace(field_spec(f), description="") for f in resource.fields]
    text = json.dumps([dataclasses.astuple(s) for s in specs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def annotation_source(spec: FieldSpec) -> str:
    """The annotation of a field in the generated models' source."""
    if spec.literal is not None:
        text = "Literal[" + ", ".join(repr(v) for v in spec.literal) + "]"
    else:
        text = PYTHON_TYPES[spec.base]
        if spec.constraints:
            args = ", ".join(f"{k}={v!r}" for k, v in spec.constraints)
            maker = "StringConstraints" if spec.base == "string" else "Field"
            text = f"Annotated[{text}, {maker}({args})]"
    return f"{text} | None" if spec.optional else text


def _annotation_type(spec: FieldSpec) -> Any:
    from pydantic import Field, StringConstraints

    python: dict[str, Any] = {
        "string": str,
        "integer": int,
        "number": float,
        "boolean": bool,
        "date": dt.date,
        "list": tuple[str, ...],
    }
    t: Any = Literal[spec.literal] if spec.literal is not None else python[spec.base]
    if spec.literal is None and spec.constraints:
        maker = StringConstraints if spec.base == "string" else Field
        t = Annotated[t, maker(**dict(spec.constraints))]
    return t | None if spec.optional else t


def build_model(resource: Resource) -> type[Any]:
    """A record model for a table the generated models do not know, from its own schema."""
    from pydantic import Field, create_model

    from .record import Record

    fields: dict[str, Any] = {}
    for f in resource.fields:
        spec = field_spec(f)
        default = None if spec.optional else ...
        fields[spec.name] = (_annotation_type(spec), Field(default, description=spec.description))
    model = create_model(class_name(resource.name), __base__=Record, **fields)
    model.table = resource.name
    return model


def model_for(resource: Resource) -> type[Record]:
    """The record class of a table: the generated one when its schema is the shipped schema, else one built from it."""
    from .._generated.models import MODELS, SCHEMA_FINGERPRINTS

    shipped = MODELS.get(resource.name)
    try:
        if shipped is not None and SCHEMA_FINGERPRINTS.get(resource.name) == fingerprint(resource):
            return shipped
        return build_model(resource)
    except Exception as exc:  # pydantic cannot build a model from this schema: the schema's fault
        # (a name that is not an identifier, an unknown type, a bound of the wrong type, ...)
        raise PackageError(
            f"table {resource.name!r} cannot be typed: {exc}", file=resource.schema_file
        ) from None

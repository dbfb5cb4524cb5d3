"""The generated models agree with the schemas that define the tables."""

from __future__ import annotations

import typing

import pytest

from jihadistds._generated.models import MODELS
from jihadistds.loaders.models import build_model
from jihadistds.read.descriptor import Descriptor

from conftest import TABLES


@pytest.mark.parametrize("table", TABLES)
def test_model_agrees_with_schema(descriptor: Descriptor, table: str) -> None:
    res = descriptor.resource(table)
    model = MODELS[table]
    assert model.table == table
    assert list(model.model_fields) == res.field_names
    for f in res.fields:
        info = model.model_fields[f.name]
        c = f.constraints
        assert info.is_required() == bool(c.get("required")), f.name
        assert info.description == f.description
        if "enum" in c:
            options = (info.annotation, *typing.get_args(info.annotation))
            literal = next(a for a in options if typing.get_origin(a) is typing.Literal)
            assert list(typing.get_args(literal)) == c["enum"]
        if "pattern" in c:
            shown = repr(info.annotation) + repr(info.metadata)
            assert repr(c["pattern"])[1:-1] in shown


@pytest.mark.parametrize("table", TABLES)
def test_a_built_model_matches_the_generated_one(descriptor: Descriptor, table: str) -> None:
    """The run-time builder and the code generator make the same model from one schema."""
    built, shipped = build_model(descriptor.resource(table)), MODELS[table]
    for name, info in shipped.model_fields.items():
        other = built.model_fields[name]
        assert (repr(other.annotation), repr(other.metadata), other.is_required()) == (
            repr(info.annotation),
            repr(info.metadata),
            info.is_required(),
        )


def test_records_enforce_schema_constraints() -> None:
    import pydantic

    from jihadistds._generated.models import Actor

    with pytest.raises(pydantic.ValidationError):
        Actor(actor_id="Not A Slug", kind="state", name="X")
    with pytest.raises(pydantic.ValidationError):
        Actor(actor_id="x", kind="empire", name="X")  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError):
        Actor(actor_id="x", kind="state", name="X", extra="field")  # type: ignore[call-arg]

"""The descriptor and the Table Schemas: metadata, keys, constraints and descriptions."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest

from jihadistds.read.descriptor import Descriptor

from conftest import ROOT, TABLES

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
# Fields that hold an actor id though their names do not end in _id.
ACTOR_REFERENCES = {"attributed_to"}
# Fields of the fact tables that must mean the same wherever they appear.
SHARED_FIELDS = {
    "source_id",
    "quote",
    "attributed_to",
    "value",
    "qualifier",
    "value_as_stated",
    "period_start",
    "period_end",
    "period_precision",
    "period_as_stated",
    "period_basis",
    "scope",
    "inferred",
}


def test_descriptor_metadata(descriptor: Descriptor) -> None:
    dp = descriptor.data
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert dp["name"] == "jihadistds"
    for key in ("title", "description", "created", "keywords"):
        assert dp[key], key
    assert SEMVER.match(dp["version"]) and int(dp["version"].split(".")[0]) >= 1
    assert any(lic["name"] == "CC-BY-4.0" for lic in dp["licenses"])
    assert "quot" in dp["description"], "the description must say what covers the quotes"
    assert dp["sources"] and all(
        s["title"] and s["path"].startswith("https://") for s in dp["sources"]
    )
    assert dp["contributors"] and all(c["title"] for c in dp["contributors"])


def test_one_version() -> None:
    """The wheel's version is read from datapackage.json: there is no second place to drift."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "datapackage.json"
    pattern = project["tool"]["hatch"]["version"]["pattern"]
    text = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    assert re.search(pattern, text).group("version") == json.loads(text)["version"]  # type: ignore[union-attr]


def test_every_table_has_a_schema_file(descriptor: Descriptor) -> None:
    on_disk = {
        p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json")
    }
    assert on_disk == set(TABLES)
    for res in descriptor.data["resources"]:
        assert res["schema"] == f"schemas/{res['name']}.schema.json"
        assert res["path"] == f"data/{res['name']}.csv"
        assert res["title"] and res["description"]
    assert {p.stem for p in (ROOT / "data").glob("*.csv")} == set(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_schema_keys_and_descriptions(descriptor: Descriptor, table: str) -> None:
    res = descriptor.resource(table)
    names = res.field_names
    assert res.primary_key and all(k in names for k in res.primary_key)
    assert len(set(names)) == len(names)
    for f in res.fields:
        assert f.description.strip(), f"{table}.{f.name} has no description"
        enum = f.constraints.get("enum")
        if enum is not None:
            assert enum and len(set(enum)) == len(enum)
    for k in res.primary_key:
        field = next(f for f in res.fields if f.name == k)
        assert field.required, f"primary key {table}.{k} must be required"
        assert {"pattern", "enum"} & set(field.constraints), (
            f"primary key {table}.{k} needs an id pattern or an enum"
        )


@pytest.mark.parametrize("table", TABLES)
def test_every_reference_is_a_foreign_key(descriptor: Descriptor, table: str) -> None:
    res = descriptor.resource(table)
    declared = {fk.fields for fk in res.foreign_keys}
    own_key = res.primary_key[0] if len(res.primary_key) == 1 else None
    for name in res.field_names:
        if (name.endswith("_id") and name != own_key) or name in ACTOR_REFERENCES:
            assert (name,) in declared, (
                f"{table}.{name} refers to another table but has no foreign key"
            )
    for fk in res.foreign_keys:
        assert fk.reference == descriptor.resource(fk.resource).primary_key


def test_shared_fields_are_defined_once(descriptor: Descriptor) -> None:
    """A field that appears in several tables means the same everywhere."""
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for res in descriptor.resources:
        for f in res.fields:
            if f.name not in SHARED_FIELDS or f.name in res.primary_key:
                continue
            if f.name in seen:
                other, definition = seen[f.name]
                assert f.spec == definition, f"{res.name}.{f.name} differs from {other}.{f.name}"
            else:
                seen[f.name] = (res.name, dict(f.spec))
    assert set(seen) == SHARED_FIELDS


def test_qualifier_vocabulary_is_the_same_everywhere(descriptor: Descriptor) -> None:
    vocabularies = {
        res.name: f.enum
        for res in descriptor.resources
        for f in res.fields
        if f.name == "qualifier"
    }
    assert len(vocabularies) >= 2
    assert all(
        v == ["exact", "approximately", "at_least", "more_than", "at_most", "less_than"]
        for v in vocabularies.values()
    )


# Reference tables (actor_identifiers holds a registry's word, not a source's), and
# event_actors, a child table whose parent row carries the quote.
NOT_FACT_TABLES = {"sources", "actors", "actor_identifiers", "places", "event_actors"}


@pytest.mark.parametrize("table", [t for t in TABLES if t not in NOT_FACT_TABLES])
def test_fact_tables_carry_source_quote_and_note(descriptor: Descriptor, table: str) -> None:
    res = descriptor.resource(table)
    for name in ("source_id", "quote", "note"):
        assert name in res.field_names
    if "value" in res.field_names:
        for name in (
            "qualifier",
            "value_as_stated",
            "period_start",
            "period_end",
            "period_precision",
            "place_id",
        ):
            assert name in res.field_names, f"{table} has a value but no {name}"
        assert "unit" in res.field_names
    if "period_start" in res.field_names:
        assert "period_basis" in res.field_names, f"{table} has a period but no period_basis"
    assert "inferred" in res.field_names, f"{table} has quotes but no inferred"


@pytest.mark.parametrize("table", TABLES)
def test_every_vocabulary_has_labelled_categories(descriptor: Descriptor, table: str) -> None:
    """Data Package v2 categories say what each enum value means; the enum stays for frictionless v5."""
    for f in descriptor.resource(table).fields:
        enum = f.constraints.get("enum")
        if enum is None:
            assert "categories" not in f.spec, f"{table}.{f.name} has categories but no enum"
            continue
        categories = f.spec.get("categories")
        assert categories, f"{table}.{f.name} has an enum but no categories"
        assert [c["value"] for c in categories] == enum, (
            f"{table}.{f.name}: categories and enum differ"
        )
        assert all(set(c) == {"value", "label"} and c["label"].strip() for c in categories)


def test_relationship_types_say_which_are_symmetric(descriptor: Descriptor) -> None:
    field = next(f for f in descriptor.resource("relationships").fields if f.name == "type")
    symmetric = field.spec["symmetricCategories"]
    assert symmetric and set(symmetric) < set(field.enum)
    assert {"rival_of", "allied_with", "has_ties_with"} <= set(symmetric)
    assert "leads" not in symmetric and "branch_of" not in symmetric

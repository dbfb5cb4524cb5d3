"""A sound, fast check of a descriptor: frictionless' own profiles plus the rules it adds to them.

It decides only whether the fast engine may skip frictionless for the descriptor: any
problem it finds, or anything outside what it knows, hands the package to frictionless,
which then reports the errors in its own words. So it must never pass a descriptor that
frictionless rejects; the differential tests hold it to that.
"""

from __future__ import annotations

import re
from typing import Any

from ..read.descriptor import Descriptor, Resource, field_format
from ..read.fields import TYPES

_NAME = re.compile(r"^[a-z0-9._-]+$")
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def descriptor_problems(descriptor: Descriptor) -> list[str]:
    """Why frictionless might reject this descriptor; empty when it certainly accepts it."""
    from fastjsonschema import JsonSchemaException

    from .._generated import profiles

    data = descriptor.data
    problems: list[str] = []

    def check(validator: Any, value: Any, where: str) -> None:
        try:
            validator(value)
        except JsonSchemaException as exc:
            problems.append(f"{where}: {exc}")

    check(profiles.validate_package, data, "package")
    if problems:  # the checks below assume the shapes the profile requires
        return problems
    # The Data Package version the package's own "$schema" imposes on everything in it: an
    # absent one is v1 (frictionless' Metadata.effective_datapackage_version).
    version = "v2" if "/2.0/" in str(data.get("$schema", "")) else "v1"
    # What frictionless calls misleading (package/package.py, resource/resource.py).
    problems += [f"package {key}" for key in ("missingValues", "fields") if key in data]
    problems += [
        f"resource {i} missingValues"
        for i, raw in enumerate(data["resources"])
        if isinstance(raw, dict) and "missingValues" in raw
    ]
    if data.get("profile") == "tabular-data-package" and any(
        not isinstance(raw, dict) or raw.get("profile") != "tabular-data-resource"
        for raw in data["resources"]
    ):
        problems.append("tabular-data-package with a resource of another profile")
    if isinstance(data.get("name"), str) and not _NAME.match(data["name"]):
        problems.append("package name")
    if data.get("created") and not (
        isinstance(data["created"], str) and _CREATED.match(data["created"])
    ):
        problems.append("created")
    for item in data.get("licenses", []) or []:
        if not isinstance(item, dict) or not (item.get("path") or item.get("name")):
            problems.append("license without path or name")
    for key in ("contributors", "sources"):
        for item in data.get(key, []) or []:
            if not isinstance(item, dict) or "email" in item:
                problems.append(f"{key} entry not plainly readable")
    for res, raw in zip(descriptor.resources, data["resources"]):
        check(profiles.validate_resource, raw, f"resource {res.name}")
        if problems:
            return problems
        if not _NAME.match(res.name):
            problems.append(f"resource name {res.name!r}")
        if set(raw) & {
            "data",
            "dialect",
            "compression",
            "innerpath",
            "encoding",
        } - {"encoding"} or raw.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
            problems.append(
                f"resource {res.name} uses options the fast engine leaves to frictionless"
            )
        schema = res.schema
        check(profiles.validate_schema, schema, f"schema {res.name}")
        if problems:
            return problems
        field_names = [f.get("name") for f in schema.get("fields", [])]
        if len(set(field_names)) != len(field_names):
            problems.append(f"schema {res.name}: duplicate field names")
        for f in schema.get("fields", []):
            t = f.get("type", "string")
            validator = getattr(profiles, f"validate_field_{t}", None)
            if validator is None:
                problems.append(f"field type {t!r}")
                continue
            check(validator, f, f"field {f.get('name')}")
            if problems:
                return problems
            if version == "v1" and {"exclusiveMinimum", "exclusiveMaximum"} & set(
                f.get("constraints", {}) or {}
            ):
                problems.append(f"field {f.get('name')}: exclusive bounds need Data Package v2")
            unknown = set(f.get("constraints", {}) or {}) - TYPES[t].constraints
            if unknown:
                problems.append(f"field {f.get('name')}: constraints {sorted(unknown)}")
            if t == "string" and field_format(f) not in ("default", "uri"):
                problems.append(f"field {f.get('name')}: format {f.get('format')!r}")
        # Object-form missing values ({"value": ..., "label": ...}) are Data Package v2 syntax,
        # which frictionless rejects without a v2 "$schema": left to frictionless to judge.
        spellings = [schema.get("missingValues", [])] + [
            f.get("missingValues", []) for f in schema.get("fields", [])
        ]
        if any(
            not isinstance(v, str)
            for values in spellings
            for v in (values if isinstance(values, list) else [values])
        ):
            problems.append(f"schema {res.name}: missing values written as objects")
        # Matching the header to the fields other than exactly, the fast engine does not do.
        if schema.get("fieldsMatch", "exact") != "exact":
            problems.append(f"schema {res.name}: fieldsMatch {schema['fieldsMatch']!r}")
        # Keys were parsed once, with the descriptor (read.descriptor.parse_keys).
        problems += [f"schema {res.name}: {error}" for error in res.key_errors]
    return problems


def schema_problems(resource: Resource) -> list[tuple[str | None, str]]:
    """(field or None, what is wrong) for a schema frictionless' profiles reject: for the loaders.

    The loaders read a schema's keys (``trueValues``, ``missingValues``, ``constraints``, ...)
    as the profiles define them; a schema outside them is refused before anything is built.
    """
    from fastjsonschema import JsonSchemaException

    from .._generated import profiles

    out: list[tuple[str | None, str]] = []
    # Keys are not judged here: read.descriptor.parse_keys reads them (a self-reference
    # may omit "resource", which the v1 profile requires) and require_keys refuses them.
    missing = resource.schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        out.append((None, "missingValues must be a list of strings"))
    for f in resource.schema.get("fields", []):
        validator: Any = getattr(profiles, f"validate_field_{f.get('type', 'string')}", None)
        if validator is None:
            continue  # a type the loaders refuse in their own words (field_type)
        try:
            validator(f)
        except JsonSchemaException as exc:
            out.append((f.get("name"), str(exc)))
    return out

"""A sound, fast check of a descriptor: frictionless' own profiles plus the rules it adds to them.

It decides only whether the fast engine may skip frictionless for the descriptor: any
problem it finds, or anything outside what it knows, hands the package to frictionless,
which then reports the errors in its own words. So it must never pass a descriptor that
frictionless rejects; the differential tests hold it to that.
"""

from __future__ import annotations

import re
from typing import Any

from ..read.descriptor import Descriptor
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
            "hash",
            "bytes",
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
            unknown = set(f.get("constraints", {}) or {}) - TYPES[t].constraints
            if unknown:
                problems.append(f"field {f.get('name')}: constraints {sorted(unknown)}")
            if t == "string" and f.get("format", "default") not in ("default", "uri"):
                problems.append(f"field {f.get('name')}: format {f.get('format')!r}")
        # Keys were parsed once, with the descriptor (read.descriptor.parse_keys).
        problems += [f"schema {res.name}: {error}" for error in res.key_errors]
    return problems

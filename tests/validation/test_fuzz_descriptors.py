"""Structured fuzzing: descriptors and schemas built from frictionless' own profiles.

Each example is a package whose descriptor, resources, schemas and fields are drawn from the
JSON Schema profiles frictionless validates descriptors with, each property either as the
profile allows or as something hostile (the wrong type, a huge number, a control
character, a lone surrogate). Whatever the package holds, validation returns a report
(never raises), every reported line is one line, and the loaders raise nothing
but :class:`~jihadistds.errors.JihadistdsError`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jihadistds import Package
from jihadistds.errors import JihadistdsError
from jihadistds.validation import validate


def _profiles() -> dict[str, dict[str, Any]]:
    from frictionless import Package as FrictionlessPackage
    from frictionless import Schema, fields
    from frictionless.resources import TableResource

    out = {
        "package": FrictionlessPackage.metadata_ensure_profile(),
        "resource": TableResource.metadata_ensure_profile(),
        "schema": Schema.metadata_ensure_profile(),
    }
    for t in ("string", "integer", "number", "boolean", "date", "datetime", "list", "any"):
        out[t] = getattr(fields, f"{t.capitalize()}Field").metadata_ensure_profile()
    return out


PROFILES = _profiles()
NAMES = ["id", "x", "y", "", "id\n::error::forged", "id\ud800", "x\x1b[2J", "=HYPERLINK(1)"]
HOSTILE: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 1e308, -0.0]),
    st.sampled_from(["", "\n", "\x00", "\ud800", "../x", "/etc/passwd", "~/x", "(a+)+$", "a{,2}"]),
    st.text(max_size=6),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["resource", "fields", "name"]), st.none(), max_size=2),
)


def conforming(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A value the profile ``schema`` allows, roughly: its enum, its type, its items, its properties."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([conforming(s, depth) for s in schema["anyOf"]])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "string":
        return st.one_of(st.sampled_from(NAMES), st.text(max_size=8))
    if kind == "integer":
        return st.integers(-5, 10)
    if kind == "number":
        return st.one_of(st.integers(-5, 10), st.floats(allow_nan=True))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(value(schema.get("items", {}), depth + 1), max_size=2)
    if kind == "object" and depth < 3:
        return properties(schema, depth + 1)
    return HOSTILE


def value(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    """Mostly what the profile allows, sometimes anything."""
    return st.one_of(conforming(schema, depth), conforming(schema, depth), HOSTILE)


def properties(schema: dict[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties", {})
    return st.fixed_dictionaries(
        {}, optional={k: value(v, depth) for k, v in props.items() if k not in ("fields",)}
    )


@st.composite
def field_spec(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(["string", "integer", "number", "boolean", "date", "datetime", "list"])
    )
    spec = draw(properties(PROFILES[kind], 1))
    spec["name"] = draw(st.sampled_from(NAMES))
    if draw(st.booleans()):
        spec["type"] = kind
    return spec


@st.composite
def package(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    fields = draw(st.lists(field_spec(), min_size=1, max_size=3))
    schema = draw(properties(PROFILES["schema"], 1))
    schema["fields"] = fields
    resource = draw(properties(PROFILES["resource"], 1))
    # Properties read_descriptor refuses outright (they would open other files) end most
    # examples before frictionless runs; keep them in one example in eight.
    if draw(st.integers(0, 7)):
        for key in (
            "data",
            "scheme",
            "extrapaths",
            "innerpath",
            "compression",
            "format",
            "profile",
            "dialect",
        ):
            resource.pop(key, None)
    # A resource that can be read at all, most of the time: a name, the CSV, this schema.
    resource |= {"name": "t", "path": "data/t.csv", "schema": schema}
    for key in draw(st.lists(st.sampled_from(["name", "path", "schema"]), max_size=1)):
        resource[key] = draw(HOSTILE)
    descriptor = draw(properties(PROFILES["package"], 1))
    if draw(st.integers(0, 7)):
        descriptor.pop("profile", None)
    descriptor["resources"] = [resource]
    cells = st.sampled_from(["", "1", "-1", "2.5", "NaN", "-inf", "2020-01-01", "true", "a", '"'])
    header = [f.get("name", "") if isinstance(f.get("name"), str) else "" for f in fields]
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=4), max_size=4))
    lines = [",".join(header), *(",".join(r) for r in rows)]
    return descriptor, "\n".join(lines) + "\n"


def _write(folder: Path, descriptor: dict[str, Any], csv_text: str) -> None:
    (folder / "data").mkdir(parents=True)
    # ensure_ascii keeps lone surrogates writable; the reader sees them as JSON escapes.
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "data" / "t.csv").write_text(csv_text, encoding="utf-8", errors="backslashreplace")


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(package())
def test_any_descriptor_gets_a_report_never_a_crash(case: tuple[dict[str, Any], str]) -> None:
    descriptor, csv_text = case
    folder = Path(tempfile.mkdtemp())
    try:
        _write(folder, descriptor, csv_text)
        report = validate(folder)
        text = report.to_text()
        assert len(text.splitlines()) == len(report.problems) + 1, text
        assert json.loads(report.to_json())["problem_count"] == len(report.problems)
        text.encode("utf-8")  # printable: no lone surrogate reaches the output
        pkg = Package(folder)
        try:
            for name in pkg.resources():
                pkg.load(name)
                pkg.records(name)
        except JihadistdsError:
            pass
    finally:
        shutil.rmtree(folder)

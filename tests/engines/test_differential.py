"""The fast engine reports what frictionless reports, on grown packages with injected faults.

Each case grows the largest table to a size CI can afford, breaks random rows in one of the
ways frictionless checks, and requires both engines to report the same problems: the same
file, row, field and error type, as many times.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from jihadistds import Package
from jihadistds.engines.validate import validate

from conftest import copy_package
from corpus import PLACES_CASES
from grow import FAULTS, grow, inject  # bench/grow.py, on pytest's path

ROWS = 2_000


def _where(path: Path, engine: str) -> Counter[tuple[str, int | None, str | None, str]]:
    report = validate(path, engine=engine)  # type: ignore[arg-type]
    assert report.engine == engine
    return Counter((p.file, p.row, p.field, p.rule) for p in report.problems)


def test_a_grown_package_is_valid_in_both_engines(tmp_path: Path) -> None:
    grow(tmp_path / "pkg", ROWS)
    for engine in ("fast", "frictionless"):
        report = validate(tmp_path / "pkg", engine=engine)  # type: ignore[arg-type]
        assert report.valid, report.to_text()
        assert report.tables["relationships"] == ROWS


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("fault", FAULTS)
def test_same_errors_as_frictionless(tmp_path: Path, fault: str, seed: int) -> None:
    pkg = tmp_path / "pkg"
    grow(pkg, ROWS)
    inject(pkg, fault, random.Random(seed))
    fast, reference = _where(pkg, "fast"), _where(pkg, "frictionless")
    assert fast == reference
    frictionless_rules = {rule for (_, _, _, rule) in reference if not rule.startswith("JDS")}
    expected = {
        "type": "type-error",
        "constraint": "constraint-error",
        "unique": "unique-error",
        "primary-key": "primary-key",
        "foreign-key": "foreign-key",
        "missing-cell": "missing-cell",
        "extra-cell": "extra-cell",
        "blank-row": "blank-row",
    }[fault]
    assert expected in frictionless_rules, "the injected fault was not found at all"


@pytest.mark.parametrize("seed", [7, 8])
def test_many_faults_at_once(tmp_path: Path, seed: int) -> None:
    pkg = tmp_path / "pkg"
    grow(pkg, ROWS)
    rng = random.Random(seed)
    for fault in FAULTS:
        if fault != "unique":
            for _ in range(3):
                inject(pkg, fault, rng)
    fast, reference = _where(pkg, "fast"), _where(pkg, "frictionless")
    assert fast == reference
    assert len(reference) > 10


@pytest.mark.parametrize("case", list(PLACES_CASES))
def test_a_broken_table_others_refer_to(tmp_path: Path, case: str) -> None:
    """Both engines report the same problems when the places table, which most tables refer to, is broken."""
    pkg = copy_package(tmp_path)
    PLACES_CASES[case](pkg)
    fast, reference = _where(pkg, "fast"), _where(pkg, "frictionless")
    assert fast == reference
    if case == "empty-places":
        # Frictionless reads an empty table as one with no rows: every reference to it fails.
        referring = sum(
            1
            for res in Package(pkg).descriptor.resources
            for fk in res.foreign_keys
            if fk.resource == "places"
            for row in Package(pkg).text_rows(res.name)
            if all(row[f] for f in fk.fields)
        )
        assert (
            sum(n for (_, _, _, rule), n in fast.items() if rule == "foreign-key") == referring > 0
        )

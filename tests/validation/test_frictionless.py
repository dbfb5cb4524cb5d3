"""Stock frictionless, the reference validator, finds the package valid, and finds breakage."""

from __future__ import annotations

from pathlib import Path

import frictionless

from conftest import ROOT


def _errors(path: Path) -> list[tuple[str, str]]:
    report = frictionless.validate(str(path / "datapackage.json"))
    return [(task.name, err.type) for task in report.tasks for err in task.errors] + [
        ("package", e.type) for e in report.errors
    ]


def test_stock_frictionless_finds_the_package_valid() -> None:
    assert _errors(ROOT) == []


def test_stock_frictionless_catches_a_broken_reference(package_copy: Path) -> None:
    counts = package_copy / "data" / "counts.csv"
    counts.write_text(
        counts.read_text(encoding="utf-8").replace(",hayat-tahrir-al-sham,", ",no-such-actor,", 1),
        encoding="utf-8",
    )
    assert _errors(package_copy) == [("counts", "foreign-key")]


def test_stock_frictionless_catches_a_qualifier_outside_the_vocabulary(package_copy: Path) -> None:
    sizes = package_copy / "data" / "group_sizes.csv"
    sizes.write_text(
        sizes.read_text(encoding="utf-8").replace(",at_most,", ",up_to,", 1), encoding="utf-8"
    )
    assert _errors(package_copy) == [("group_sizes", "constraint-error")]

"""Stock frictionless, the reference validator, finds the package valid, and finds breakage."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pytest

from conftest import ROOT, synthetic_package


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


@pytest.mark.slow  # forks a process
def test_frictionless_beside_our_rules_reports_what_it_reports_in_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large package frictionless runs in a forked process: the report is the same."""
    from jihadistds import validation

    pkg = synthetic_package(tmp_path)
    counts = pkg / "data" / "counts.csv"
    counts.write_text(
        counts.read_text(encoding="utf-8").replace(",120,more_than,", ",12O,exact,"), "utf-8"
    )
    in_line = validation.validate(pkg).to_json()
    monkeypatch.setattr(validation, "BESIDE_BYTES", 0)
    started = []
    real = validation.ProcessPoolExecutor
    monkeypatch.setattr(
        validation, "ProcessPoolExecutor", lambda *a, **k: started.append(1) or real(*a, **k)
    )
    beside = validation.validate(pkg).to_json()
    assert started and beside == in_line
    assert '"rule": "type-error"' in beside

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


def _typo(pkg: Path) -> None:
    counts = pkg / "data" / "counts.csv"
    counts.write_text(
        counts.read_text(encoding="utf-8").replace(",120,more_than,", ",12O,exact,"), "utf-8"
    )


def _not_utf8(pkg: Path) -> None:  # readable by neither reader: the other tables still checked
    places = pkg / "data" / "places.csv"
    places.write_bytes(places.read_bytes().replace(b"Ardania", b"Ard\xe4nia", 1))


def _nul(pkg: Path) -> None:  # unsafe to hand frictionless: it is never run
    counts = pkg / "data" / "counts.csv"
    counts.write_bytes(counts.read_bytes().replace(b",120,", b",1\x0020,", 1))


@pytest.mark.slow  # forks a process
@pytest.mark.parametrize(
    ("breaks", "expected"),
    [(_typo, '"rule": "type-error"'), (_not_utf8, '"rule": "JDS001"'), (_nul, '"engine": "none"')],
)
def test_frictionless_beside_our_rules_reports_what_it_reports_in_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breaks, expected: str
) -> None:  # type: ignore[no-untyped-def]
    """On a large package frictionless runs in a forked process, started before the tables are
    read when no file is unsafe to hand it: the report is the same."""
    from jihadistds import validation

    pkg = synthetic_package(tmp_path)
    breaks(pkg)
    in_line = validation.validate(pkg).to_json()
    monkeypatch.setattr(validation, "BESIDE_BYTES", 0)
    events: list[str] = []
    real_pool, real_read = validation.ProcessPoolExecutor, validation.read_table

    class Pool(real_pool):  # type: ignore[misc, valid-type]
        def submit(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            events.append(fn.__name__)
            return super().submit(fn, *args, **kwargs)

    def read(res, *, cells=True):  # type: ignore[no-untyped-def]
        events.append("read" if cells else "parse")
        return real_read(res, cells=cells)

    monkeypatch.setattr(validation, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(validation, "read_table", read)
    beside = validation.validate(pkg).to_json()
    assert beside == in_line and expected in beside
    started = "check_package" in events
    assert started == (breaks is not _nul)
    if started:
        assert events.index("check_package") < events.index("read")

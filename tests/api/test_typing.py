"""mypy --strict on src/, and on a file that uses the API as a typed caller would."""

from __future__ import annotations

import pytest
from mypy import api

from conftest import ROOT


def _mypy(*args: str) -> tuple[str, int]:
    out, err, status = api.run(["--strict", "--warn-unused-ignores", *args])
    return out + err, status


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_src_is_strict_clean(python: str) -> None:
    """Strict on every Python the package supports, as mypy reads each one's standard library."""
    out, status = _mypy("--python-version", python, str(ROOT / "src" / "jihadistds"))
    assert status == 0, out


def test_records_overloads_type_each_table() -> None:
    out, status = _mypy(str(ROOT / "tests" / "api" / "typing" / "records_are_typed.py"))
    assert status == 0, out


def test_an_unknown_table_is_a_type_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    probe = tmp_path / "probe.py"
    probe.write_text('import jihadistds\njihadistds.records("grup_sizes")\n', encoding="utf-8")
    out, status = _mypy(str(probe))
    assert (
        status == 1 and "No overload variant matches argument" in out and "[call-overload]" in out
    ), out

"""The API as a typed caller sees it, under mypy --strict (src/ itself is checked by .ci/run)."""

from __future__ import annotations

import pytest
from mypy import api

from conftest import ROOT

pytestmark = pytest.mark.slow  # mypy


def _mypy(*args: str) -> tuple[str, int]:
    out, err, status = api.run(["--strict", "--warn-unused-ignores", *args])
    return out + err, status


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

"""Each contributor mistake is reported once, at its cell, with the form expected or the id meant.

The mistakes are made in the synthetic package (tests/package), never in the shipped rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from jihadistds.check.causes import fold
from jihadistds.check.problems import Problem
from jihadistds.read.descriptor import read_descriptor
from jihadistds.validation import validate

from conftest import synthetic_package

Edit = Callable[[list[list[str]]], None]


def broken(tmp_path: Path, table: str, edit: Edit) -> Path:
    """The synthetic package with ``edit`` applied to ``table``'s rows (header first)."""
    root = synthetic_package(tmp_path)
    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return root


def cell(table: str, row: int, field: str, value: str) -> Edit:
    def edit(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(field)] = value

    return edit


def only_problem(root: Path) -> list[Problem]:
    problems = validate(root).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems


def test_unknown_actor_id_names_its_field_and_the_actor_meant(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "actor_id", "nf")))
    assert (p.row, p.field, p.rule) == (2, "actor_id", "foreign-key")
    assert p.message.endswith("; did you mean 'northern-front' (its alias is 'NF')?")


def test_misspelt_id_suggests_the_nearest_ids(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "actor_id", "northern-frnt")))
    assert p.field == "actor_id"
    assert "did you mean 'northern-front'" in p.message


def test_an_id_with_no_near_match_suggests_nothing(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "actor_id", "zzzzqqq")))
    assert p.rule == "foreign-key" and "did you mean" not in p.message


def test_bad_period_is_one_problem_saying_the_form(tmp_path: Path) -> None:
    root = broken(tmp_path, "events", cell("events", 3, "period_end", "2020-2-12"))
    [p] = only_problem(root)
    assert (p.row, p.field, p.rule) == (3, "period_end", "JDS101")
    assert p.message == "'2020-2-12' is not a real date at day precision: write it YYYY-MM-DD"
    assert [a.rule for a in p.also] == ["constraint-error"]
    assert str(p).endswith("[JDS101] (fixing it also clears: constraint-error)")


def test_padded_id_is_one_problem_not_three(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 3, "count_id", " count-0002")))
    assert (p.row, p.field, p.rule) == (3, "count_id", "JDS004")
    assert sorted(a.rule for a in p.also) == ["JDS006", "constraint-error"]


def test_padded_reference_is_one_problem(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "actor_id", "northern-front ")))
    assert (p.field, p.rule) == ("actor_id", "JDS004")
    assert sorted(a.rule for a in p.also) == ["constraint-error", "foreign-key"]


def test_unquoted_comma_is_one_problem_saying_how_to_quote(tmp_path: Path) -> None:
    root = synthetic_package(tmp_path)
    path = root / "data" / "group_sizes.csv"
    text = path.read_text(encoding="utf-8")
    assert '"up to 5,000"' in text
    path.write_text(text.replace('"up to 5,000"', "up to 5,000", 1), encoding="utf-8")
    [p] = only_problem(root)
    # The comma is in value_as_stated; period_start is the first cell after it that is not
    # of its column's form (the rules across fields, as JDS111 on value, do not count).
    assert p.rule == "extra-cell" and p.field == "period_start"
    assert (
        "The row has 24 cells where the header has 23, and the first cell not of its column's "
        "form is period_start (the fault is there or before it): a cell that holds a comma "
        "must be in " in p.message
    )
    assert len(p.also) == 10  # what the shifted cells set off, kept under the one cause
    assert {a.row for a in p.also} == {p.row}
    report = json.loads(validate(root).to_json())
    assert report["problem_count"] == 1
    assert len(report["problems"][0]["also"]) == 10
    assert {"row", "field", "rule", "message"} == set(report["problems"][0]["also"][0])


def test_integer_with_separator_states_the_form(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 3, "value", "1,500,000")))
    assert (p.field, p.rule) == ("value", "type-error")
    assert p.message.endswith(
        "; expected a whole number in digits, with no separators or spaces, such as 20000"
    )


def test_boolean_states_its_values(tmp_path: Path) -> None:
    root = broken(tmp_path, "foreign_fighter_origins", lambda rows: None)
    path = root / "data" / "foreign_fighter_origins.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    field = next(
        f["name"]
        for f in json.loads(
            (root / "schemas" / "foreign_fighter_origins.schema.json").read_text(encoding="utf-8")
        )["fields"]
        if f.get("type") == "boolean"
    )
    rows[1][rows[0].index(field)] = "yes"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    [p] = only_problem(root)
    assert p.field == field and p.message.endswith(
        "; expected one of true, True, TRUE, 1, false, False, FALSE, 0"
    )


def test_pattern_error_shows_a_value_of_that_form(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "source_id", "Zz Zz")))
    assert p.rule == "constraint-error" and p.field == "source_id"
    assert p.message.endswith("; a value of that form, from another row: 'example-analysis'")
    assert [a.rule for a in p.also] == ["foreign-key"]


def test_pattern_error_on_an_id_that_is_a_name_suggests_the_id(tmp_path: Path) -> None:
    [p] = only_problem(
        broken(tmp_path, "counts", cell("counts", 2, "source_id", "Example-Analysis"))
    )
    assert p.rule == "constraint-error" and p.message.endswith("; did you mean 'example-analysis'?")


def test_enum_error_suggests_the_nearest_value(tmp_path: Path) -> None:
    [p] = only_problem(broken(tmp_path, "counts", cell("counts", 2, "qualifier", "aproximately")))
    assert p.message.endswith("; did you mean 'approximately'?")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_the_folded_rules_are_named_in_every_format(tmp_path: Path, fmt: str) -> None:
    report = validate(broken(tmp_path, "counts", cell("counts", 3, "count_id", " count-0002")))
    out = report.to_text() if fmt == "text" else report.to_github()
    assert "(fixing it also clears: JDS006, constraint-error)" in out


def test_two_independent_problems_in_one_row_both_stay(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("actor_id")] = "nf"
        rows[1][rows[0].index("qualifier")] = "aproximately"

    report = validate(broken(tmp_path, "counts", edit))
    assert sorted((p.field, p.rule) for p in report.problems if p.rule != "JDS112") == [
        ("actor_id", "foreign-key"),
        ("qualifier", "constraint-error"),
    ]


def test_fold_passes_through_what_it_cannot_place() -> None:
    descriptor = read_descriptor(Path(__file__).resolve().parents[2])
    loose = [
        Problem("datapackage.json", None, None, "x", "package-error"),
        Problem("data/nowhere.csv", 3, "f", "y", "type-error"),
        Problem("data/nowhere.csv", 3, "f", "z", "JDS101"),
        Problem("data/nowhere.csv", 7, None, "w", "extra-cell"),
    ]
    out = fold(loose, descriptor, {})
    assert sorted(p.message for p in out) == ["w", "x", "y"]
    assert next(p for p in out if p.message == "y").also[0].message == "z"

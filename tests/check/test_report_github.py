"""`--format github`: one workflow command per problem, escaped as GitHub reads them."""

from __future__ import annotations

from jihadistds.check.problems import Problem
from jihadistds.check.report import Report


def test_each_problem_is_an_error_annotation_on_its_file_and_line() -> None:
    report = Report(package="/repo/fork", name="jihadistds", version="2.0.0")
    report.tables = {"counts": 8}
    report.problems = [
        Problem("data/counts.csv", 6, "actor_id", "the quote does not name 'X'", "JDS207"),
        Problem("datapackage.json", None, None, "a whole-file problem", "JDS900"),
    ]
    assert report.to_github("fork/").splitlines() == [
        "::error file=fork/data/counts.csv,line=6,title=JDS207::actor_id: the quote does not name 'X'",
        "::error file=fork/datapackage.json,title=JDS900::a whole-file problem",
        "invalid: 2 problems in 2 files of jihadistds 2.0.0 at /repo/fork (1 tables, 8 rows)",
    ]


def test_package_text_cannot_end_an_annotation_or_start_one() -> None:
    report = Report(package="/p")
    report.problems = [
        Problem("data/a,b:c.csv", 2, "x", "100% sure\n::error::forged\r", "type-error"),
    ]
    (line, _summary) = report.to_github().splitlines()
    assert line == (
        "::error file=data/a%2Cb%3Ac.csv,line=2,title=type-error::x: 100%25 sure\\x0a::error::forged\\x0d"
    )


def test_stale_bytes_and_hashes_are_one_annotation_after_the_real_problems() -> None:
    report = Report(package="/p")
    report.problems = [
        Problem("data/a.csv", None, None, "hash count error: ...", "hash-count"),
        Problem("data/a.csv", None, None, "byte count error: ...", "byte-count"),
        Problem("data/b.csv", None, None, "hash count error: ...", "hash-count"),
        Problem("data/b.csv", 3, "value", "not an integer", "type-error"),
    ]
    lines = report.to_github().splitlines()
    assert lines[0].startswith("::error file=data/b.csv,line=3,title=type-error::")
    assert lines[1] == (
        "::error file=datapackage.json,title=rehash::datapackage.json: the bytes and hash it "
        "records for data/a.csv, data/b.csv no longer match them: once your edits are done, run "
        "`jihadistds rehash` to record the new ones [byte-count, hash-count]"
    )
    assert lines[2].startswith("invalid: ") and len(lines) == 3
    text = report.to_text().splitlines()
    assert text[0].startswith("data/b.csv:3:value: not an integer")
    assert text[1].startswith("datapackage.json: the bytes and hash it records for data/a.csv")

"""The rule registry: every rule is registered once, documented, and fires on the bad input beside it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from jihadistds.check import RULES
from jihadistds.check.registry import KINDS, Edit, Rule, register
from jihadistds.validation import validate

from conftest import SOURCES, SYNTHETIC_SOURCES, synthetic_package

# A rule's id says its kind: the hundreds digit is its family.
FAMILY = {"file": "0", "dataset": "1", "sources": "2", "reading": "9"}


def apply(edit: Edit, text: str) -> str:
    """``text`` changed by ``edit``; ``ValueError`` when its ``old`` is not in it."""
    if edit.append:
        line = next((line for line in text.splitlines() if line.startswith(edit.old)), None)
        if line is None:
            raise ValueError(f"no line of {edit.file} starts with {edit.old!r}")
        return text + edit.new + line[len(edit.old) :] + "\n"
    if edit.old not in text:
        raise ValueError(f"{edit.old!r} is not in {edit.file}")
    return text.replace(edit.old, edit.new, 1)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_rule_is_well_formed(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"JDS\d{3}", rule.id) and rule.id[3] == FAMILY[rule.kind], rule
    assert rule.kind in KINDS
    assert rule.summary and "\n" not in rule.summary and rule.summary.endswith(".")
    assert rule.check is not None or rule.kind == "reading", (
        f"{rule_id} has no function to check it"
    )


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_rule_fires_on_its_example(tmp_path: Path, rule_id: str) -> None:
    """Each rule's bad input, applied to the synthetic package, makes exactly that rule fire there."""
    rule = RULES[rule_id]
    assert rule.example, f"{rule_id} has no bad-input example beside it (the example= of its @rule)"
    pkg = synthetic_package(tmp_path)
    sources = None
    if rule.kind == "sources":
        sources = tmp_path / "texts"
        shutil.copytree(SYNTHETIC_SOURCES, sources)
    for edit in rule.example:
        path = pkg / edit.file
        path.write_text(apply(edit, path.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate(pkg, sources=sources)
    fired = [p for p in report.problems if p.rule == rule_id]
    assert fired, f"{rule_id}'s example does not make it fire:\n{report.to_text()}"
    assert {p.file for p in fired} == {rule.example[0].file}, fired


def test_the_clean_package_breaks_no_rule() -> None:
    sources = SOURCES if SOURCES.is_dir() else None
    assert validate(sources=sources).problems == []


def test_the_synthetic_package_breaks_no_rule(synthetic: Path) -> None:
    assert validate(synthetic, sources=SYNTHETIC_SOURCES).problems == []


def test_an_id_is_registered_once() -> None:
    with pytest.raises(ValueError, match="JDS101 is registered twice"):
        register(Rule("JDS101", "Again.", "dataset", None))


def test_an_edit_that_no_longer_applies_says_so() -> None:
    with pytest.raises(ValueError, match=r"'nowhere' is not in data/x\.csv"):
        apply(Edit("data/x.csv", "nowhere", "x"), "a,b\n")
    with pytest.raises(ValueError, match=r"no line of data/x\.csv starts with 'c,'"):
        apply(Edit("data/x.csv", "c,", "d,", append=True), "a,b\n")
    assert apply(Edit("data/x.csv", "a,", "z,", append=True), "h\na,b\n") == "h\na,b\nz,b\n"


def test_a_rule_applies_by_fields_and_tables() -> None:
    rule = Rule("JDS199", "Test.", "dataset", None, fields=("a", "b"), tables=("t",))
    assert rule.applies_to("t", ["a", "b", "c"])
    assert not rule.applies_to("t", ["a"]) and not rule.applies_to("u", ["a", "b"])
    assert rule.scope == "`t`; tables with `a`, `b`"

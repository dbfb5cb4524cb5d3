"""A walk through each source text: every number it states is held in a table, or listed here with why not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jihadistds.check.dataset import collapse
from jihadistds.read.csv import Table

from conftest import SOURCE_IDS, edited

NUMBER = re.compile(
    r"\b(?:\d[\d,./]*\d|\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dozen|hundred|thousands?|millions?)\b",
    re.IGNORECASE,
)
# Numbers in each source's text that state no fact, with why: data kept beside this test.
NOT_FACTS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).parent / "not_facts.json").read_text(encoding="utf-8")
)["sources"]


def _spans(text: str, phrases: set[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(collapse(phrase)), text)]
    return spans


def unheld_numbers(text: str, tables: dict[str, Table], source_id: str) -> list[str]:
    """Each number in ``text`` that no ``*_as_stated`` cell covers and NOT_FACTS does not excuse, in context."""
    stated = {
        row[f]
        for t in tables.values()
        for row in t.rows()
        for f in t.fields
        if f.endswith("_as_stated") and row[f] and row.get("source_id") == source_id
    }
    held = _spans(text, stated)
    not_facts = NOT_FACTS.get(source_id, {})
    excused = _spans(text, set(not_facts))
    assert len(excused) == len(not_facts), "a NOT_FACTS entry no longer matches the text"
    return [
        text[max(0, m.start() - 30) : m.end() + 30]
        for m in NUMBER.finditer(text)
        if not any(a <= m.start() and m.end() <= b for a, b in held + excused)
    ]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_number_in_the_text_is_in_a_table(
    raw_tables: dict[str, Table], sources_dir: Path, source_id: str
) -> None:
    text = collapse((sources_dir / f"{source_id}.txt").read_text(encoding="utf-8"))
    assert unheld_numbers(text, raw_tables, source_id) == []


def test_the_walk_finds_a_number_no_table_holds(
    raw_tables: dict[str, Table], sources_dir: Path
) -> None:
    source_id = "al-qaedas-resurgence-in-syria"  # the text whose words this test quotes
    text = collapse((sources_dir / f"{source_id}.txt").read_text(encoding="utf-8"))
    tables = edited(
        raw_tables,
        "counts",
        lambda rows: rows.remove(
            next(r for r in rows if r["value_as_stated"] == "more than 86,500")
        ),
    )
    assert unheld_numbers(text, tables, source_id) == [
        "rding to estimates, more than 86,500 people fled their homes in Fe"
    ]


def test_every_sentence_with_a_quote_is_quoted_whole(raw_tables: dict[str, Table]) -> None:
    for table in raw_tables.values():
        for row in table.rows():
            if row.get("quote"):
                assert row["quote"][0].isupper() and row["quote"][-1] in ".”", row["quote"]

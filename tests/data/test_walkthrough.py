"""Walks through each source text: every sentence holds a row's quote or is excluded with a
reason, and every number it states is held in a table or listed with why not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jihadistds.check.dataset import collapse
from jihadistds.check.positions import sentence_bounds
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


# Sentences no row quotes, by their opening words, with a reason: data kept beside this test.
_EXCLUSIONS = json.loads(
    (Path(__file__).parent / "sentence_exclusions.json").read_text(encoding="utf-8")
)
REASONS = set(_EXCLUSIONS["reasons"])
EXCLUDED: dict[str, list[dict[str, str]]] = _EXCLUSIONS["sources"]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends, as JDS207 finds the sentence around a
    quote (:func:`sentence_bounds`): a line without an end (a heading) is one."""
    out = []
    at = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = at + line.index(stripped)
            end = start + len(stripped)
            while start < end:
                first, last = sentence_bounds(text, start, start + 1)
                out.append((first, min(last, end)))
                start = min(last, end)
                while start < end and text[start].isspace():
                    start += 1
        at += len(line)
    return out


def sentences(text: str) -> list[str]:
    """The text's sentences, white space collapsed."""
    return [collapse(text[a:b]) for a, b in sentence_spans(text)]


def located(tables: dict[str, Table], source_id: str) -> list[tuple[int, int]]:
    """Every row's quote position in the text of ``source_id``."""
    return [
        (int(row["quote_start"]), int(row["quote_end"]))
        for t in tables.values()
        for row in t.rows()
        if row.get("quote_start") and row.get("source_id") == source_id
    ]


def unaccounted(text: str, tables: dict[str, Table], source_id: str) -> list[str]:
    """Each sentence of ``text`` that holds no row's quote and that no exclusion names."""
    spans = located(tables, source_id)
    excluded = [e["opens"] for e in EXCLUDED.get(source_id, [])]
    return [
        collapse(text[a:b])
        for a, b in sentence_spans(text)
        if not any(a < end and start < b for start, end in spans)
        and not any(collapse(text[a:b]).startswith(o) for o in excluded)
    ]


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_sentence_is_quoted_or_excluded(
    raw_tables: dict[str, Table], sources_dir: Path, source_id: str
) -> None:
    text = (sources_dir / f"{source_id}.txt").read_text(encoding="utf-8")
    assert unaccounted(text, raw_tables, source_id) == []


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_each_exclusion_names_one_sentence_no_row_quotes(
    raw_tables: dict[str, Table], sources_dir: Path, source_id: str
) -> None:
    text = (sources_dir / f"{source_id}.txt").read_text(encoding="utf-8")
    spans = located(raw_tables, source_id)
    for entry in EXCLUDED.get(source_id, []):
        assert entry["reason"] in REASONS and entry["why"].strip(), entry
        named = [
            (a, b)
            for a, b in sentence_spans(text)
            if collapse(text[a:b]).startswith(entry["opens"])
        ]
        assert len(named) == 1, f"{entry['opens']!r} names {len(named)} sentences, not one"
        ((a, b),) = named
        assert not any(a < end and start < b for start, end in spans), (
            f"{entry['opens']!r} holds a row's quote now"
        )


def test_the_sentence_walk_finds_a_sentence_no_row_quotes(
    raw_tables: dict[str, Table], sources_dir: Path
) -> None:
    source_id = "al-qaedas-resurgence-in-syria"  # the text whose words this test quotes
    text = (sources_dir / f"{source_id}.txt").read_text(encoding="utf-8")
    tables = edited(
        raw_tables,
        "claims",
        lambda rows: rows.remove(
            next(r for r in rows if r["claim_as_stated"].startswith("resorted to increasingly"))
        ),
    )
    assert unaccounted(text, tables, source_id) == [
        "HTS has also resorted to increasingly repressive tactics to maintain control of its territory."
    ]


def test_sentences_split_at_ends_not_inside_quotes() -> None:
    assert sentences("Heading\n\nIt said “yes”. Then (\u2018Red\u2019) ended. Is it? Yes …\n") == [
        "Heading",
        "It said “yes”.",
        "Then (\u2018Red\u2019) ended.",
        "Is it?",
        "Yes …",
    ]


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


def test_every_quote_is_short_and_within_one_paragraph(raw_tables: dict[str, Table]) -> None:
    for table in raw_tables.values():
        for row in table.rows():
            if row.get("quote"):
                assert len(row["quote"].split()) <= 40 and "\n\n" not in row["quote"], row["quote"]

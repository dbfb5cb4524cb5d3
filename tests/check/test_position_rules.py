"""Where each quote sits (JDS118, JDS204-JDS206) and the names in its sentence (JDS207), with
exact words, on rows of the synthetic package (tests/package)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jihadistds.check.dataset import check_dataset
from jihadistds.check.positions import sentence_bounds
from jihadistds.check.sources import check_source_texts
from jihadistds.read.csv import Table
from jihadistds.read.descriptor import read_descriptor

from conftest import SYNTHETIC_SOURCES, case_ids, row_set

Tables = dict[str, Table]
TEXT = (SYNTHETIC_SOURCES / "example-analysis.txt").read_text(encoding="utf-8")


def _at(quote: str, nth: int = 0) -> dict[str, str]:
    """The cells that locate ``quote`` at its ``nth`` place in the synthetic text."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return {"quote": quote, "quote_start": str(start), "quote_end": str(start + len(quote))}


NOT_NAMED = (
    "by name or alias: list {f} in inferred and say in the note where it comes from [JDS207]"
)
CASES = [
    (  # one offset moved: the rule names the row and says where the quote is
        row_set("counts", "count-0002", quote_start="351", quote_end="417"),
        "data/counts.csv:3:quote_start: the text at 351-417 is 'ome 1.5 million people live under "
        "the Northern Front in Westland. ', not the quote; the quote is at 350-416: write "
        "quote_start 350 and quote_end 416 [JDS204]",
    ),
    (
        row_set("counts", "count-0002", quote_prefix="Lives "),
        "data/counts.csv:3:quote_prefix: the text before the quote is not 'Lives ' [JDS204]",
    ),
    (  # a quote found at more than one place needs a prefix
        row_set("counts", "count-0002", **_at("the Northern Front", 1)),
        "data/counts.csv:3:quote: the quote is found at 3 places in the text: give quote_prefix "
        "(the few characters before it) so that it is found at one [JDS205]",
    ),
    (  # a prefix that finds one place: nothing to say
        row_set("counts", "count-0002", **_at("the Northern Front", 1), quote_prefix="under "),
        None,
    ),
    (  # a short quote need not name its actor: its sentence does
        row_set("relationships", "rel-0001", **_at("is affiliated with the Eastern Movement")),
        None,
    ),
    (  # the period may sit anywhere in the quote's sentence, but there
        row_set("events", "lowtown-seized-2020", period_as_stated="12 Feb 2020"),
        "data/events.csv:3:period_as_stated: '12 Feb 2020' is not in the sentence the quote sits "
        "in: copy the source's own words for the period from that sentence [JDS208]",
    ),
    (
        row_set("relationships", "rel-0002", inferred=""),
        "data/relationships.csv:3:object_id: the quote's sentence does not name 'Northern Front' "
        "(northern-front) " + NOT_NAMED.format(f="object_id"),
    ),
    (
        row_set("relationships", "rel-0002", inferred="subject_id|object_id"),
        "data/relationships.csv:3:inferred: subject_id is listed as inferred, but the quote's "
        "sentence names 'Coastal Brigade' [JDS207]",
    ),
    (  # the quote names nobody, the sentence does
        row_set(
            "relationships",
            "rel-0002",
            **_at("commands two camps"),
            inferred="subject_id|object_id",
        ),
        "data/relationships.csv:3:inferred: subject_id is listed as inferred, but the quote's "
        "sentence names 'Coastal Brigade' [JDS207]",
    ),
    (
        row_set("relationships", "rel-0002", inferred="object_id|quote"),
        "data/relationships.csv:3:inferred: 'quote' is not a field of this table that names an "
        "actor or place [JDS207]",
    ),
    (
        row_set("relationships", "rel-0002", note=""),
        "data/relationships.csv:3:note: the row lists inferred fields, so the note must say where "
        "they come from [JDS207]",
    ),
    (  # a child row is read against its parent's sentence
        row_set("event_actors", "lowtown-seized-2020", inferred=""),
        "data/event_actors.csv:3:actor_id: the quote's sentence does not name 'Northern Front' "
        "(northern-front) " + NOT_NAMED.format(f="actor_id"),
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    CASES,
    ids=case_ids(CASES),
)
def test_rule_fires(
    synthetic: Path,
    synthetic_tables: Tables,
    mutate: Callable[[Tables], Tables],
    expected: str | None,
) -> None:
    descriptor = read_descriptor(synthetic)
    tables = mutate(synthetic_tables)
    found = [str(p) for p in check_source_texts(tables, SYNTHETIC_SOURCES, descriptor)]
    assert found == ([expected] if expected else [])


def test_a_position_that_does_not_fit_its_quote_is_found_without_the_text(
    synthetic: Path, synthetic_tables: Tables
) -> None:
    tables = row_set("counts", "count-0002", quote_end="417")(synthetic_tables)
    assert [str(p) for p in check_dataset(tables, read_descriptor(synthetic))] == [
        "data/counts.csv:3:quote_end: quote_end - quote_start is 67, but the quote has 66 "
        "characters: with quote_start 350, quote_end is 416 [JDS118]"
    ]


def test_a_quote_past_half_of_its_text_is_named_on_its_source(
    synthetic: Path, synthetic_tables: Tables
) -> None:
    whole = TEXT[: len(TEXT) // 2 + 50]
    tables = row_set("counts", "count-0002", **_at(whole), value_as_stated="")(synthetic_tables)
    problems = check_source_texts(tables, SYNTHETIC_SOURCES, read_descriptor(synthetic))
    (share,) = [str(p) for p in problems if p.rule == "JDS206"]
    assert share.startswith("data/sources.csv:2:source_id: the package carries ")
    assert "more than half: shorten the quotes you added to the words that state each fact" in share
    assert share.endswith(", or quote words another row already quotes [JDS206]")


@pytest.mark.parametrize(
    ("span", "sentence"),
    [
        ("up to 5,000", "With up to 5,000 fighters, the Northern Front is now the strongest group in Westland."),
        ("commands two camps", "The Coastal Brigade, which has ties with the group, commands two camps."),
        ("Example Analysis", "Example Analysis: The Northern Front"),  # a line is a sentence
        ("in Westland. In January", "With up to 5,000 fighters, the Northern Front is now the "
         "strongest group in Westland. In January and February, it carried out more than 120 attacks."),
    ],
)  # fmt: skip
def test_the_sentence_around_a_span(span: str, sentence: str) -> None:
    start = TEXT.index(span)
    first, last = sentence_bounds(TEXT, start, start + len(span))
    assert TEXT[first:last] == sentence


def test_a_placeholder_position_is_not_told_an_end_to_write(
    synthetic: Path, synthetic_tables: Tables
) -> None:
    """0 and 0, as a contributor writes before looking the quote up: no start to count from, so
    the message says where to find the position rather than an end that fits the 0."""
    tables = row_set("counts", "count-0002", quote_start="0", quote_end="0")(synthetic_tables)
    problems = [str(p) for p in check_dataset(tables, read_descriptor(synthetic))]
    assert problems == [
        "data/counts.csv:3:quote_end: quote_start 0 and quote_end 0 select no text, but the "
        "quote has 66 characters: `jihadistds validate --sources DIR` says where it sits [JDS118]"
    ]

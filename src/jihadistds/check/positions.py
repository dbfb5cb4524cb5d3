"""Where each quote sits in its source (JDS118; with the texts, JDS204-JDS206 and JDS208).

A row locates its quote as the W3C Web Annotation model does: ``quote_start`` and ``quote_end``
are a TextPositionSelector's (Unicode code points counted from 0 in the captured text whose
SHA-256 ``sources.sha256`` records; ``quote_end`` is the character after the last), and
``quote`` with ``quote_prefix`` and ``quote_suffix`` a TextQuoteSelector's (prefix and suffix
given only when the quote alone is found at more than one place).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from ..errors import quoted
from ..read.csv import Table
from .dataset import Dataset
from .registry import Edit, Findings, rule
from .sources import SourceTexts
from .vocabulary import collapse

POSITION = ("quote", "quote_start", "quote_end")
SHARE = 0.5  # of a source's characters, at most, carried verbatim by the package
# A sentence ends at . ! ? or … before a capital (after any opening quote or bracket); a line
# break ends one too.
SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+(?=[\u201c\u2018\"(]?[A-Z])")


def offsets(start: str, end: str) -> tuple[int, int] | None:
    """The two cells as integers, or ``None`` when either is not one (its type check says so)."""
    try:
        return int(start), int(end)
    except ValueError:
        return None


def located(text: str, row: Mapping[str, str]) -> tuple[int, int] | None:
    """Where the row's quote sits in ``text``: at its recorded position when that holds the
    quote, else (no position, or a wrong one, which JDS204 reports) where it is first found;
    ``None`` when it is not in the text (JDS203 says where it parts from it)."""
    quote = row.get("quote", "")
    if not quote:
        return None
    at = offsets(row.get("quote_start", ""), row.get("quote_end", ""))
    if at is not None and text[at[0] : at[1]] == quote:
        return at
    found = text.find(quote)
    return (found, found + len(quote)) if found >= 0 else None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) holding ``text[start:end]`` starts and ends.

    >>> text = "HTS grew. It has up to 20,000 fighters. Turkey waits."
    >>> s, e = sentence_bounds(text, 17, 29)
    >>> text[s:e]
    'It has up to 20,000 fighters.'
    """
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    for m in SENTENCE_END.finditer(text, first, last):
        if m.end() <= start:
            first = m.end()
        elif m.start() >= end:
            return first, m.start()
    return first, last


def carried(spans: Iterable[tuple[int, int]]) -> int:
    """How many characters the union of ``spans`` covers, each counted once.

    >>> carried([(0, 10), (5, 12), (20, 25)])
    17
    """
    total, reached = 0, 0
    for start, end in sorted(spans):
        start = max(start, reached)
        if end > start:
            total += end - start
            reached = end
    return total


def spans(tables: Iterable[Table], source_id: str, text: str) -> Iterator[tuple[int, int]]:
    """Every span of ``text`` the tables carry verbatim: each quote with its prefix and suffix,
    where its position says (a row without one: where the quote is first found), and each
    ``*_as_stated`` cell that sits outside its quote, where it is found in the quote's sentence."""
    for table in tables:
        if not all(f in table.fields for f in ("source_id", "quote")):
            continue
        stated = [f for f in table.fields if f.endswith("_as_stated")]
        for row in table.rows():
            quote = row.get("quote", "")
            if row.get("source_id") != source_id or not quote:
                continue
            at = located(text, row)
            if at is None:
                continue
            prefix, suffix = len(row.get("quote_prefix", "")), len(row.get("quote_suffix", ""))
            yield at[0] - prefix, at[1] + suffix
            first, last = sentence_bounds(text, *at)
            for f in stated:
                cell = row.get(f, "")
                if cell and cell not in quote and (i := text.find(cell, first, last)) >= 0:
                    yield i, i + len(cell)


@rule(
    "JDS118",
    "`quote_end` minus `quote_start` is the length of `quote`, in characters: the position and the "
    "quote select the same span.",
    kind="dataset",
    fields=POSITION,
    example=Edit("data/counts.csv", ",350,416,", ",350,417,"),
    explains=("constraint-error",),  # quote_end 0 is below its minimum: said as a placeholder
)
def position_length(table: Table, data: Dataset) -> Findings:
    for row, (quote, start, end) in table.select(*POSITION):
        at = offsets(start, end)
        if at is None or not quote.strip() or at[1] - at[0] == len(quote):
            continue
        if at[1] <= at[0]:  # a placeholder (0 and 0): no start to count from
            yield (
                row,
                "quote_end",
                f"quote_start {at[0]} and quote_end {at[1]} select no text, but the quote has "
                f"{len(quote)} characters: `jihadistds validate --sources DIR` says where it sits",
            )
        else:
            yield (
                row,
                "quote_end",
                f"quote_end - quote_start is {at[1] - at[0]}, but the quote has {len(quote)} "
                f"characters: with quote_start {at[0]}, quote_end is {at[0] + len(quote)}",
            )


@rule(
    "JDS204",
    "Every quote sits at its recorded position in its source's text: the characters from "
    "`quote_start` to `quote_end` are the quote, after its `quote_prefix` and before its "
    "`quote_suffix`.",
    kind="sources",
    fields=("source_id", *POSITION),
    example=Edit("data/counts.csv", ",350,416,", ",351,417,"),
)
def at_position(table: Table, texts: SourceTexts) -> Findings:
    for row, cells in enumerate(table.rows(), 2):
        source_id, quote = cells.get("source_id", ""), cells.get("quote", "")
        text, at = (
            texts.raw.get(source_id),
            offsets(cells.get("quote_start", ""), cells.get("quote_end", "")),
        )
        if text is None or at is None or not quote:
            continue
        there = text[at[0] : at[1]]
        if there != quote:
            found = text.find(quote)
            if found >= 0:
                yield (
                    row,
                    "quote_start",
                    f"the text at {at[0]}-{at[1]} is {quoted(there)}, not the quote; the quote is at "
                    f"{found}-{found + len(quote)}: write quote_start {found} and quote_end "
                    f"{found + len(quote)}",
                )
            elif collapse(quote) in texts.texts.get(source_id, ""):
                yield (
                    row,
                    "quote",
                    "the quote differs from the text in white space: copy it from the text as it "
                    "stands (line breaks and double spaces too), so that its position selects it",
                )
            continue  # not in the text at all: JDS203 says where it parts from it
        prefix, suffix = cells.get("quote_prefix", ""), cells.get("quote_suffix", "")
        if prefix and text[max(0, at[0] - len(prefix)) : at[0]] != prefix:
            yield row, "quote_prefix", f"the text before the quote is not {prefix!r}"
        if suffix and text[at[1] : at[1] + len(suffix)] != suffix:
            yield row, "quote_suffix", f"the text after the quote is not {suffix!r}"


@rule(
    "JDS205",
    "Each quote, with its `quote_prefix` and `quote_suffix`, is found at one place in its "
    "source's text, so that it can be found without the position.",
    kind="sources",
    fields=("source_id", *POSITION),
    example=Edit(
        "data/counts.csv",
        ",Some 1.5 million people live under the Northern Front in Westland.,350,416,",
        ",the Northern Front,385,403,",
    ),
)
def found_once(table: Table, texts: SourceTexts) -> Findings:
    for row, cells in enumerate(table.rows(), 2):
        text, quote = texts.raw.get(cells.get("source_id", "")), cells.get("quote", "")
        if text is None or not quote:
            continue
        selector = cells.get("quote_prefix", "") + quote + cells.get("quote_suffix", "")
        places = len(re.findall(f"(?={re.escape(selector)})", text))
        if places > 1:
            yield (
                row,
                "quote",
                f"the quote{' with its prefix and suffix' if selector != quote else ''} is "
                f"found at {places} places in the text: give quote_prefix (the few characters "
                "before it) so that it is found at one",
            )


@rule(
    "JDS208",
    "Every `period_as_stated` appears verbatim in the sentence its row's quote sits in.",
    kind="sources",
    fields=("source_id", "period_as_stated", *POSITION),
    example=Edit("data/counts.csv", ",In January and February,", ",In January and March,"),
)
def period_in_sentence(table: Table, texts: SourceTexts) -> Findings:
    for row, (source_id, period, quote, start, end) in table.select(
        "source_id", "period_as_stated", *POSITION
    ):
        text, at = texts.raw.get(source_id), offsets(start, end)
        if not period or text is None or at is None or text[at[0] : at[1]] != quote:
            continue  # JDS204 reports a position that does not hold the quote
        first, last = sentence_bounds(text, *at)
        if period not in text[first:last]:
            yield (
                row,
                "period_as_stated",
                f"{quoted(period)} is not in the sentence the quote sits in: copy the source's own "
                "words for the period from that sentence",
            )


@rule(
    "JDS206",
    "All the text the package carries verbatim from one source (its quotes, prefixes and "
    "suffixes, each character counted once) is at most half of that source's text.",
    kind="sources",
    tables=("sources",),
    fields=("source_id",),
    example=(  # the problem is the source's, on its row, after a long quote added elsewhere
        Edit("data/sources.csv", "nothing in it is real", "nothing in it is true"),
        Edit(
            "data/counts.csv",
            "count-0002,population_controlled,northern-front,,1500000,approximately,Some 1.5 "
            "million,people,2020-03-01,2020-03-01,day,,present,westland,,,,example-analysis,Some "
            "1.5 million people live under the Northern Front in Westland.,350,416",
            "count-0003,population_controlled,northern-front,,1500000,approximately,Some 1.5 "
            "million,people,2020-03-01,2020-03-01,day,,present,westland,,,,example-analysis,"
            '"What follows is what they agree on: the roads are poor, the winters are long and '
            "the harvests are uncertain, so that any group that can feed a town can also hold "
            'it.",1394,1559',
            append=True,
        ),
    ),
)
def under_half(sources: Table, texts: SourceTexts) -> Findings:
    for row, (source_id,) in sources.select("source_id"):
        text = texts.raw.get(source_id)
        if not text:
            continue
        count = carried(spans(texts.tables.values(), source_id, text))
        if count > SHARE * len(text):
            yield (
                row,
                "source_id",
                f"the package carries {count:,} of the {len(text):,} characters of this text "
                f"verbatim ({count / len(text):.1%}), {count - int(SHARE * len(text)):,} more "
                "than half: shorten the quotes you added to the words that state each fact, "
                "or quote words another row already quotes",
            )

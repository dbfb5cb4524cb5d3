"""Quotes against the source texts in ../shared/sources (JDS201-JDS206), and what the package must never hold."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from jihadistds.check.dataset import collapse
from jihadistds.check.positions import SHARE, carried, spans
from jihadistds.check.sources import check_source_texts
from jihadistds.read.csv import Table
from jihadistds.read.descriptor import Descriptor

from conftest import ROOT, SOURCE_IDS, SOURCES, edited, source_rows

Tables = dict[str, Table]
FIRST = source_rows()[0]  # the tests break the first source; the last test reads every source
SOURCE_ID, SHA256 = FIRST["source_id"], FIRST["sha256"]


def test_every_quote_is_verbatim_and_every_hash_matches(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path
) -> None:
    assert check_source_texts(raw_tables, sources_dir, descriptor) == []


def test_sources_readme_hash_is_the_recorded_one(raw_tables: Tables, sources_dir: Path) -> None:
    text = (sources_dir / f"{SOURCE_ID}.txt").read_bytes()
    recorded = SHA256
    assert hashlib.sha256(text).hexdigest() == recorded
    assert recorded in (sources_dir / "README.md").read_text(encoding="utf-8")


def test_a_text_is_found_by_hash_under_another_name(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path, tmp_path: Path
) -> None:
    shutil.copy(sources_dir / f"{SOURCE_ID}.txt", tmp_path / "renamed.txt")
    assert check_source_texts(raw_tables, tmp_path, descriptor) == []


def test_a_folder_without_the_texts_checks_no_quote_and_says_so(tmp_path: Path) -> None:
    from jihadistds import validate

    report = validate(sources=tmp_path)
    assert not report.sources_checked and [p.rule for p in report.problems] == ["JDS201"]
    assert "quotes checked" not in report.summary()
    if SOURCES.is_dir():
        assert validate(sources=SOURCES).sources_checked


def test_missing_text(descriptor: Descriptor, raw_tables: Tables, tmp_path: Path) -> None:
    assert [str(p) for p in check_source_texts(raw_tables, tmp_path, descriptor)] == [
        f"data/sources.csv:2:source_id: no text for '{SOURCE_ID}' in {tmp_path}: neither "
        f"{SOURCE_ID}.txt nor a file with SHA-256 {SHA256[:12]}... [JDS201]"
    ]


def test_changed_text(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path, tmp_path: Path
) -> None:
    original = (sources_dir / f"{SOURCE_ID}.txt").read_text(encoding="utf-8")
    (tmp_path / f"{SOURCE_ID}.txt").write_text(
        original.replace("up to 20,000", "up to 30,000"), encoding="utf-8"
    )
    problems = [str(p) for p in check_source_texts(raw_tables, tmp_path, descriptor)]
    assert problems[0].startswith(f"data/sources.csv:2:sha256: {SOURCE_ID}.txt has SHA-256 ")
    assert problems[0].endswith(f"not the {SHA256} recorded [JDS202]")
    # Only the group size quotes the changed words: the claims of that sentence quote others.
    assert problems[1:] == [
        f"data/group_sizes.csv:2:quote: the quote is not verbatim in the text of '{SOURCE_ID}': "
        "at character 12 the quote has '2' (U+0032) where the text has '3' (U+0033), in "
        '"...traction in Syria. With up to 30,000 fighters, HTS is now th..." [JDS203]'
    ]


def test_altered_quote(descriptor: Descriptor, raw_tables: Tables, sources_dir: Path) -> None:
    tables = edited(
        raw_tables,
        "counts",
        lambda rows: rows[2].update(quote=rows[2]["quote"].replace("2.7", "2.8")),
    )
    assert [str(p) for p in check_source_texts(tables, sources_dir, descriptor)] == [
        f"data/counts.csv:4:quote: the quote is not verbatim in the text of '{SOURCE_ID}': at "
        "character 8 the quote has '8' (U+0038) where the text has '7' (U+0037), in "
        '"...the delivery of aid to some 2.7 million people in need. Acco..." [JDS203]'
    ]


def test_a_straight_apostrophe_for_the_sources_is_shown(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path
) -> None:
    """The commonest slip: ' typed where the source has \u2019. The message says which, and where."""
    quote = "appears willing to endorse Turkey\u2019s plans"
    tables = edited(
        raw_tables,
        "claims",
        lambda rows: next(r for r in rows if r["quote"] == quote).update(
            quote=quote.replace("\u2019", "'")
        ),
    )
    (problem,) = check_source_texts(tables, sources_dir, descriptor)
    assert problem.message == (
        f"the quote is not verbatim in the text of '{SOURCE_ID}': at character 34 the quote has "
        "\"'\" (U+0027) where the text has '\u2019' (U+2019), in "
        '"...ears willing to endorse Turkey\u2019s plans in order to avoid a f..."'
    )


def test_a_quote_from_nowhere_in_the_text_says_so(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path
) -> None:
    tables = edited(
        raw_tables, "counts", lambda rows: rows[2].update(quote="Nothing like the text.")
    )
    (problem,) = check_source_texts(tables, sources_dir, descriptor)
    assert problem.message.endswith("; no passage of the text is close to it")


def test_a_quote_is_verbatim_to_the_character(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path
) -> None:
    """White space that differs still finds the passage (JDS203), but not the position: the
    quote is the text's own characters, so that its offsets select it (JDS204)."""
    tables = edited(
        raw_tables,
        "counts",
        lambda rows: rows[2].update(quote=rows[2]["quote"].replace(" ", "  ", 1)),
    )
    (problem,) = check_source_texts(tables, sources_dir, descriptor)
    assert (problem.rule, problem.row, problem.field) == ("JDS204", 4, "quote")
    assert problem.message.startswith("the quote differs from the text in white space")


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_the_package_carries_under_half_of_each_text_and_says_how_much(
    raw_tables: Tables, sources_dir: Path, source_id: str
) -> None:
    text = (sources_dir / f"{source_id}.txt").read_text(encoding="utf-8")
    shipped = [
        ROOT / "datapackage.json",
        *sorted((ROOT / "data").iterdir()),
        *sorted((ROOT / "schemas").iterdir()),
    ]
    for path in shipped:
        assert collapse(text[:2000]) not in collapse(path.read_text(encoding="utf-8")), path
    count = carried(spans(raw_tables.values(), source_id, text))
    assert count <= SHARE * len(text)  # JDS206 holds every source to the same
    # What the package says of itself is what it carries.
    said = f"{count:,} of its {len(text):,} characters ({count / len(text):.1%})"
    row = next(r for r in source_rows() if r["source_id"] == source_id)
    assert said in row["licence_note"], (said, row["licence_note"])
    assert said in (ROOT / "README.md").read_text(encoding="utf-8"), said


def test_a_text_that_links_out_of_the_folder_is_not_read(
    descriptor: Descriptor, raw_tables: Tables, sources_dir: Path, tmp_path: Path
) -> None:
    """A link to a file outside --sources (here the real text) is refused, and the message says why."""
    folder = tmp_path / "texts"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    shutil.copy(sources_dir / f"{SOURCE_IDS[0]}.txt", outside)
    (folder / f"{SOURCE_IDS[0]}.txt").symlink_to(outside)
    problems = check_source_texts(raw_tables, folder, descriptor)
    found = [p for p in problems if p.rule == "JDS201" and SOURCE_IDS[0] in p.message]
    assert found and "it links out of the folder" in found[0].message
    assert not [p for p in problems if p.rule in ("JDS202", "JDS203")]

"""A contributor's usual mistakes (the five of issue #22, an alias typed as an id, and a
position left at 0 and 0): each gives one first line that names the file, the row and the
field and says what to write; the recorded bytes and hash come after, in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jihadistds.cli import cli

from conftest import copy_package

SIZES = "data/group_sizes.csv"


def _edit(old: str, new: str, file: str = SIZES) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = pkg / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _extra_column(pkg: Path) -> None:
    path = pkg / "data" / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",population", *(line + "," for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )


MISTAKES = {
    "an id typo": (
        _edit("size-0001,hayat-tahrir-al-sham,", "size-0001,hayat-tahrir-al-shan,"),
        'data/group_sizes.csv:2:actor_id: foreign key error: for "actor_id": values '
        '"hayat-tahrir-al-shan" not found in the lookup table "actors" as "actor_id"; did you '
        "mean 'hayat-tahrir-al-sham'? [foreign-key]",
    ),
    "an alias typed as an id": (
        _edit("size-0001,hayat-tahrir-al-sham,", "size-0001,HTS,"),
        'data/group_sizes.csv:2:actor_id: constraint error: constraint "pattern" is '
        "\"^[a-z0-9]+(-[a-z0-9]+)*$\"; the cell is 'HTS'; did you mean 'hayat-tahrir-al-sham' "
        "(its alias is 'HTS')? [constraint-error] (fixing it also clears: foreign-key)",
    ),
    "a grouped number in an integer column": (
        _edit("fighters,,20000,at_most", 'fighters,,"20,000",at_most'),
        'data/group_sizes.csv:2:value: type error: type is "integer/default"; the cell is '
        "'20,000'; expected a whole number in digits, with no separators or spaces, such as "
        "20000 [type-error] (fixing it also clears: JDS111)",
    ),
    "a month written as a date": (
        _edit('"up to 20,000",2019-05-21,', '"up to 20,000",May 2019,'),
        "data/group_sizes.csv:2:period_start: 'May 2019' is not a real date at day precision: "
        "write it YYYY-MM-DD [JDS101] (fixing it also clears: constraint-error)",
    ),
    "an unclosed quote": (
        _edit('"up to 20,000",', '"up to 20,000,'),
        "data/group_sizes.csv:2:value_as_stated: this cell opens a double quote that is not "
        'closed on its row: close it after the cell\'s last character ("…") [JDS007]',
    ),
    "a placeholder position": (
        _edit('fighters",1654,1680,', 'fighters",0,0,'),
        "data/group_sizes.csv:2:quote_end: quote_start 0 and quote_end 0 select no text, but "
        "the quote has 26 characters: `jihadistds validate --sources DIR` says where it sits "
        "[JDS118]",
    ),
    "an extra column": (
        _extra_column,
        "data/places.csv:1: the header does not match the schema: not in the schema "
        "'population': remove the column, or add a field of that name to "
        "schemas/places.schema.json (its type and description) [JDS003]",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_usual_mistake_gets_one_first_line_that_says_what_to_write(
    tmp_path: Path, mistake: str
) -> None:
    make, first = MISTAKES[mistake]
    pkg = copy_package(tmp_path, integrity=True)  # as a fork records bytes and hashes
    make(pkg)
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0].split(" (fixing it also clears")[0] == first.split(" (fixing it also clears")[0]
    assert lines[-2].startswith("datapackage.json: the bytes and hash it records for data/")
    assert "run `jihadistds rehash` to record the new ones" in lines[-2]
    assert len(lines) == 3, result.output  # the mistake, the one rehash line, the summary
    # the summary counts the one mistake, and the recorded bytes and hash apart from it
    assert lines[-1].startswith(
        "invalid: 1 problem in 1 file, and the bytes and hashes recorded for 1 file out of date, of "
    ), lines[-1]

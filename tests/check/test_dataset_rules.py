"""The dataset rules: the data passes them, and cases beyond each rule's own example, with exact words.

The cases break rows of the synthetic package (tests/package), never the shipped rows.

That every rule fires at all is tests/check/test_registry.py's business (each rule's example).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jihadistds.check.dataset import check_dataset, period_bounds
from jihadistds.read.csv import Table
from jihadistds.read.descriptor import Descriptor, read_descriptor

from conftest import case_ids, edited, row_set

Tables = dict[str, Table]


def _check(descriptor: Descriptor, tables: Tables) -> list[str]:
    return [str(p) for p in check_dataset(tables, descriptor)]


def test_the_data_passes_every_rule(descriptor: Descriptor, raw_tables: Tables) -> None:
    assert _check(descriptor, raw_tables) == []


def _duplicate(table: str, key: str, new_key: str) -> Callable[[Tables], Tables]:
    def change(rows: list[dict[str, str]]) -> None:
        row = dict(next(r for r in rows if next(iter(r.values())) == key), note="a different note")
        row[next(iter(row))] = new_key
        rows.append(row)

    return lambda tables: edited(tables, table, change)


# Each case breaks one row of the synthetic package (tests/package) and gives the one line
# the dataset rules must print for it.
CASES = [
    (
        row_set("counts", "count-0001", period_start="2020-1"),
        "data/counts.csv:2:period_start: '2020-1' is not a real date at month precision: write it YYYY-MM [JDS101]",
    ),
    (  # written in the right form, but no such date: the fix is not the form
        row_set("counts", "count-0001", period_start="2020-13"),
        "data/counts.csv:2:period_start: '2020-13' is not a real date at month precision: "
        "there is no month 13 [JDS101]",
    ),
    (
        row_set("counts", "count-0001", period_start="0000-01"),
        "data/counts.csv:2:period_start: '0000-01' is not a real date at month precision: "
        "there is no year 0000 [JDS101]",
    ),
    (
        row_set(
            "counts",
            "count-0001",
            period_start="2020-02-30",
            period_end="2020-03-01",
            period_precision="day",
        ),
        "data/counts.csv:2:period_start: '2020-02-30' is not a real date at day precision: "
        "2020-02 has no day 30 [JDS101]",
    ),
    (
        row_set("group_sizes", "size-0003", period_precision=""),
        "data/group_sizes.csv:4:period_precision: period_end is given but period_precision is blank [JDS101]",
    ),
    (
        row_set("counts", "count-0001", period_start="", period_end="", period_basis="unknown"),
        "data/counts.csv:2:period_precision: period_precision is 'month' but the period has "
        "neither start nor end [JDS101]",
    ),
    (
        row_set("counts", "count-0001", period_start="2020-03"),
        "data/counts.csv:2:period_start: the period starts (2020-03) after it ends (2020-02) [JDS102]",
    ),
    (
        row_set("group_sizes", "size-0001", qualifier=""),
        "data/group_sizes.csv:2:qualifier: value is given without a qualifier; say whether it is "
        "exact, approximate or a bound [JDS103]",
    ),
    (
        row_set("group_sizes", "size-0003", qualifier="approximately"),
        "data/group_sizes.csv:4:value: qualifier is 'approximately' but value is blank; a vague "
        "amount has neither [JDS103]",
    ),
    (
        row_set("group_sizes", "size-0001", value_as_stated="up to 5000"),
        "data/group_sizes.csv:2:value_as_stated: 'up to 5000' does not appear in the row's quote [JDS104]",
    ),
    (
        row_set("relationships", "rel-0001", quote="   "),
        "data/relationships.csv:2:quote: every fact needs a quote [JDS105]",
    ),
    (
        row_set("designations", "desig-0001", source_id=""),
        "data/designations.csv:2:source_id: every fact needs a source id [JDS105]",
    ),
    (
        _duplicate("relationships", "rel-0001", "rel-9999"),
        "data/relationships.csv:5: the same fact as row 2, but for its id and note [JDS106]",
    ),
    (
        row_set("actors", "ardania", country_code=""),
        "data/actors.csv:2:country_code: a state needs its ISO 3166-1 alpha-3 code [JDS107]",
    ),
    (
        row_set("actors", "northern-front", country_code="XNF"),
        "data/actors.csv:5:country_code: only states have a country code, and this actor's kind "
        "is armed_group [JDS107]",
    ),
    (
        row_set("counts", "count-0001", unit="people"),
        "data/counts.csv:2:unit: a count of attacks is in attacks, not 'people' [JDS108]",
    ),
    (
        row_set("relationships", "rel-0001", object_id="northern-front"),
        "data/relationships.csv:2:object_id: the relationship runs from 'northern-front' to itself [JDS109]",
    ),
    (
        row_set("counts", "count-0001", period_end="2020-04"),
        "data/counts.csv:2:period_end: the period ends (2020-04) after its source was published (2020-03-01) [JDS110]",
    ),
    (
        row_set("counts", "count-0001", value="121"),
        "data/counts.csv:2:value: value is 121 but 'more than 120' states 120 [JDS111]",
    ),
    (
        row_set("counts", "count-0002", value="1500"),
        "data/counts.csv:3:value: value is 1500 but 'Some 1.5 million' states 1500000 [JDS111]",
    ),
    (
        row_set("group_sizes", "size-0003", value="2000", qualifier="exact"),
        "data/group_sizes.csv:4:value: value is 2000 but 'Thousands' states no number [JDS111]",
    ),
    (
        row_set("group_sizes", "size-0001", value="", qualifier=""),
        "data/group_sizes.csv:2:value: value is blank but 'up to 5,000' states 5000 [JDS111]",
    ),
    (
        row_set("group_sizes", "size-0001", qualifier="exact"),
        "data/group_sizes.csv:2:qualifier: qualifier is 'exact' but 'up to 5,000' says 'up to', "
        "which is at_most [JDS112]",
    ),
    (
        row_set("counts", "count-0001", qualifier="at_least"),
        "data/counts.csv:2:qualifier: qualifier is 'at_least' but 'more than 120' says 'more "
        "than', which is more_than [JDS112]",
    ),
    (
        row_set("group_sizes", "size-0002", qualifier="approximately"),
        "data/group_sizes.csv:3:qualifier: qualifier is 'approximately' but 'two camps' has no "
        "hedge, which is exact [JDS112]",
    ),
    (
        row_set("designations", "desig-0001", designator_id="northern-front"),
        "data/actors.csv:2:actor_id: 'ardania' is not referred to by any table [JDS113]",
    ),
    (
        row_set("group_sizes", "size-0003", period_start="2019-01-01"),
        "data/group_sizes.csv:4:period_start: a past period has no start, but it is 2019-01-01 [JDS115]",
    ),
    (
        row_set("relationships", "rel-0003", period_end="2020-02-01"),
        "data/relationships.csv:4:period_end: a recent period's end is the source's publication "
        "date, 2020-03-01, not 2020-02-01 [JDS115]",
    ),
    (
        row_set("counts", "count-0001", period_as_stated=""),
        "data/counts.csv:2:period_as_stated: a stated period needs period_as_stated (the "
        "source's words for it) [JDS115]",
    ),
    (
        row_set("events", "eastern-movement-declares-campaign", note=""),
        "data/events.csv:2:note: an established period needs a note that says how the editors dated it [JDS115]",
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
    found = _check(read_descriptor(synthetic), mutate(synthetic_tables))
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("value", "precision", "bounds"),
    [
        ("2017-04", "month", ("2017-04-01", "2017-04-30")),
        ("2020-02", "month", ("2020-02-01", "2020-02-29")),
        ("2019", "year", ("2019-01-01", "2019-12-31")),
        ("2019-05-21", "day", ("2019-05-21", "2019-05-21")),
        ("2019-05", "day", None),
        ("2019-13", "month", None),
    ],
)
def test_period_bounds(value: str, precision: str, bounds: tuple[str, str] | None) -> None:
    got = period_bounds(value, precision)
    assert (got and (got[0].isoformat(), got[1].isoformat())) == bounds or got is bounds

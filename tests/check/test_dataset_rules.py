"""The dataset rules: the data passes them, and cases beyond each rule's own example, with exact words.

That every rule fires at all is tests/check/test_registry.py's business (each rule's example).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jihadistds.check.dataset import check_dataset, period_bounds
from jihadistds.read.csv import Table
from jihadistds.read.descriptor import Descriptor

from conftest import edited

Tables = dict[str, Table]


def _check(descriptor: Descriptor, tables: Tables) -> list[str]:
    return [str(p) for p in check_dataset(tables, descriptor)]


def test_the_data_passes_every_rule(descriptor: Descriptor, raw_tables: Tables) -> None:
    assert _check(descriptor, raw_tables) == []


def _set(table: str, key: str, **changes: str) -> Callable[[Tables], Tables]:
    def change(rows: list[dict[str, str]]) -> None:
        next(r for r in rows if next(iter(r.values())) == key).update(changes)

    return lambda tables: edited(tables, table, change)


def _duplicate(table: str, key: str, new_key: str) -> Callable[[Tables], Tables]:
    def change(rows: list[dict[str, str]]) -> None:
        row = dict(next(r for r in rows if next(iter(r.values())) == key), note="a different note")
        row[next(iter(row))] = new_key
        rows.append(row)

    return lambda tables: edited(tables, table, change)


CASES = [
    (
        _set("counts", "count-0004", period_start="2019-2"),
        "data/counts.csv:5:period_start: '2019-2' is not a real date at month precision: write it YYYY-MM [JDS101]",
    ),
    (
        _set(
            "counts",
            "count-0004",
            period_start="2019-02-30",
            period_end="2019-03-01",
            period_precision="day",
        ),
        "data/counts.csv:5:period_start: '2019-02-30' is not a real date at day precision: "
        "write it YYYY-MM-DD [JDS101]",
    ),
    (
        _set("events", "islamic-state-captures-territory-in-iraq", period_precision=""),
        "data/events.csv:6:period_precision: period_end is given but period_precision is blank [JDS101]",
    ),
    (
        _set("counts", "count-0004", period_start="", period_end="", period_basis="unknown"),
        "data/counts.csv:5:period_precision: period_precision is 'month' but the period has "
        "neither start nor end [JDS101]",
    ),
    (
        _set("counts", "count-0004", period_start="2019-04"),
        "data/counts.csv:5:period_start: the period starts (2019-04) after it ends (2019-03) [JDS102]",
    ),
    (
        _set("group_sizes", "size-0001", qualifier=""),
        "data/group_sizes.csv:2:qualifier: value is given without a qualifier; say whether it is "
        "exact, approximate or a bound [JDS103]",
    ),
    (
        _set("group_sizes", "size-0003", qualifier="approximately"),
        "data/group_sizes.csv:4:value: qualifier is 'approximately' but value is blank; a vague "
        "amount has neither [JDS103]",
    ),
    (
        _set("group_sizes", "size-0001", value_as_stated="up to 20000"),
        "data/group_sizes.csv:2:value_as_stated: 'up to 20000' does not appear in the row's quote [JDS104]",
    ),
    (
        _set("events", "idlib-ceasefire-2018", period_as_stated="Sept 2018"),
        "data/events.csv:5:period_as_stated: 'Sept 2018' does not appear in the row's quote [JDS104]",
    ),
    (
        _set("relationships", "rel-0001", quote="   "),
        "data/relationships.csv:2:quote: every fact needs a quote [JDS105]",
    ),
    (
        _set("designations", "desig-0001", source_id=""),
        "data/designations.csv:2:source_id: every fact needs a source id [JDS105]",
    ),
    (
        _duplicate("relationships", "rel-0001", "rel-9999"),
        "data/relationships.csv:41: the same fact as row 2, but for its id and note [JDS106]",
    ),
    (
        _set("actors", "turkey", country_code=""),
        "data/actors.csv:31:country_code: a state needs its ISO 3166-1 alpha-3 code [JDS107]",
    ),
    (
        _set("actors", "al-qaeda", country_code="SYR"),
        "data/actors.csv:4:country_code: only states have a country code, and this actor's kind "
        "is armed_group [JDS107]",
    ),
    (
        _set("counts", "count-0005", unit="people"),
        "data/counts.csv:6:unit: a count of attacks is in attacks, not 'people' [JDS108]",
    ),
    (
        _set("relationships", "rel-0001", object_id="al-qaeda"),
        "data/relationships.csv:2:object_id: the relationship runs from 'al-qaeda' to itself [JDS109]",
    ),
    (
        _set("counts", "count-0004", period_end="2019-06"),
        "data/counts.csv:5:period_end: the period ends (2019-06) after its source was published (2019-05-21) [JDS110]",
    ),
    (
        _set("counts", "count-0002", value="25"),
        "data/counts.csv:3:value: value is 25 but 'more than two dozen' states 24 [JDS111]",
    ),
    (
        _set("counts", "count-0003", value="2700"),
        "data/counts.csv:4:value: value is 2700 but 'some 2.7 million' states 2700000 [JDS111]",
    ),
    (
        _set(
            "group_sizes", "size-0003", value_as_stated="thousands", value="2000", qualifier="exact"
        ),
        "data/group_sizes.csv:4:value: value is 2000 but 'thousands' states no number [JDS111]",
    ),
    (
        _set("group_sizes", "size-0001", value="", qualifier=""),
        "data/group_sizes.csv:2:value: value is blank but 'up to 20,000' states 20000 [JDS111]",
    ),
    (
        _set("group_sizes", "size-0001", qualifier="exact"),
        "data/group_sizes.csv:2:qualifier: qualifier is 'exact' but 'up to 20,000' says 'up to', "
        "which is at_most [JDS112]",
    ),
    (
        _set("counts", "count-0005", qualifier="at_least"),
        "data/counts.csv:6:qualifier: qualifier is 'at_least' but 'more than 460' says 'more "
        "than', which is more_than [JDS112]",
    ),
    (
        _set("group_sizes", "size-0007", qualifier="approximately"),
        "data/group_sizes.csv:8:qualifier: qualifier is 'approximately' but 'two camps' has no "
        "hedge, which is exact [JDS112]",
    ),
    (
        _set("relationships", "rel-0022", object_id="syria"),
        "data/actors.csv:30:actor_id: 'syrian-opposition' is not referred to by any table [JDS113]",
    ),
    (
        _set("events", "turkey-deploys-forces-in-idlib", period_start="2019-01-01"),
        "data/events.csv:12:period_start: a past period has no start, but it is 2019-01-01 [JDS115]",
    ),
    (
        _set("relationships", "rel-0020", period_end="2019-05-01"),
        "data/relationships.csv:21:period_end: a recent period's end is the source's publication "
        "date, 2019-05-21, not 2019-05-01 [JDS115]",
    ),
    (
        _set("counts", "count-0002", period_as_stated=""),
        "data/counts.csv:3:period_as_stated: a relative period needs period_as_stated (the "
        "source's words for it) [JDS115]",
    ),
    (
        _set("events", "sri-lanka-easter-attacks-2019", note=""),
        "data/events.csv:10:note: an established period needs a note that says how the editors dated it [JDS115]",
    ),
    (
        _set("relationships", "rel-0012", inferred=""),
        "data/relationships.csv:13:subject_id: the quote does not name 'Hayat Tahrir al-Sham' "
        "(hayat-tahrir-al-sham) by name or alias: grow the quote to the sentence that does, or list "
        "subject_id in inferred and say in the note where it comes from [JDS116]",
    ),
    (
        _set("relationships", "rel-0012", inferred="subject_id|object_id"),
        "data/relationships.csv:13:inferred: object_id is listed as inferred, but the quote names "
        "'Malhama Tactical' [JDS116]",
    ),
    (
        _set("relationships", "rel-0012", inferred="subject_id|quote"),
        "data/relationships.csv:13:inferred: 'quote' is not a field of this table that names an "
        "actor or place [JDS116]",
    ),
    (
        _set("relationships", "rel-0012", note=""),
        "data/relationships.csv:13:note: the row lists inferred fields, so the note must say where "
        "they come from [JDS116]",
    ),
    (
        _set("event_actors", "turkey-calls-for-targeted-campaign", inferred=""),
        "data/event_actors.csv:15:actor_id: the quote does not name \"hard-line camp of HTS' "
        'leadership" (hts-hard-line-camp) by name or alias: grow the quote to the sentence that '
        "does, or list actor_id in inferred and say in the note where it comes from [JDS116]",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    CASES,
    ids=[c[1].rsplit("[", 1)[1][:-1] + "-" + str(i) for i, c in enumerate(CASES)],
)
def test_rule_fires(
    descriptor: Descriptor, raw_tables: Tables, mutate: Callable[[Tables], Tables], expected: str
) -> None:
    assert _check(descriptor, mutate(raw_tables)) == [expected]


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

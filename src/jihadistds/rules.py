"""The dataset's own rules (JDS101-JDS110): what the data model needs beyond its Table Schemas.

Each rule keys on field names, not table names, wherever it can, so a table a fork adds is
checked the day it is added as long as it uses the shared fields (``period_*``, ``value``,
``qualifier``, ``*_as_stated``, ``source_id``, ``quote``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date

from .csvfile import RawTable
from .problems import Problem

PRECISION_PATTERNS = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "year": re.compile(r"^(\d{4})$"),
}
# The unit each count measure takes (JDS108).
MEASURE_UNITS = {
    "attacks": "attacks",
    "deaths": "deaths",
    "people_displaced": "people",
    "people_in_need": "people",
    "population_controlled": "people",
    "towns_and_villages_controlled": "towns_and_villages",
    "groups_commanded": "groups",
}

Tables = Mapping[str, RawTable]
Check = Callable[[Tables], Iterator[Problem]]


def collapse(text: str) -> str:
    """White space folded to single spaces, for comparing quotes with their sources."""
    return " ".join(text.split())


def period_bounds(value: str, precision: str) -> tuple[date, date] | None:
    """First and last day of a partial ISO date at ``precision``; ``None`` if it is not one."""
    pattern = PRECISION_PATTERNS.get(precision)
    match = pattern.match(value) if pattern else None
    if not match:
        return None
    parts = [int(p) for p in match.groups()]
    try:
        if precision == "day":
            d = date(*parts)
            return d, d
        if precision == "month":
            year, month = parts
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None


def _rows(tables: Tables, *fields: str) -> Iterator[tuple[RawTable, int, dict[str, str]]]:
    """Every non-blank row of every table that has all of ``fields``."""
    for table in tables.values():
        if all(f in table.header for f in fields):
            for i, row in enumerate(table.rows):
                if row:
                    yield table, table.row_number(i), row


def check_period_precision(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "period_start", "period_end", "period_precision"):
        precision = row["period_precision"]
        ends = [(f, row[f]) for f in ("period_start", "period_end") if row[f]]
        if not precision:
            for f, _ in ends:
                yield Problem(table.path, n, "period_precision", f"{f} is given but period_precision is blank", "JDS101")
            continue
        if not ends:
            yield Problem(table.path, n, "period_precision", f"period_precision is {precision!r} but the period has neither start nor end", "JDS101")
        for f, value in ends:
            if precision in PRECISION_PATTERNS and period_bounds(value, precision) is None:
                yield Problem(table.path, n, f, f"{value!r} is not a real date at {precision} precision", "JDS101")


def check_period_order(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "period_start", "period_end", "period_precision"):
        start = period_bounds(row["period_start"], row["period_precision"])
        end = period_bounds(row["period_end"], row["period_precision"])
        if start and end and start[0] > end[0]:
            yield Problem(table.path, n, "period_start", f"the period starts ({row['period_start']}) after it ends ({row['period_end']})", "JDS102")


def check_value_qualifier(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "value", "qualifier"):
        if row["value"] and not row["qualifier"]:
            yield Problem(table.path, n, "qualifier", "value is given without a qualifier; say whether it is exact, approximate or a bound", "JDS103")
        elif row["qualifier"] and not row["value"]:
            yield Problem(table.path, n, "value", f"qualifier is {row['qualifier']!r} but value is blank; a vague amount has neither", "JDS103")


def check_as_stated(tables: Tables) -> Iterator[Problem]:
    for table in tables.values():
        stated = [f for f in table.header if f.endswith("_as_stated")]
        if not stated or "quote" not in table.header:
            continue
        for i, row in enumerate(table.rows):
            if not row:
                continue
            quote = collapse(row["quote"])
            for f in stated:
                if row[f] and collapse(row[f]) not in quote:
                    yield Problem(table.path, table.row_number(i), f, f"{row[f]!r} does not appear in the row's quote", "JDS104")


def check_provenance(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "quote"):
        if "source_id" not in table.header:
            yield Problem(table.path, 1, None, "a table of facts with quotes must have a source_id column", "JDS105")
            break
        for f in ("source_id", "quote"):
            if not row[f].strip():
                yield Problem(table.path, n, f, f"every fact needs a {f.replace('_', ' ')}", "JDS105")


def check_duplicates(tables: Tables, primary_keys: Mapping[str, list[str]]) -> Iterator[Problem]:
    for table in tables.values():
        if "quote" not in table.header:
            continue
        ignore = set(primary_keys.get(table.name, [])[:1]) | {"note"}
        compared = [f for f in table.header if f not in ignore]
        first_seen: dict[tuple[str, ...], int] = {}
        for i, row in enumerate(table.rows):
            if not row:
                continue
            key = tuple(row.get(f, "") for f in compared)
            n = table.row_number(i)
            if key in first_seen:
                yield Problem(table.path, n, None, f"the same fact as row {first_seen[key]}, but for its id and note", "JDS106")
            else:
                first_seen[key] = n


def check_state_codes(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "actor_id", "kind", "country_code"):
        if table.name != "actors":
            continue
        if row["kind"] == "state" and not row["country_code"]:
            yield Problem(table.path, n, "country_code", "a state needs its ISO 3166-1 alpha-3 code", "JDS107")
        elif row["kind"] != "state" and row["country_code"]:
            yield Problem(table.path, n, "country_code", f"only states have a country code, and this actor's kind is {row['kind']}", "JDS107")


def check_measure_units(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "measure", "unit"):
        expected = MEASURE_UNITS.get(row["measure"])
        if expected and row["unit"] != expected:
            yield Problem(table.path, n, "unit", f"a count of {row['measure']} is in {expected}, not {row['unit']!r}", "JDS108")


def check_self_relations(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "subject_id", "object_id"):
        if row["subject_id"] and row["subject_id"] == row["object_id"]:
            yield Problem(table.path, n, "object_id", f"the relationship runs from {row['subject_id']!r} to itself", "JDS109")


def check_after_publication(tables: Tables) -> Iterator[Problem]:
    sources = tables.get("sources")
    if sources is None:
        return
    published: dict[str, date] = {}
    for row in sources.rows:
        for f in ("original_published", "published"):
            try:
                published[row["source_id"]] = date.fromisoformat(row.get(f, ""))
                break
            except (ValueError, KeyError):
                continue
    for table, n, row in _rows(tables, "source_id", "period_end", "period_precision"):
        end = period_bounds(row["period_end"], row["period_precision"])
        when = published.get(row["source_id"])
        if end and when and end[0] > when:
            yield Problem(table.path, n, "period_end", f"the period ends ({row['period_end']}) after its source was published ({when.isoformat()})", "JDS110")


def check_dataset(tables: Tables, primary_keys: Mapping[str, list[str]]) -> list[Problem]:
    """Every dataset rule over the parsed tables, in rule order."""
    checks: list[Check] = [
        check_period_precision,
        check_period_order,
        check_value_qualifier,
        check_as_stated,
        check_provenance,
        lambda t: check_duplicates(t, primary_keys),
        check_state_codes,
        check_measure_units,
        check_self_relations,
        check_after_publication,
    ]
    problems: list[Problem] = []
    for check in checks:
        problems.extend(check(tables))
    return problems

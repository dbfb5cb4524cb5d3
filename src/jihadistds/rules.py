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
from decimal import Decimal

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

# Number words a source may spell out, and the words that multiply them (JDS111).
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Hedge words and the qualifiers they allow (JDS112); words with none of these are `exact`.
HEDGES: list[tuple[str, set[str]]] = [
    ("up to", {"at_most"}), ("at most", {"at_most"}), ("as many as", {"at_most"}), ("no more than", {"at_most"}),
    ("more than", {"more_than"}), ("over", {"more_than"}), ("upwards of", {"more_than"}), ("in excess of", {"more_than"}),
    ("at least", {"at_least"}), ("a minimum of", {"at_least"}),
    ("less than", {"less_than"}), ("fewer than", {"less_than"}), ("under", {"less_than"}),
    ("nearly", {"approximately", "less_than"}), ("almost", {"approximately", "less_than"}),
    ("an estimated", {"approximately"}), ("estimated", {"approximately"}), ("some", {"approximately"}),
    ("about", {"approximately"}), ("around", {"approximately"}), ("approximately", {"approximately"}),
    ("roughly", {"approximately"}), ("circa", {"approximately"}),
]

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


def stated_number(words: str) -> int | None:
    """The number a phrase states, or ``None`` when it states none.

    >>> [stated_number(w) for w in ["more than two dozen", "some 2.7 million", "up to 20,000", "thousands", "Some"]]
    [24, 2700000, 20000, None, None]
    """
    tokens = re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?|[a-z]+", words.lower())
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            number = Decimal(token.replace(",", ""))
        elif token in NUMBER_WORDS:
            number = Decimal(NUMBER_WORDS[token])
        else:
            continue
        for following in tokens[i + 1 :]:
            if following not in MULTIPLIERS:
                break
            number *= MULTIPLIERS[following]
        return int(number) if number == number.to_integral_value() else None
    return None


def check_stated_values(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "value", "value_as_stated"):
        stated = stated_number(row["value_as_stated"])
        if row["value"] and stated is None:
            yield Problem(table.path, n, "value", f"value is {row['value']} but {row['value_as_stated']!r} states no number", "JDS111")
        elif not row["value"] and stated is not None:
            yield Problem(table.path, n, "value", f"value is blank but {row['value_as_stated']!r} states {stated}", "JDS111")
        elif row["value"] and stated is not None and row["value"] != str(stated):
            yield Problem(table.path, n, "value", f"value is {row['value']} but {row['value_as_stated']!r} states {stated}", "JDS111")


def check_hedges(tables: Tables) -> Iterator[Problem]:
    for table, n, row in _rows(tables, "value", "qualifier", "value_as_stated"):
        if not row["qualifier"] or not row["value"]:  # a vague amount is JDS103's business
            continue
        words = f" {' '.join(re.findall(r'[a-z]+', row['value_as_stated'].lower()))} "
        allowed, cue = {"exact"}, None
        for hedge, qualifiers in HEDGES:
            if f" {hedge} " in words:
                allowed, cue = qualifiers, hedge
                break
        if row["qualifier"] not in allowed:
            said = f"says {cue!r}" if cue else "has no hedge"
            yield Problem(table.path, n, "qualifier", f"qualifier is {row['qualifier']!r} but {row['value_as_stated']!r} {said}, which is {' or '.join(sorted(allowed))}", "JDS112")


def check_unused(tables: Tables, foreign_keys: Mapping[str, list[tuple[str, str, str]]]) -> Iterator[Problem]:
    """Reference tables (those without quotes) whose rows nothing refers to."""
    used: dict[tuple[str, str], set[str]] = {}
    for table_name, keys in foreign_keys.items():
        table = tables.get(table_name)
        for field, target, target_field in keys:
            values = used.setdefault((target, target_field), set())
            if table is not None:
                values.update(row.get(field, "") for row in table.rows if row)
    for (target, target_field), values in sorted(used.items()):
        table = tables.get(target)
        if table is None or "quote" in table.header:
            continue
        for i, row in enumerate(table.rows):
            if row and row.get(target_field) and row[target_field] not in values:
                yield Problem(table.path, table.row_number(i), target_field, f"{row[target_field]!r} is not referred to by any table", "JDS113")


def check_dataset(
    tables: Tables, primary_keys: Mapping[str, list[str]], foreign_keys: Mapping[str, list[tuple[str, str, str]]] | None = None
) -> list[Problem]:
    """Every dataset rule over the parsed tables, in rule order.

    ``foreign_keys`` maps a table to its single-field references as (field, table, field).
    """
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
        check_stated_values,
        check_hedges,
        lambda t: check_unused(t, foreign_keys or {}),
    ]
    problems: list[Problem] = []
    for check in checks:
        problems.extend(check(tables))
    return problems

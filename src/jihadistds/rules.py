"""The dataset's own rules (JDS101-JDS110): what the data model needs beyond its Table Schemas.

Each rule keys on field names, not table names, wherever it can, so a table a fork adds is
checked the day it is added as long as it uses the shared fields (``period_*``, ``value``,
``qualifier``, ``*_as_stated``, ``source_id``, ``quote``).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from datetime import date
from decimal import Decimal

from .tabular import Table
from .problems import Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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

Tables = Mapping[str, Table]
Check = Callable[[Tables], Iterator[Problem]]


def collapse(text: str) -> str:
    """White space folded to single spaces, for comparing quotes with their sources."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=1 << 16)  # three rules ask about the same periods
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


def column_codes(array: Any) -> npt.NDArray[np.int64]:
    """Each value's index among the column's distinct values, in order of first appearance, plus one (0 for null)."""
    import numpy as np

    from ._arrow import encode

    return encode(array)[1].astype(np.int64) + 1


def first_appearance(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Codes numbering distinct values in order of first appearance, and where each first appears."""
    import numpy as np

    from ._arrow import encode, from_numpy

    codes = encode(from_numpy(values))[1].astype(np.int64)
    return codes, first_positions(codes)


def first_positions(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Where each code first appears, for codes numbered in order of first appearance."""
    import numpy as np

    if not len(codes):
        return codes
    # A code is new exactly where it exceeds every code before it.
    seen = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    return np.flatnonzero(codes > seen)


def dense_codes(arrays: list[Any], codes: Sequence[npt.NDArray[np.integer[Any]]] | None = None) -> npt.NDArray[np.int64]:
    """One integer per row, equal exactly when the rows' values are (nulls equal to nulls).

    The integers number the distinct rows in order of first appearance.

    The columns' codes are mixed into one 64-bit hash per row; if two different rows share a
    hash (checked exactly, column by column), the codes are rebuilt without hashing.
    """
    import numpy as np

    codes = codes if codes is not None else [column_codes(a) for a in arrays]
    if len(codes) == 1:
        return codes[0].astype(np.int64, copy=False)
    n = len(codes[0])
    mixed = _mix(codes)
    inverse, first = first_appearance(mixed)
    del mixed
    # Only a row numbered as a repeat of an earlier row can be a collision: check those.
    representative = first[inverse]
    repeats = np.flatnonzero(representative != np.arange(n))
    if len(repeats) * 2 < n:
        earlier = representative[repeats]
        exact = all(np.array_equal(c[repeats], c[earlier]) for c in codes)
    else:
        exact = all(np.array_equal(c, c[representative]) for c in codes)
    if exact:
        return inverse
    stacked = np.stack(codes, axis=1)  # a hash collision: slow, exact
    return first_appearance(np.unique(stacked, axis=0, return_inverse=True)[1].reshape(-1))[0]


def _mix(codes: Sequence[npt.NDArray[np.integer[Any]]]) -> npt.NDArray[np.uint64]:
    """One 64-bit hash per row of non-negative codes, computed in place (four passes a column, no new arrays)."""
    import numpy as np

    n = len(codes[0])
    mixed, shifted = np.zeros(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in codes:
            np.bitwise_xor(mixed, c, out=mixed, dtype=np.uint64, casting="unsafe")
            np.multiply(mixed, np.uint64(0x9E3779B97F4A7C15), out=mixed)
            np.right_shift(mixed, np.uint64(29), out=shifted)
            np.bitwise_xor(mixed, shifted, out=mixed)
    return mixed


def distinct_rows(table: Table, fields: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """A representative row for each distinct combination of ``fields``' text, and each row's combination.

    Both are arrays, computed once per table and fields, and kept: as small as they can be.
    """
    import numpy as np

    if table.n_rows == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)

    def group() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        codes = dense_codes([], [table.codes(f) for f in fields])
        return first_positions(codes), (codes - codes.min()).astype(np.int32)  # read_table refuses more than 2**31 - 1 rows

    groups: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] = table.cached(("rows", *fields), group)  # several rules group by the same columns
    return groups


def row_rule(table: Table, fields: list[str], rule: Callable[..., str | None]) -> Iterator[tuple[int, str]]:
    """Rows for which ``rule`` (called with the fields' text) returns a message, with that message.

    The rule runs once per distinct combination of values, so it costs little when values repeat.
    """
    import numpy as np

    live = table.counts != 0
    first, inverse = distinct_rows(table, fields)
    if not len(first):
        return
    # Each field's text in each representative row, read from the field's distinct texts.
    samples = []
    for f in fields:
        texts = table.distinct(f).to_pylist()
        samples.append([texts[c - 1] for c in table.codes(f)[first].tolist()])
    messages = [rule(*[v or "" for v in values]) for values in zip(*samples)]
    failing = np.array([m is not None for m in messages], dtype=bool)
    for i in (failing[inverse] & live).nonzero()[0].tolist():
        message = messages[int(inverse[i])]
        assert message is not None
        yield i, message


def _tables_with(tables: Tables, *fields: str) -> Iterator[Table]:
    for table in tables.values():
        if all(f in table.fields for f in fields):
            yield table


def check_period_precision(tables: Tables) -> Iterator[Problem]:
    def rule(start: str, end: str, precision: str) -> str | None:
        ends = [(f, v) for f, v in (("period_start", start), ("period_end", end)) if v]
        if not precision:
            return "\n".join(f"period_precision\t{f} is given but period_precision is blank" for f, _ in ends) or None
        if not ends:
            return f"period_precision\tperiod_precision is {precision!r} but the period has neither start nor end"
        bad = [f"{f}\t{v!r} is not a real date at {precision} precision" for f, v in ends if precision in PRECISION_PATTERNS and period_bounds(v, precision) is None]
        return "\n".join(bad) or None

    for table in _tables_with(tables, "period_start", "period_end", "period_precision"):
        for i, message in row_rule(table, ["period_start", "period_end", "period_precision"], rule):
            for line in message.split("\n"):
                field, text = line.split("\t")
                yield Problem(table.path, table.row_number(i), field, text, "JDS101")


def check_period_order(tables: Tables) -> Iterator[Problem]:
    def rule(start: str, end: str, precision: str) -> str | None:
        a, b = period_bounds(start, precision), period_bounds(end, precision)
        return f"the period starts ({start}) after it ends ({end})" if a and b and a[0] > b[0] else None

    for table in _tables_with(tables, "period_start", "period_end", "period_precision"):
        for i, message in row_rule(table, ["period_start", "period_end", "period_precision"], rule):
            yield Problem(table.path, table.row_number(i), "period_start", message, "JDS102")


def check_value_qualifier(tables: Tables) -> Iterator[Problem]:
    def rule(value: str, qualifier: str) -> str | None:
        if value and not qualifier:
            return "qualifier\tvalue is given without a qualifier; say whether it is exact, approximate or a bound"
        if qualifier and not value:
            return f"value\tqualifier is {qualifier!r} but value is blank; a vague amount has neither"
        return None

    for table in _tables_with(tables, "value", "qualifier"):
        for i, message in row_rule(table, ["value", "qualifier"], rule):
            field, text = message.split("\t")
            yield Problem(table.path, table.row_number(i), field, text, "JDS103")


def check_as_stated(tables: Tables) -> Iterator[Problem]:
    for table in _tables_with(tables, "quote"):
        for f in [f for f in table.fields if f.endswith("_as_stated")]:
            def rule(stated: str, quote: str) -> str | None:
                return f"{stated!r} does not appear in the row's quote" if stated and collapse(stated) not in collapse(quote) else None

            for i, message in row_rule(table, [f, "quote"], rule):
                yield Problem(table.path, table.row_number(i), f, message, "JDS104")


def check_provenance(tables: Tables) -> Iterator[Problem]:
    import numpy as np

    for table in _tables_with(tables, "quote"):
        if "source_id" not in table.fields:
            yield Problem(table.path, 1, None, "a table of facts with quotes must have a source_id column", "JDS105")
            continue
        live = table.counts != 0
        for f in ("source_id", "quote"):
            # Decided once per distinct text, then spread to the rows that hold it.
            blank_text = np.array([False] + [not v.strip() for v in table.distinct(f).to_pylist()], dtype=bool)
            blank = blank_text[table.codes(f)] & live
            for i in blank.nonzero()[0].tolist():
                yield Problem(table.path, table.row_number(i), f, f"every fact needs a {f.replace('_', ' ')}", "JDS105")


def check_duplicates(tables: Tables, primary_keys: Mapping[str, list[str]]) -> Iterator[Problem]:
    import numpy as np

    for table in _tables_with(tables, "quote"):
        ignore = set(primary_keys.get(table.name, [])[:1]) | {"note"}
        compared = [f for f in table.fields if f not in ignore]
        live = table.counts != 0
        if int(live.sum()) < 2:
            continue
        first, inverse = distinct_rows(table, compared)
        earliest = first[inverse]
        repeated = (earliest != np.arange(table.n_rows)) & live & live[earliest]
        for i in repeated.nonzero()[0].tolist():
            j = int(earliest[i])
            yield Problem(table.path, table.row_number(i), None, f"the same fact as row {table.row_number(j)}, but for its id and note", "JDS106")


def check_state_codes(tables: Tables) -> Iterator[Problem]:
    def rule(kind: str, code: str) -> str | None:
        if kind == "state" and not code:
            return "a state needs its ISO 3166-1 alpha-3 code"
        if kind != "state" and code:
            return f"only states have a country code, and this actor's kind is {kind}"
        return None

    for table in _tables_with(tables, "actor_id", "kind", "country_code"):
        if table.name == "actors":
            for i, message in row_rule(table, ["kind", "country_code"], rule):
                yield Problem(table.path, table.row_number(i), "country_code", message, "JDS107")


def check_measure_units(tables: Tables) -> Iterator[Problem]:
    def rule(measure: str, unit: str) -> str | None:
        expected = MEASURE_UNITS.get(measure)
        return f"a count of {measure} is in {expected}, not {unit!r}" if expected and unit != expected else None

    for table in _tables_with(tables, "measure", "unit"):
        for i, message in row_rule(table, ["measure", "unit"], rule):
            yield Problem(table.path, table.row_number(i), "unit", message, "JDS108")


def check_self_relations(tables: Tables) -> Iterator[Problem]:
    import pyarrow.compute as pc

    from ._arrow import scalar, to_numpy

    for table in _tables_with(tables, "subject_id", "object_id"):
        subject = table.text("subject_id")
        same = to_numpy(pc.and_(pc.equal(subject, table.text("object_id")), pc.not_equal(subject, scalar(""))), False)
        for i in (same & (table.counts != 0)).nonzero()[0].tolist():
            yield Problem(table.path, table.row_number(i), "object_id", f"the relationship runs from {subject[i].as_py()!r} to itself", "JDS109")


def check_after_publication(tables: Tables) -> Iterator[Problem]:
    sources = tables.get("sources")
    if sources is None:
        return
    published: dict[str, date] = {}
    for row in sources.rows():
        for f in ("original_published", "published"):
            try:
                published[row["source_id"]] = date.fromisoformat(row.get(f, ""))
                break
            except (ValueError, KeyError):
                continue

    def rule(source_id: str, end: str, precision: str) -> str | None:
        bounds = period_bounds(end, precision)
        when = published.get(source_id)
        return f"the period ends ({end}) after its source was published ({when.isoformat()})" if bounds and when and bounds[0] > when else None

    for table in _tables_with(tables, "source_id", "period_end", "period_precision"):
        for i, message in row_rule(table, ["source_id", "period_end", "period_precision"], rule):
            yield Problem(table.path, table.row_number(i), "period_end", message, "JDS110")


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
    def rule(value: str, words: str) -> str | None:
        stated = stated_number(words)
        if value and stated is None:
            return f"value is {value} but {words!r} states no number"
        if not value and stated is not None:
            return f"value is blank but {words!r} states {stated}"
        if value and stated is not None and value != str(stated):
            return f"value is {value} but {words!r} states {stated}"
        return None

    for table in _tables_with(tables, "value", "value_as_stated"):
        for i, message in row_rule(table, ["value", "value_as_stated"], rule):
            yield Problem(table.path, table.row_number(i), "value", message, "JDS111")


def check_hedges(tables: Tables) -> Iterator[Problem]:
    def rule(value: str, qualifier: str, stated: str) -> str | None:
        if not qualifier or not value:  # a vague amount is JDS103's business
            return None
        words = f" {' '.join(re.findall(r'[a-z]+', stated.lower()))} "
        allowed, cue = {"exact"}, None
        for hedge, qualifiers in HEDGES:
            if f" {hedge} " in words:
                allowed, cue = qualifiers, hedge
                break
        if qualifier in allowed:
            return None
        said = f"says {cue!r}" if cue else "has no hedge"
        return f"qualifier is {qualifier!r} but {stated!r} {said}, which is {' or '.join(sorted(allowed))}"

    for table in _tables_with(tables, "value", "qualifier", "value_as_stated"):
        for i, message in row_rule(table, ["value", "qualifier", "value_as_stated"], rule):
            yield Problem(table.path, table.row_number(i), "qualifier", message, "JDS112")


def check_unused(tables: Tables, foreign_keys: Mapping[str, list[tuple[str, str, str]]]) -> Iterator[Problem]:
    """Reference tables (those without quotes) whose rows nothing refers to."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ._arrow import scalar, strings, to_numpy

    used: dict[tuple[str, str], list[pa.Array]] = {}
    for table_name, keys in foreign_keys.items():
        table = tables.get(table_name)
        for field, target, target_field in keys:
            arrays = used.setdefault((target, target_field), [])
            if table is not None and field in table.columns:
                arrays.append(table.text(field))
    for (target, target_field), arrays in sorted(used.items()):
        table = tables.get(target)
        if table is None or "quote" in table.fields or target_field not in table.columns:
            continue
        values = table.text(target_field)
        chunks = [c for a in arrays for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
        referred = pc.unique(pa.chunked_array(chunks, type=pa.string())) if chunks else strings([])
        unused = ~to_numpy(pc.is_in(values, value_set=referred), False) & to_numpy(pc.not_equal(values, scalar("")), False) & (table.counts != 0)
        for i in unused.nonzero()[0].tolist():
            yield Problem(table.path, table.row_number(i), target_field, f"{values[i].as_py()!r} is not referred to by any table", "JDS113")


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

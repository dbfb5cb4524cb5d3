"""The dataset rules (JDS101-JDS117): what the data model needs beyond its Table Schemas.

Each rule is one function of a table and the :class:`Dataset` it belongs to, registered with
the fields it needs; it runs on every table that has them. Keying on field names, not table
names, means a table a fork adds is checked the day it is added, as long as it uses the
shared fields (``period_*``, ``value``, ``qualifier``, ``*_as_stated``, ``source_id``,
``quote``). A rule's ``example`` is a bad input beside it, which a test applies to a copy of
the package to see the rule fire.

Most rules are written with :func:`row_rule`: a function of one row's text, run once per
distinct combination of values, that returns what is wrong as (field, message) findings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..read.arrow import scalar, strings, to_numpy
from ..read.codes import dense_codes, first_positions
from ..read.csv import Table
from ..read.descriptor import Descriptor
from ..read.fields import PERIOD_FORMS, period_bounds
from .problems import MAX_LISTED, Problem, listed, not_listed
from .registry import Edit, rule, run_on_tables

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

COUNTS, SIZES, ACTORS = "data/counts.csv", "data/group_sizes.csv", "data/actors.csv"
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
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen twenty"
NUMBER_WORDS = {word: i for i, word in enumerate(f"{_UNITS} {_TEENS}".split())} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MAX_STATED = Decimal(10) ** 30  # more than any count could be: words stating more state no count
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Hedge words and the qualifiers they allow (JDS112); words with none of these are `exact`.
HEDGES: list[tuple[str, set[str]]] = [
    ("up to", {"at_most"}),
    ("at most", {"at_most"}),
    ("as many as", {"at_most"}),
    ("no more than", {"at_most"}),
    ("more than", {"more_than"}),
    ("over", {"more_than"}),
    ("upwards of", {"more_than"}),
    ("in excess of", {"more_than"}),
    ("at least", {"at_least"}),
    ("a minimum of", {"at_least"}),
    ("less than", {"less_than"}),
    ("fewer than", {"less_than"}),
    ("under", {"less_than"}),
    ("nearly", {"approximately", "less_than"}),
    ("almost", {"approximately", "less_than"}),
    ("an estimated", {"approximately"}),
    ("estimated", {"approximately"}),
    ("some", {"approximately"}),
    ("about", {"approximately"}),
    ("around", {"approximately"}),
    ("approximately", {"approximately"}),
    ("roughly", {"approximately"}),
    ("circa", {"approximately"}),
]


# What a row rule finds: the field at fault (None for the row) and what is wrong there.
Finding = tuple["str | None", str]


@dataclass(frozen=True)
class Dataset:
    """The tables being checked together, and the descriptor that declares them."""

    tables: Mapping[str, Table]
    descriptor: Descriptor


def check_dataset(tables: Mapping[str, Table], descriptor: Descriptor) -> list[Problem]:
    """Every dataset rule over every table it applies to, in rule order."""
    return run_on_tables("dataset", tables.values(), Dataset(tables, descriptor))


def collapse(text: str) -> str:
    """White space folded to single spaces, for comparing quotes with their sources."""
    return " ".join(text.split())


def distinct_rows(
    table: Table, fields: list[str]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """A representative row for each distinct combination of ``fields``' text, and each row's combination.

    Both are arrays, computed once per table and fields, and kept: as small as they can be.
    """
    import numpy as np

    if table.n_rows == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)

    def group() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        codes = dense_codes([table.codes(f) for f in fields])
        return first_positions(codes), codes.astype(
            np.int32
        )  # read_table refuses more than 2**31 - 1 rows

    groups: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] = table.cached(
        ("rows", *fields), group
    )  # rules share groupings
    return groups


def row_rule(
    table: Table, fields: list[str], check: Callable[..., list[Finding]], rule_id: str
) -> Iterator[Problem]:
    """The problems ``check`` (called with the fields' text of a row) finds, row by row.

    ``check`` runs once per distinct combination of values, so it costs little when values repeat.
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
        samples.append([texts[c] for c in table.codes(f)[first].tolist()])
    findings = [check(*[v or "" for v in values]) for values in zip(*samples)]
    failing = np.array([bool(f) for f in findings], dtype=bool)
    rows = (failing[inverse] & live).nonzero()[0]
    for i in rows[:MAX_LISTED].tolist():
        for field, message in findings[int(inverse[i])]:
            yield Problem(table.path, table.row_number(i), field, message, rule_id)
    if len(rows) > MAX_LISTED:  # the rest are counted, not built (capped() keeps 1,000 anyway)
        per_row = np.array([len(f) for f in findings], dtype=np.int64)
        rest = int(per_row[inverse[rows[MAX_LISTED:]]].sum())
        yield not_listed(table.path, rule_id, rest)


def blank_rows(table: Table, field: str) -> npt.NDArray[np.bool_]:
    """Where a row's ``field`` is blank or only white space, decided once per distinct text."""
    import numpy as np

    blank_text = np.array([not v.strip() for v in table.distinct(field).to_pylist()], dtype=bool)
    blank: npt.NDArray[np.bool_] = blank_text[table.codes(field)] & (table.counts != 0)
    return blank


def needs_note(
    table: Table, where: npt.NDArray[np.bool_], message: str, rule_id: str
) -> Iterator[Problem]:
    """A problem on the note of each row ``where`` holds and whose note is blank.

    Kept out of the row rules that need it: notes are nearly all distinct, and a row rule runs
    once per distinct combination of its fields.
    """
    if "note" not in table.fields:
        return iter(())
    rows = (where & blank_rows(table, "note")).nonzero()[0]

    def make(i: int) -> Problem:
        return Problem(table.path, table.row_number(i), "note", message, rule_id)

    return listed(rows, make, table.path, rule_id)


PERIOD = ("period_start", "period_end", "period_precision")


@rule(
    "JDS101",
    "A period's start and end are real dates written at its precision (`day` YYYY-MM-DD, `month` "
    "YYYY-MM, `year` YYYY); the precision is blank exactly when both are.",
    kind="dataset",
    fields=PERIOD,
    example=Edit(COUNTS, "2019-02,2019-03,month", "2019-02,2019-03,day"),
    explains=("constraint-error",),  # the schema's pattern, read against the row's precision
)
def period_precision(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(start: str, end: str, precision: str) -> list[Finding]:
        ends = [(f, v) for f, v in (("period_start", start), ("period_end", end)) if v]
        if not precision:
            return [
                ("period_precision", f"{f} is given but period_precision is blank") for f, _ in ends
            ]
        if not ends:
            return [
                (
                    "period_precision",
                    f"period_precision is {precision!r} but the period has neither start nor end",
                )
            ]
        return [
            (
                f,
                f"{v!r} is not a real date at {precision} precision: write it {PERIOD_FORMS[precision]}",
            )
            for f, v in ends
            if precision in PERIOD_FORMS and period_bounds(v, precision) is None
        ]

    return row_rule(table, list(PERIOD), check, "JDS101")


@rule(
    "JDS102",
    "A period's start is not after its end.",
    kind="dataset",
    fields=PERIOD,
    example=Edit(COUNTS, "2019-02,2019-03,month", "2019-04,2019-03,month"),
)
def period_order(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(start: str, end: str, precision: str) -> list[Finding]:
        a, b = period_bounds(start, precision), period_bounds(end, precision)
        return (
            [("period_start", f"the period starts ({start}) after it ends ({end})")]
            if a and b and a[0] > b[0]
            else []
        )

    return row_rule(table, list(PERIOD), check, "JDS102")


@rule(
    "JDS103",
    "`value` and `qualifier` are both given or both blank (blank for a vague amount).",
    kind="dataset",
    fields=("value", "qualifier"),
    example=Edit(SIZES, ",,,thousands,", ",,approximately,thousands,"),
)
def value_with_qualifier(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(value: str, qualifier: str) -> list[Finding]:
        if value and not qualifier:
            return [
                (
                    "qualifier",
                    "value is given without a qualifier; say whether it is exact, approximate or a bound",
                )
            ]
        if qualifier and not value:
            return [
                (
                    "value",
                    f"qualifier is {qualifier!r} but value is blank; a vague amount has neither",
                )
            ]
        return []

    return row_rule(table, ["value", "qualifier"], check, "JDS103")


@rule(
    "JDS104",
    "Every `*_as_stated` cell appears verbatim in the row's quote.",
    kind="dataset",
    fields=("quote",),
    example=Edit(SIZES, '"up to 20,000",', "up to 20000,"),
)
def stated_in_quote(table: Table, data: Dataset) -> Iterator[Problem]:
    for f in [f for f in table.fields if f.endswith("_as_stated")]:

        def check(stated: str, quote: str, f: str = f) -> list[Finding]:
            return (
                [(f, f"{stated!r} does not appear in the row's quote")]
                if stated and collapse(stated) not in collapse(quote)
                else []
            )

        yield from row_rule(table, [f, "quote"], check, "JDS104")


@rule(
    "JDS105",
    "Every fact has a source and a quote that is not blank.",
    kind="dataset",
    fields=("quote",),
    example=Edit(
        COUNTS, 'idlib,,,,al-qaedas-resurgence-in-syria,"Almost twenty', 'idlib,,,,,"Almost twenty'
    ),
    explains=("constraint-error",),  # the schema's "required", said as what the fact lacks
)
def provenance(table: Table, data: Dataset) -> Iterator[Problem]:
    if "source_id" not in table.fields:
        yield Problem(
            table.path,
            1,
            None,
            "a table of facts with quotes must have a source_id column",
            "JDS105",
        )
        return
    for f in ("source_id", "quote"):
        for i in blank_rows(table, f).nonzero()[0].tolist():
            yield Problem(
                table.path,
                table.row_number(i),
                f,
                f"every fact needs a {f.replace('_', ' ')}",
                "JDS105",
            )


@rule(
    "JDS106",
    "No fact is recorded twice: two rows of a table differ in more than their id and note.",
    kind="dataset",
    fields=("quote",),
    example=Edit(SIZES, "size-0007,", "size-0099,", append=True),
)
def no_duplicates(table: Table, data: Dataset) -> Iterator[Problem]:
    import numpy as np

    primary = data.descriptor.primary_keys().get(table.name, ())
    ignore = set(primary[:1]) | {"note"}
    compared = [f for f in table.fields if f not in ignore]
    live = table.counts != 0
    if int(live.sum()) < 2:
        return
    first, inverse = distinct_rows(table, compared)
    earliest = first[inverse]
    repeated = (earliest != np.arange(table.n_rows)) & live & live[earliest]
    for i in repeated.nonzero()[0].tolist():
        j = int(earliest[i])
        yield Problem(
            table.path,
            table.row_number(i),
            None,
            f"the same fact as row {table.row_number(j)}, but for its id and note",
            "JDS106",
        )


@rule(
    "JDS107",
    "An actor of kind `state` has a country code, and no other kind has one.",
    kind="dataset",
    tables=("actors",),
    fields=("actor_id", "kind", "country_code"),
    example=Edit(ACTORS, "turkey,state,Turkey,Ankara,TUR,", "turkey,state,Turkey,Ankara,,"),
)
def state_codes(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(kind: str, code: str) -> list[Finding]:
        if kind == "state" and not code:
            return [("country_code", "a state needs its ISO 3166-1 alpha-3 code")]
        if kind != "state" and code:
            return [
                (
                    "country_code",
                    f"only states have a country code, and this actor's kind is {kind}",
                )
            ]
        return []

    return row_rule(table, ["kind", "country_code"], check, "JDS107")


@rule(
    "JDS108",
    "A count's unit is the one its measure takes.",
    kind="dataset",
    fields=("measure", "unit"),
    example=Edit(
        COUNTS, "460,more_than,more than 460,attacks,", "460,more_than,more than 460,people,"
    ),
)
def measure_units(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(measure: str, unit: str) -> list[Finding]:
        expected = MEASURE_UNITS.get(measure)
        return (
            [("unit", f"a count of {measure} is in {expected}, not {unit!r}")]
            if expected and unit != expected
            else []
        )

    return row_rule(table, ["measure", "unit"], check, "JDS108")


@rule(
    "JDS109",
    "No relationship runs from an actor to itself.",
    kind="dataset",
    fields=("subject_id", "object_id"),
    example=Edit(
        "data/relationships.csv",
        "rel-0001,al-qaeda,rival_of,islamic-state,",
        "rel-0001,al-qaeda,rival_of,al-qaeda,",
    ),
)
def no_self_relations(table: Table, data: Dataset) -> Iterator[Problem]:
    import pyarrow.compute as pc

    subject = table.text("subject_id")
    same = to_numpy(
        pc.and_(pc.equal(subject, table.text("object_id")), pc.not_equal(subject, scalar(""))),
        False,
    )
    for i in (same & (table.counts != 0)).nonzero()[0].tolist():
        yield Problem(
            table.path,
            table.row_number(i),
            "object_id",
            f"the relationship runs from {subject[i].as_py()!r} to itself",
            "JDS109",
        )


@rule(
    "JDS114",
    "An actor's aliases do not repeat its name.",
    kind="dataset",
    fields=("name", "aliases"),
    example=Edit(
        ACTORS, "Hayat Tahrir al-Sham,HTS,", "Hayat Tahrir al-Sham,HTS|Hayat Tahrir al-Sham,"
    ),
)
def aliases_are_not_the_name(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(name: str, aliases: str) -> list[Finding]:
        if name and name in aliases.split("|"):
            return [("aliases", f"{name!r} is the actor's name, not an alias")]
        return []

    return row_rule(table, ["name", "aliases"], check, "JDS114")


def _published(tables: Mapping[str, Table]) -> dict[str, date]:
    """Each source's publication date: the original's where there is one."""
    published: dict[str, date] = {}
    sources = tables.get("sources")
    for row in sources.rows() if sources is not None else []:
        for f in ("original_published", "published"):
            try:
                published[row["source_id"]] = date.fromisoformat(row.get(f, ""))
                break
            except (ValueError, KeyError):
                continue
    return published


@rule(
    "JDS110",
    "No period ends after its source was published.",
    kind="dataset",
    fields=("source_id", "period_end", "period_precision"),
    example=Edit(COUNTS, "2019-02,2019-03,month", "2019-02,2019-07,month"),
)
def not_after_publication(table: Table, data: Dataset) -> Iterator[Problem]:
    published = _published(data.tables)

    def check(source_id: str, end: str, precision: str) -> list[Finding]:
        bounds = period_bounds(end, precision)
        when = published.get(source_id)
        if bounds and when and bounds[0] > when:
            return [
                (
                    "period_end",
                    f"the period ends ({end}) after its source was published ({when.isoformat()})",
                )
            ]
        return []

    return row_rule(table, ["source_id", "period_end", "period_precision"], check, "JDS110")


# How each period basis bounds a period, against the source's publication date P (JDS115):
# (start, end) where "given" is any date, "blank" none, and "P" a date at its precision that
# contains P; then whether period_as_stated or the note must say something.
BASIS_BOUNDS: dict[str, tuple[str, str, str]] = {
    "stated": ("given", "given", "period_as_stated"),
    "relative": ("given", "given", "period_as_stated"),
    "recent": ("blank", "P", "period_as_stated"),
    "present": ("P", "P", ""),
    "past": ("blank", "P", ""),
    "established": ("given", "given", "note"),
    "unknown": ("blank", "blank", ""),
}
BASIS_FIELDS = ("period_basis", *PERIOD, "source_id")


def _article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


@rule(
    "JDS115",
    "A period's bounds agree with its `period_basis`: `present` starts and ends on the source's "
    "publication date, `past` and `recent` have no start and end on it, `stated`, `relative` and "
    "`established` give both bounds, `unknown` neither; `stated`, `relative` and `recent` keep the "
    "words in `period_as_stated`, and `established` says in the note how it was dated.",
    kind="dataset",
    fields=BASIS_FIELDS,
    example=Edit(
        COUNTS,
        "2019-02,2019-03,month,in February and March,stated",
        "2019-02,2019-03,month,in February and March,present",
    ),
)
def period_basis(table: Table, data: Dataset) -> Iterator[Problem]:
    import pyarrow.compute as pc

    published = _published(data.tables)
    extra = [f for f in ("period_as_stated",) if f in table.fields]

    def check(
        basis: str, start: str, end: str, precision: str, source_id: str, *said: str
    ) -> list[Finding]:
        expected = BASIS_BOUNDS.get(basis)
        if expected is None:
            return []  # not in the vocabulary: the schema's enum says so
        when = published.get(source_id)
        words = {f: v.strip() for f, v in zip(extra, said)}
        findings: list[Finding] = []
        for f, value, want in (
            ("period_start", start, expected[0]),
            ("period_end", end, expected[1]),
        ):
            if want == "blank" and value:
                findings.append(
                    (
                        f,
                        f"{_article(basis)} {basis} period has no {f.split('_')[1]}, but it is {value}",
                    )
                )
            elif want != "blank" and not value:
                findings.append(
                    (f, f"{_article(basis)} {basis} period needs its {f.split('_')[1]}")
                )
            elif want == "P" and when is not None:
                bounds = period_bounds(value, precision)
                if bounds and not bounds[0] <= when <= bounds[1]:
                    findings.append(
                        (
                            f,
                            f"{_article(basis)} {basis} period's {f.split('_')[1]} is the source's publication date, "
                            f"{when.isoformat()}, not {value}",
                        )
                    )
        if expected[2] == "period_as_stated" and words.get("period_as_stated") == "":
            findings.append(
                (
                    "period_as_stated",
                    f"{_article(basis)} {basis} period needs period_as_stated (the source's words for it)",
                )
            )
        return findings

    yield from row_rule(table, [*BASIS_FIELDS, *extra], check, "JDS115")
    basis_text = table.text("period_basis")
    for basis, (_, _, needs) in BASIS_BOUNDS.items():
        if needs == "note":
            yield from needs_note(
                table,
                to_numpy(pc.equal(basis_text, scalar(basis)), False),
                f"{_article(basis)} {basis} period needs a note that says how the editors dated it",
                "JDS115",
            )


def _names(text: str) -> str:
    """Text as names are matched in it: typographic apostrophes made straight."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


@functools.lru_cache(maxsize=1 << 12)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` as whole words, or followed by -n (Syria: "Syrian"), case as written."""
    alternatives = "|".join(re.escape(_names(n)) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})n?(?!\w)")


def named_in(quote: str, names: tuple[str, ...]) -> bool:
    """Whether ``quote`` names an actor or place by one of ``names`` (a name or an alias).

    >>> (
    ...     named_in("Russia\u2019s military involvement", ("Russia",)),
    ...     named_in("Syrian leader", ("Syria",)),
    ... )
    (True, True)
    >>> named_in("the group\u2019s leader", ("Hayat Tahrir al-Sham", "HTS"))
    False
    """
    names = tuple(n for n in names if n)
    return bool(names) and _name_pattern(names).search(_names(quote)) is not None


def _name_lists(table: Table, key: str) -> dict[str, tuple[str, ...]]:
    """Each row's names, by its ``key``, in a table of named things: its ``name`` (brackets taken off) and aliases."""
    out: dict[str, tuple[str, ...]] = {}
    for row in table.rows():
        if row:
            aliases = row.get("aliases", "")
            out[row.get(key, "")] = (
                row.get("name", "").strip("[]"),
                *(a for a in aliases.split("|") if a),
            )
    return out


@rule(
    "JDS116",
    "Every actor and place a row names is named in its quote, by name or alias, or listed in "
    "`inferred` with a note that says where it comes from; a field listed there is one the quote "
    "does not name.",
    kind="dataset",
    fields=("inferred",),
    example=(
        Edit("data/relationships.csv", "subject_id|object_id,", ","),
        Edit(
            "data/relationships.csv",
            ",al-qaeda,rival_of,islamic-state,",
            ",al-qaeda,rival_of,turkey,",
        ),
    ),
    where="tables with `inferred`; a child table without quotes (`event_actors`) is read against its parent's quote",
)
def inferred_fields(table: Table, data: Dataset) -> Iterator[Problem]:
    import numpy as np

    res = data.descriptor.resource(table.name)
    named: dict[str, dict[str, tuple[str, ...]]] = {}  # field -> id -> names
    quotes: dict[str, str] | None = None  # parent key -> quote, for a child table
    parent_field = ""
    unread: set[str] = set()  # fields naming a table that could not be read: not checked here
    for fk in res.foreign_keys:
        target = data.tables.get(fk.resource)
        if len(fk.fields) != 1:
            continue
        if target is None:
            unread.add(fk.fields[0])
            continue
        if "name" in target.fields:

            def name_lists(
                target: Table = target, key: str = fk.reference[0]
            ) -> dict[str, tuple[str, ...]]:
                return _name_lists(target, key)

            named[fk.fields[0]] = table.cached(("names", fk.resource, fk.reference[0]), name_lists)
        elif "quote" not in table.fields and "quote" in target.fields:
            parent_field, key = fk.fields[0], fk.reference[0]
            quotes = {r.get(key, ""): r.get("quote", "") for r in target.rows() if r}
    if "quote" not in table.fields and quotes is None:
        return
    checked = sorted(named)
    fields = ["inferred", "quote" if quotes is None else parent_field, *checked]

    def check(inferred: str, quote: str, *values: str) -> list[Finding]:
        if quotes is not None:
            quote = quotes.get(quote, "")
        if not quote.strip():  # no quote to read: JDS105 says so, once
            return []
        listed_fields = [f for f in inferred.split("|") if f]
        findings: list[Finding] = []
        for f in listed_fields:
            if f not in named and f not in unread:
                findings.append(
                    ("inferred", f"{f!r} is not a field of this table that names an actor or place")
                )
        for f, value in zip(checked, values):
            names = named[f].get(value)
            if names is None:  # blank, or an unknown id, which its foreign key reports
                if not value and f in listed_fields:
                    findings.append(("inferred", f"{f} is listed as inferred, but it is blank"))
                continue
            if not any(names):  # a row with no name: its required constraint reports it
                continue
            shown = names[0] or value
            if named_in(quote, names) and f in listed_fields:
                findings.append(
                    ("inferred", f"{f} is listed as inferred, but the quote names {shown!r}")
                )
            elif not named_in(quote, names) and f not in listed_fields:
                findings.append(
                    (
                        f,
                        f"the quote does not name {shown!r} ({value}) by name or alias: grow the quote to "
                        f"the sentence that does, or list {f} in inferred and say in the note where it comes from",
                    )
                )
        return findings

    yield from row_rule(table, fields, check, "JDS116")
    yield from needs_note(
        table,
        np.logical_not(blank_rows(table, "inferred")) & (table.counts != 0),
        "the row lists inferred fields, so the note must say where they come from",
        "JDS116",
    )


# Where each registry's pages are, and the form of its identifiers (JDS117).
REGISTRIES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "wikidata": (("www.wikidata.org", "m.wikidata.org"), re.compile(r"^Q[1-9][0-9]*$")),
    "un_sanctions": (("un.org",), re.compile(r"^\S(.*\S)?$")),
    "us_fto": (("state.gov",), re.compile(r"^\S(.*\S)?$")),
}


@rule(
    "JDS117",
    "An actor's registry identifier has the registry's form (a Wikidata Q-number), and was "
    "verified on the registry's own site (wikidata.org, un.org, state.gov): a Wikidata page is the "
    "item's own.",
    kind="dataset",
    fields=("registry", "identifier", "verified_url"),
    example=Edit(
        "data/actor_identifiers.csv",
        "verified_on,note\n",
        "verified_on,note\nturkey,wikidata,Q43,https://example.org/wiki/Q43,2026-12-01,\n",
    ),
)
def registry_identifiers(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(registry: str, identifier: str, url: str) -> list[Finding]:
        known = REGISTRIES.get(registry)
        if known is None or not identifier:
            return []
        hosts, form = known
        findings: list[Finding] = []
        if not form.match(identifier):
            findings.append(("identifier", f"{identifier!r} is not a {registry} identifier"))
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in hosts):
            findings.append(
                (
                    "verified_url",
                    f"a {registry} identifier is verified on {' or '.join(hosts)}, not {host or url!r}",
                )
            )
        elif registry == "wikidata" and parts.path.rstrip("/").rsplit("/", 1)[-1] != identifier:
            findings.append(("verified_url", f"{url} is not the page of {identifier}"))
        return findings

    return row_rule(table, ["registry", "identifier", "verified_url"], check, "JDS117")


def stated_number(words: str) -> int | None:
    """The number a phrase states, or ``None`` when it states none.

    >>> [
    ...     stated_number(w)
    ...     for w in [
    ...         "more than two dozen",
    ...         "some 2.7 million",
    ...         "up to 20,000",
    ...         "thousands",
    ...         "Some",
    ...     ]
    ... ]
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
            if (
                number > MAX_STATED
            ):  # "a billion billion billion ...": no count, and no int to print
                return None
        return int(number) if number == number.to_integral_value() else None
    return None


@rule(
    "JDS111",
    '`value` is the number `value_as_stated` states ("two dozen" is 24, "2.7 million" 2700000), '
    "and is blank only when the words state no number.",
    kind="dataset",
    fields=("value", "value_as_stated"),
    example=Edit(COUNTS, ",24,more_than,", ",25,more_than,"),
)
def stated_values(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(value: str, words: str) -> list[Finding]:
        stated = stated_number(words)
        if value and stated is None:
            return [("value", f"value is {value} but {words!r} states no number")]
        if not value and stated is not None:
            return [("value", f"value is blank but {words!r} states {stated}")]
        if value and stated is not None and value != str(stated):
            return [("value", f"value is {value} but {words!r} states {stated}")]
        return []

    return row_rule(table, ["value", "value_as_stated"], check, "JDS111")


@rule(
    "JDS112",
    '`qualifier` agrees with the hedge in `value_as_stated`: "up to" is `at_most`, "more than" '
    '`more_than`, "at least" `at_least`, "an estimated" or "some" `approximately`, and no hedge `exact`.',
    kind="dataset",
    fields=("value", "qualifier", "value_as_stated"),
    example=Edit(COUNTS, ",460,more_than,", ",460,exact,"),
)
def hedges(table: Table, data: Dataset) -> Iterator[Problem]:
    def check(value: str, qualifier: str, stated: str) -> list[Finding]:
        if not qualifier or not value:  # a vague amount is JDS103's business
            return []
        words = f" {' '.join(re.findall(r'[a-z]+', stated.lower()))} "
        allowed, cue = {"exact"}, None
        for hedge, qualifiers in HEDGES:
            if f" {hedge} " in words:
                allowed, cue = qualifiers, hedge
                break
        if qualifier in allowed:
            return []
        said = f"says {cue!r}" if cue else "has no hedge"
        return [
            (
                "qualifier",
                f"qualifier is {qualifier!r} but {stated!r} {said}, which is {' or '.join(sorted(allowed))}",
            )
        ]

    return row_rule(table, ["value", "qualifier", "value_as_stated"], check, "JDS112")


@rule(
    "JDS113",
    "Every source, actor and place is referred to by some other table.",
    kind="dataset",
    example=Edit(ACTORS, "turkey,", "turkiye,", append=True),
    where="reference tables (those without `quote`) that a foreign key refers to",
)
def no_unused_rows(table: Table, data: Dataset) -> Iterator[Problem]:
    """A reference table (one without quotes) has no row that nothing refers to."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "quote" in table.fields:
        return
    used: dict[str, list[pa.Array]] = {}
    for res, fk in data.descriptor.references_to(table.name):
        referring = data.tables.get(res.name)
        for field, target_field in fk.pairs():
            arrays = used.setdefault(target_field, [])
            if referring is not None and field in referring.columns:
                arrays.append(referring.text(field))
    for target_field, arrays in sorted(used.items()):
        if target_field not in table.columns:
            continue
        values = table.text(target_field)
        chunks = [c for a in arrays for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
        referred = pc.unique(pa.chunked_array(chunks, type=pa.string())) if chunks else strings([])
        unused = (
            ~to_numpy(pc.is_in(values, value_set=referred), False)
            & to_numpy(pc.not_equal(values, scalar("")), False)
            & (table.counts != 0)
        )
        for i in unused.nonzero()[0].tolist():
            yield Problem(
                table.path,
                table.row_number(i),
                target_field,
                f"{values[i].as_py()!r} is not referred to by any table",
                "JDS113",
            )


__all__ = [
    "Dataset",
    "check_dataset",
    "collapse",
    "named_in",
    "period_bounds",
    "row_rule",
    "stated_number",
]

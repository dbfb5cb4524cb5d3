"""The dataset rules (JDS101-JDS117): what the data model needs beyond its Table Schemas.

A rule applies by the fields a table has, not by its name, so a table a fork adds with the
shared fields (``period_*``, ``value``, ``qualifier``, ``*_as_stated``, ``source_id``,
``quote``) is checked the day it is added.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..errors import quoted
from ..read.csv import Table
from ..read.descriptor import Descriptor
from ..read.fields import PERIOD_FORMS, period_bounds, period_fault
from .problems import Problem
from .registry import Edit, Findings, rule, run_on_tables
from .vocabulary import (
    BASIS_BOUNDS,
    MEASURE_UNITS,
    REGISTRIES,
    article,
    collapse,
    hedge,
    stated_number,
)

COUNTS, SIZES, ACTORS = "data/counts.csv", "data/group_sizes.csv", "data/actors.csv"
PERIOD = ("period_start", "period_end", "period_precision")


@dataclass(frozen=True)
class Dataset:
    """The tables being checked together, and the descriptor that declares them."""

    tables: Mapping[str, Table]
    descriptor: Descriptor

    @functools.cached_property
    def published(self) -> dict[str, date]:
        """Each source's publication date: the original's where there is one."""
        out: dict[str, date] = {}
        sources = self.tables.get("sources")
        for row in sources.rows() if sources is not None else []:
            for f in ("original_published", "published"):
                try:
                    out[row["source_id"]] = date.fromisoformat(row.get(f, ""))
                    break
                except (ValueError, KeyError):
                    continue
        return out


def check_dataset(tables: Mapping[str, Table], descriptor: Descriptor) -> list[Problem]:
    """Every dataset rule over every table it applies to, in rule order."""
    return run_on_tables("dataset", tables.values(), Dataset(tables, descriptor))


@rule(
    "JDS101",
    "A period's start and end are real dates written at its precision (`day` YYYY-MM-DD, `month` "
    "YYYY-MM, `year` YYYY); the precision is blank exactly when both are.",
    kind="dataset",
    fields=PERIOD,
    example=Edit(COUNTS, "2020-01,2020-02,month", "2020-01,2020-02,day"),
    explains=("constraint-error",),  # the schema's pattern, read against the row's precision
)
def period_precision(table: Table, data: Dataset) -> Findings:
    for row, (start, end, precision) in table.select(*PERIOD):
        ends = [(f, v) for f, v in (("period_start", start), ("period_end", end)) if v]
        if not precision:
            for f, _ in ends:
                yield row, "period_precision", f"{f} is given but period_precision is blank"
        elif not ends:
            message = (
                f"period_precision is {quoted(precision)} but the period has neither start nor end"
            )
            yield row, "period_precision", message
        elif precision in PERIOD_FORMS:
            for f, v in ends:
                if period_bounds(v, precision) is None:
                    yield (
                        row,
                        f,
                        f"{quoted(v)} is not a real date at {precision} precision: "
                        + period_fault(v, precision),
                    )


@rule(
    "JDS102",
    "A period's start is not after its end.",
    kind="dataset",
    fields=PERIOD,
    example=Edit(COUNTS, "2020-01,2020-02,month", "2020-03,2020-02,month"),
)
def period_order(table: Table, data: Dataset) -> Findings:
    for row, (start, end, precision) in table.select(*PERIOD):
        a, b = period_bounds(start, precision), period_bounds(end, precision)
        if a and b and a[0] > b[0]:
            yield row, "period_start", f"the period starts ({start}) after it ends ({end})"


@rule(
    "JDS103",
    "`value` and `qualifier` are both given or both blank (blank for a vague amount).",
    kind="dataset",
    fields=("value", "qualifier"),
    example=Edit(SIZES, "fighters,,,,Thousands", "fighters,,,approximately,Thousands"),
)
def value_with_qualifier(table: Table, data: Dataset) -> Findings:
    for row, (value, qualifier) in table.select("value", "qualifier"):
        if value and not qualifier:
            message = "value is given without a qualifier; say whether it is exact, approximate or a bound"
            yield row, "qualifier", message
        elif qualifier and not value:
            message = (
                f"qualifier is {quoted(qualifier)} but value is blank; a vague amount has neither"
            )
            yield row, "value", message


@rule(
    "JDS104",
    "Every `*_as_stated` cell but `period_as_stated` appears verbatim in the row's quote (the "
    "period may sit elsewhere in the quote's sentence: JDS208).",
    kind="dataset",
    fields=("quote",),
    example=Edit(SIZES, '"up to 5,000",', "up to 5000,"),
)
def stated_in_quote(table: Table, data: Dataset) -> Findings:
    for f in [f for f in table.fields if f.endswith("_as_stated") and f != "period_as_stated"]:
        for row, (stated, quote) in table.select(f, "quote"):
            if stated and collapse(stated) not in collapse(quote):
                yield row, f, f"{quoted(stated)} does not appear in the row's quote"


@rule(
    "JDS105",
    "Every fact has a source and a quote that is not blank.",
    kind="dataset",
    fields=("quote",),
    example=Edit(COUNTS, "westland,,,,example-analysis,Some 1.5", "westland,,,,,Some 1.5"),
    explains=("constraint-error",),  # the schema's "required", said as what the fact lacks
)
def provenance(table: Table, data: Dataset) -> Findings:
    if "source_id" not in table.fields:
        yield 1, None, "a table of facts with quotes must have a source_id column"
        return
    for row, cells in table.select("source_id", "quote"):
        for f, cell in zip(("source_id", "quote"), cells):
            if not cell.strip():
                yield row, f, f"every fact needs a {f.replace('_', ' ')}"


@rule(
    "JDS106",
    "No fact is recorded twice: two rows of a table differ in more than their id and note.",
    kind="dataset",
    fields=("quote",),
    example=Edit(SIZES, "size-0001,", "size-0099,", append=True),
)
def no_duplicates(table: Table, data: Dataset) -> Findings:
    primary = data.descriptor.resource(table.name).primary_key
    ignore = set(primary[:1]) | {"note"}
    compared = [f for f in table.fields if f not in ignore]
    # A first pass keeps one bit per hash (2 MiB, however long the table); only the rows whose
    # hash may repeat (their bit was set twice) are compared cell by cell, in a second pass.
    seen, shared = bytearray(1 << 21), set()
    for _, cells in table.select(*compared):
        h = hash(cells)
        byte, bit = (h >> 3) & 0x1FFFFF, 1 << (h & 7)
        if seen[byte] & bit:
            shared.add(h)
        seen[byte] |= bit
    first: dict[tuple[str, ...], int] = {}
    for row, cells in table.select(*compared) if shared else ():
        earlier = first.setdefault(cells, row) if hash(cells) in shared else row
        if earlier != row:
            yield row, None, f"the same fact as row {earlier}, but for its id and note"


@rule(
    "JDS107",
    "An actor of kind `state` has a country code, and no other kind has one.",
    kind="dataset",
    tables=("actors",),
    fields=("actor_id", "kind", "country_code"),
    example=Edit(ACTORS, "ardania,state,Ardania,,XAR,", "ardania,state,Ardania,,,"),
)
def state_codes(table: Table, data: Dataset) -> Findings:
    for row, (kind, code) in table.select("kind", "country_code"):
        if kind == "state" and not code:
            yield row, "country_code", "a state needs its ISO 3166-1 alpha-3 code"
        elif kind != "state" and code:
            message = f"only states have a country code, and this actor's kind is {kind}"
            yield row, "country_code", message


@rule(
    "JDS108",
    "A count's unit is the one its measure takes.",
    kind="dataset",
    fields=("measure", "unit"),
    example=Edit(
        COUNTS, "120,more_than,more than 120,attacks,", "120,more_than,more than 120,people,"
    ),
)
def measure_units(table: Table, data: Dataset) -> Findings:
    for row, (measure, unit) in table.select("measure", "unit"):
        expected = MEASURE_UNITS.get(measure)
        if expected and unit != expected:
            yield row, "unit", f"a count of {measure} is in {expected}, not {quoted(unit)}"


@rule(
    "JDS109",
    "No relationship runs from an actor to itself.",
    kind="dataset",
    fields=("subject_id", "object_id"),
    example=Edit(
        "data/relationships.csv",
        "rel-0001,northern-front,affiliated_with,eastern-movement,",
        "rel-0001,northern-front,affiliated_with,northern-front,",
    ),
)
def no_self_relations(table: Table, data: Dataset) -> Findings:
    for row, (subject, object_) in table.select("subject_id", "object_id"):
        if subject and subject == object_:
            yield row, "object_id", f"the relationship runs from {quoted(subject)} to itself"


@rule(
    "JDS110",
    "No period ends after its source was published.",
    kind="dataset",
    fields=("source_id", "period_end", "period_precision"),
    example=Edit(COUNTS, "2020-01,2020-02,month", "2020-01,2020-04,month"),
)
def not_after_publication(table: Table, data: Dataset) -> Findings:
    published = data.published
    for row, (source_id, end, precision) in table.select(
        "source_id", "period_end", "period_precision"
    ):
        bounds, when = period_bounds(end, precision), published.get(source_id)
        if bounds and when and bounds[0] > when:
            message = f"the period ends ({end}) after its source was published ({when.isoformat()})"
            yield row, "period_end", message


@rule(
    "JDS111",
    '`value` is the number `value_as_stated` states ("two dozen" is 24, "2.7 million" 2700000), '
    "and is blank only when the words state no number.",
    kind="dataset",
    fields=("value", "value_as_stated"),
    example=Edit(COUNTS, ",120,more_than,", ",121,more_than,"),
)
def stated_values(table: Table, data: Dataset) -> Findings:
    for row, (value, words) in table.select("value", "value_as_stated"):
        stated = stated_number(words)
        if value != ("" if stated is None else str(stated)):
            says = "states no number" if stated is None else f"states {stated}"
            yield row, "value", f"value is {value or 'blank'} but {quoted(words)} {says}"


@rule(
    "JDS112",
    '`qualifier` agrees with the hedge in `value_as_stated`: "up to" is `at_most`, "more than" '
    '`more_than`, "at least" `at_least`, "an estimated" or "some" `approximately`, and no hedge `exact`.',
    kind="dataset",
    fields=("value", "qualifier", "value_as_stated"),
    example=Edit(COUNTS, ",120,more_than,", ",120,exact,"),
)
def hedges(table: Table, data: Dataset) -> Findings:
    for row, (value, qualifier, stated) in table.select("value", "qualifier", "value_as_stated"):
        if not qualifier or not value:  # a vague amount is JDS103's business
            continue
        cue, allowed = hedge(stated)
        if qualifier not in allowed:
            said = f"says {quoted(cue)}" if cue else "has no hedge"
            which = " or ".join(sorted(allowed))
            yield (
                row,
                "qualifier",
                f"qualifier is {quoted(qualifier)} but {quoted(stated)} {said}, which is {which}",
            )


@rule(
    "JDS113",
    "Every source, actor and place is referred to by some other table.",
    kind="dataset",
    example=Edit(ACTORS, "ardania,", "ardanya,", append=True),
    where="reference tables (those without `quote`) that a foreign key refers to",
)
def no_unused_rows(table: Table, data: Dataset) -> Findings:
    if "quote" in table.fields:
        return
    used: dict[str, set[str]] = {}
    resources = data.descriptor.resources
    for res, fk in [
        (r, fk) for r in resources for fk in r.foreign_keys if fk.resource == table.name
    ]:
        referring = data.tables.get(res.name)
        for field, target in zip(fk.fields, fk.reference):
            values = used.setdefault(target, set())
            if referring is not None and field in referring.fields:
                values.update(referring.column(field))
    for target, values in sorted(used.items()):
        if target in table.fields:
            for row, (value,) in table.select(target):
                if value and value not in values:
                    yield row, target, f"{quoted(value)} is not referred to by any table"


@rule(
    "JDS114",
    "An actor's aliases do not repeat its name.",
    kind="dataset",
    fields=("name", "aliases"),
    example=Edit(ACTORS, "Northern Front,NF,", "Northern Front,NF|Northern Front,"),
)
def aliases_are_not_the_name(table: Table, data: Dataset) -> Findings:
    for row, (name, aliases) in table.select("name", "aliases"):
        if name and name in aliases.split("|"):
            yield row, "aliases", f"{quoted(name)} is the actor's name, not an alias"


BASIS_FIELDS = ("period_basis", *PERIOD, "source_id")


def _basis(basis: str, f: str, value: str, want: str, when: date | None, precision: str) -> str:
    """What is wrong with one bound of a period of ``basis`` ("" for nothing)."""
    a, bound = article(basis), f.split("_")[1]
    if want == "blank" and value:
        return f"{a} {basis} period has no {bound}, but it is {value}"
    if want != "blank" and not value:
        return f"{a} {basis} period needs its {bound}"
    bounds = period_bounds(value, precision) if want == "P" and when is not None else None
    if when is not None and bounds and not bounds[0] <= when <= bounds[1]:
        return f"{a} {basis} period's {bound} is the source's publication date, {when.isoformat()}, not {value}"
    return ""


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
        "2020-01,2020-02,month,In January and February,stated",
        "2020-01,2020-02,month,In January and February,present",
    ),
)
def period_basis(table: Table, data: Dataset) -> Findings:
    published = data.published
    said = [f for f in ("period_as_stated", "note") if f in table.fields]
    for row, (basis, start, end, precision, source_id, *words) in table.select(
        *BASIS_FIELDS, *said
    ):
        expected = BASIS_BOUNDS.get(basis)
        if expected is None:
            continue  # not in the vocabulary: the schema's enum says so
        when = published.get(source_id)
        for f, value, want in (
            ("period_start", start, expected[0]),
            ("period_end", end, expected[1]),
        ):
            if message := _basis(basis, f, value, want, when, precision):
                yield row, f, message
        needs = expected[2]
        if needs in said and not words[said.index(needs)].strip():
            if needs == "note":
                message = f"{article(basis)} {basis} period needs a note that says how the editors dated it"
            else:
                message = f"{article(basis)} {basis} period needs period_as_stated (the source's words for it)"
            yield row, needs, message


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
        "verified_on,note\nardania,wikidata,Q43,https://example.org/wiki/Q43,2026-12-01,\n",
    ),
)
def registry_identifiers(table: Table, data: Dataset) -> Findings:
    for row, (registry, identifier, url) in table.select("registry", "identifier", "verified_url"):
        known = REGISTRIES.get(registry)
        if known is None or not identifier:
            continue
        hosts, form = known
        if not form.match(identifier):
            yield row, "identifier", f"{quoted(identifier)} is not a {registry} identifier"
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in hosts):
            message = f"a {registry} identifier is verified on {' or '.join(hosts)}, not {quoted(host or url)}"
            yield row, "verified_url", message
        elif registry == "wikidata" and parts.path.rstrip("/").rsplit("/", 1)[-1] != identifier:
            yield row, "verified_url", f"{url} is not the page of {identifier}"

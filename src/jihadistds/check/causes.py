"""Root causes, reported once, in words that say what to write instead.

After every check has run, :func:`explain` adds to a problem the form its cell expects, or
the id a reference meant (looked up among the ids, names and aliases of the table it refers
to: ``ktj`` finds the actor whose alias is ``KTJ``), and :func:`fold` folds each problem into
the one that caused it, by each problem's fields (its rule, place and
:attr:`~jihadistds.check.problems.Problem.cause`), never by its words. A folded problem is
not lost: its line says what fixing the kept one also clears, and the JSON report lists each
under ``also``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..errors import quoted
from ..read.csv import Table
from ..read.descriptor import Descriptor, Field, Resource
from ..read.fields import false_values, true_values
from ..read.patterns import PatternError, matches, translate
from .problems import Problem
from .registry import RULES
from .report import STALE
from .table_schema import NOT_CHECKED, UNREADABLE

ROW_CAUSES = frozenset({"extra-cell", "missing-cell"})
HEADER_CAUSES = frozenset(
    {"JDS003", "extra-label", "missing-label", "blank-label", "duplicate-label", "incorrect-label"}
)
UNREADABLE_CAUSES = (
    "JDS001",
    "JDS900",
)  # what is wrong with a file's bytes, else that it cannot be read
QUOTE_READERS = frozenset({"JDS104", "JDS207"})
# Fuzzy look-ups compare a value with every id; past this many ids only exact (case-blind)
# matches of ids, names and aliases are offered, so that a grown package stays fast.
FUZZY_LIMIT = 2_000
SUGGESTIONS = 3
EXPLAINED = ("type-error", "constraint-error", "foreign-key")
TYPE_FORMS = {
    "integer": "a whole number in digits, with no separators or spaces, such as 20000",
    "number": "a number in digits, with a point for decimals, such as 2.5",
    "date": "a date written YYYY-MM-DD, such as 2019-05-21",
    "year": "a year written YYYY, such as 2019",
    "yearmonth": "a month written YYYY-MM, such as 2019-05",
    "datetime": "a date and time written YYYY-MM-DDThh:mm:ssZ",
    "time": "a time written hh:mm:ss",
}


def _tier(rule: str) -> int:
    """How near the cause a check is: file rules, cell types and constraints, keys, the rest."""
    if rule in RULES and RULES[rule].kind == "file":
        return 0
    if rule in ("type-error", "constraint-error"):
        return 1
    if rule == "foreign-key":
        return 2
    return 4 if rule in RULES else 3


def _kept(group: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """The problems of one cell to keep, and those downstream of them."""
    present = {p.rule for p in group}
    explainers = [p for p in group if p.rule in RULES and present & set(RULES[p.rule].explains)]
    if explainers:
        keep = explainers
    else:
        best = min(_tier(p.rule) for p in group)
        keep = [p for p in group if _tier(p.rule) == best]
    return keep, [p for p in group if all(p is not k for k in keep)]


Roots = dict[int, Problem]  # id of a problem -> the problem that caused it


def _by(
    cause: Callable[[Problem], bool],
    caused: Callable[[Problem, Problem], bool],
    per_file: bool = False,
) -> Callable[[list[Problem]], Roots]:
    """A step: in each row (or file), the first problem at a row that is a ``cause`` takes in
    those it ``caused``."""

    def step(problems: list[Problem]) -> Roots:
        def scope(p: Problem) -> object:
            return p.file if per_file else (p.file, p.row)

        roots: dict[object, Problem] = {}
        for p in problems:
            if p.row is not None and cause(p):
                roots.setdefault(scope(p), p)
        return {
            id(p): root
            for p in problems
            if (root := roots.get(scope(p))) is not None and p is not root and caused(p, root)
        }

    return step


def _cells(problems: list[Problem]) -> Roots:
    """Within a data cell, the checks downstream of the one nearest the cause (:func:`_kept`)."""
    cells: dict[tuple[str, int, str], list[Problem]] = defaultdict(list)
    for p in problems:
        if p.row is not None and p.row > 1 and p.field is not None:
            cells[(p.file, p.row, p.field)].append(p)
    roots: Roots = {}
    for group in cells.values():
        keep, downstream = _kept(group)
        roots |= {id(p): keep[0] for p in downstream}
    return roots


def _unreadable(problems: list[Problem], descriptor: Descriptor) -> Roots:
    """A file that cannot be read is one problem: frictionless' own word for it, and each
    other table's "foreign keys not checked" because it refers to that file, fold into the
    file rule (JDS001, else JDS900) that says what is wrong with its bytes."""
    roots: dict[str, Problem] = {}
    for rule in UNREADABLE_CAUSES:
        for p in problems:
            if p.rule == rule:
                roots.setdefault(p.file, p)
    paths = {r.name: r.path for r in descriptor.resources}
    refers = {
        r.path: [paths.get(fk.resource, "") for fk in r.foreign_keys] for r in descriptor.resources
    }
    out: Roots = {}
    for p in problems:
        if p.row is None and p.rule in UNREADABLE:
            root = roots.get(p.file)
            if root is None and p.cause == NOT_CHECKED:
                root = next((roots[t] for t in refers.get(p.file, []) if t in roots), None)
            if root is not None:
                out[id(p)] = root
    return out


def _absorb(problems: list[Problem], roots: Roots) -> list[Problem]:
    """``problems`` but those ``roots`` maps to their cause, each folded into its cause's ``also``."""
    folded: dict[int, list[Problem]] = defaultdict(list)
    for p in problems:
        if id(p) in roots:
            folded[id(roots[id(p)])].append(p)
    return [
        replace(p, also=p.also + tuple(folded[id(p)])) if id(p) in folded else p
        for p in problems
        if id(p) not in roots
    ]


def fold(
    problems: Iterable[Problem], descriptor: Descriptor, tables: dict[str, Table]
) -> list[Problem]:
    """``problems`` with each cause reported once and what it caused folded into it, step by
    step: each step sees only the problems the steps before it kept."""
    by_path = {t.path: t for t in tables.values()}
    keys = {r.path: set(r.primary_key) for r in descriptor.resources}
    out = list(problems)
    shifted = {
        (p.file, p.row)
        for p in out
        if p.rule in ROW_CAUSES and _fits_schema_not_header(by_path.get(p.file), p.row or 0)
    }

    def key_effect(p: Problem, _: Problem) -> bool:
        return p.rule == "JDS006" and p.field is None

    def labels(p: Problem) -> bool:
        return p.rule in HEADER_CAUSES and p.rule != "JDS003"

    for step in (
        # A quoted cell left open (JDS007, where it opens) shifts every cell after it.
        _by(lambda p: p.rule == "JDS007", lambda p, root: (p.row or 0) >= (root.row or 0), True),
        # A header that is not the schema's fields: the labels' own errors are that one problem,
        _by(lambda p: p.rule == "JDS003", lambda p, _: labels(p)),
        _by(labels, lambda p, _: labels(p)),
        # and so is every row that has one cell per field while the header has another number.
        _by(
            lambda p: p.row == 1 and p.rule in HEADER_CAUSES,
            lambda p, _: (p.file, p.row) in shifted,
            True,
        ),
        # A row whose cells do not line up with its header misplaces every cell after the fault;
        # a blank line (frictionless' blank-row) is also a primary key of blanks.
        _by(lambda p: p.rule in ROW_CAUSES or p.rule == "blank-row", lambda p, _: True),
        _cells,
        # Rules that read the quote cannot read a broken one.
        _by(
            lambda p: p.field == "quote",
            lambda p, _: p.rule in QUOTE_READERS and p.field != "quote",
        ),
        # A row out of key order because its key cell is wrong, or because it repeats a row.
        _by(lambda p: p.field in keys.get(p.file, ()), key_effect),
        _by(lambda p: p.rule == "primary-key", key_effect),
        lambda ps: _unreadable(ps, descriptor),
    ):
        out = _absorb(out, step(out))
    return out


def _fits_schema_not_header(table: Table | None, row: int) -> bool:
    """Whether the row has one cell per schema field while the header has another number."""
    if table is None or not 0 <= row - 2 < table.n_rows:
        return False
    return len(table.labels) != len(table.fields) == len(table.record(row - 2))


def _misaligned(p: Problem, table: Table | None) -> Problem:
    """A misaligned row's problem, saying how many cells it has and how that comes about; a
    row of extra cells gets as its field the first cell that breaks its own column's type or
    constraints (the fault is there or before it; a rule across fields may blame a cell
    before the fault, so only those count)."""
    row = p.row or 0
    if table is None or not 0 <= row - 2 < table.n_rows:
        return p
    got, header = len(table.record(row - 2)), len(table.labels)
    failed = {a.field for a in p.also if a.row == p.row and a.rule in EXPLAINED}
    # A missing cell has its field (where the cells run out); an extra one has none.
    first = next((f for f in table.fields if f in failed), None) if p.field is None else None
    if p.rule == "extra-cell":
        hint = (
            'a cell that holds a comma must be in double quotes ("a, b"), with any double '
            'quote inside it doubled ("")'
        )
    else:
        hint = (
            "cells are missing (a line cut short, or a line break in a cell that is not in "
            "double quotes); every row has one cell per column"
        )
    cells = "cell" if got == 1 else "cells"
    where = (
        f", and the first cell not of its column's form is {first} (the fault is there or before it)"
        if first
        else ""
    )
    message = f"{p.message}. The row has {got} {cells} where the header has {header}{where}: {hint}"
    return replace(p, field=first or p.field, message=message)


# -- expected forms and suggestions ---------------------------------------------------------


def _cell(table: Table | None, p: Problem) -> str | None:
    field = p.field
    if table is None or p.row is None or field is None or field not in table.fields:
        return None
    i, j = p.row - 2, table.fields.index(field)
    if not 0 <= i < table.n_rows or j >= len(record := table.record(i)):
        return None
    return record[j]


def _example(table: Table, f: Field, pattern: str, value: str) -> str | None:
    """A value of the same column that matches ``pattern``: a real instance of the form.

    Matched by RE2, in linear time, as the checks match it: a hostile pattern cannot stall it.
    """
    candidates = [c for c in dict.fromkeys(table.column(f.name)) if c and c != value][:1000]
    try:
        hits = matches(translate(pattern), candidates) if candidates else []
    except (PatternError, ValueError):
        return None
    return next((c for c, hit in zip(candidates, hits) if hit), None)


def _expected(p: Problem, res: Resource, table: Table | None, value: str | None) -> str:
    f = next((f for f in res.fields if f.name == p.field), None)
    if f is None or value is None:
        return ""
    if p.rule == "type-error":
        if f.type == "boolean":
            return f"expected one of {', '.join(true_values(f) + false_values(f))}"
        form = TYPE_FORMS.get(f.type)
        return f"expected {form}" if form else ""
    if p.rule != "constraint-error":
        return ""
    constraint = p.cause
    pattern = f.constraints.get("pattern")
    if constraint == "pattern" and isinstance(pattern, str):
        example = _example(table, f, pattern, value) if table else None
        return f"a value of that form, from another row: {quoted(example)}" if example else ""
    if constraint == "required":
        return "the cell is blank, and this column needs a value in every row"
    if constraint == "enum" and f.enum:
        near = difflib.get_close_matches(value.strip().lower(), [str(v) for v in f.enum], 1, 0.6)
        return f"did you mean {quoted(near[0])}?" if near else ""
    return ""


class _Lookup:
    """The ids of a referenced table, and the names and aliases that lead to them, built once."""

    def __init__(self, res: Resource, table: Table, field: str) -> None:
        ids = table.column(field)
        self.ids = [v for v in dict.fromkeys(ids) if v]
        self.exact: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for f in res.fields:
            if f.name == field or f.name not in table.fields:
                continue
            if f.name == "name" or f.type == "list" or f.name == "aliases":
                kind = "name" if f.name == "name" else "alias"
                for id_, text in zip(ids, table.column(f.name)):
                    items = text.split(f.delimiter) if kind == "alias" else [text]
                    for item in items:
                        if item:
                            self.exact[item.casefold()].append(
                                (id_, f"its {kind} is {quoted(item)}")
                            )
        for id_ in self.ids:
            self.exact[id_.casefold()].append((id_, ""))

    def suggest(self, value: str) -> list[tuple[str, str]]:
        found = self.exact.get(value.strip().casefold(), [])
        if len(self.ids) <= FUZZY_LIMIT:
            near = difflib.get_close_matches(value.strip(), self.ids, SUGGESTIONS, 0.75)
            found = found + [(id_, "") for id_ in near]
        out: dict[str, str] = {}
        for id_, why in found:
            if id_ != value:
                out.setdefault(id_, why)
        return list(out.items())[:SUGGESTIONS]


def _did_you_mean(
    p: Problem,
    res: Resource,
    descriptor: Descriptor,
    tables: dict[str, Table],
    value: str | None,
    lookups: dict[tuple[str, str], _Lookup],
) -> str:
    fk = next((k for k in res.foreign_keys if k.fields[0] == p.field), None)
    if fk is None or len(fk.fields) != 1 or value is None or fk.resource not in tables:
        return ""
    key = (fk.resource, fk.reference[0])
    if key not in lookups:
        target = next(r for r in descriptor.resources if r.name == fk.resource)
        lookups[key] = _Lookup(target, tables[fk.resource], fk.reference[0])
    suggestions = lookups[key].suggest(value)
    if not suggestions:
        return ""
    shown = " or ".join(
        f"{quoted(id_)} ({why})" if why else quoted(id_) for id_, why in suggestions
    )
    return f"did you mean {shown}?"


def explain(
    problems: Iterable[Problem], descriptor: Descriptor, tables: dict[str, Table]
) -> list[Problem]:
    """``problems`` folded (:func:`fold`), each with the form expected or the id meant, where known."""
    by_path = {r.path: r for r in descriptor.resources}
    table_by_path = {t.path: t for t in tables.values()}
    lookups: dict[tuple[str, str], _Lookup] = {}
    finished = []
    for p in problems:
        res, table = by_path.get(p.file), table_by_path.get(p.file)
        if res is not None and p.field is not None and p.rule in EXPLAINED:
            value, extra = _cell(table, p), ""
            if p.rule == "foreign-key" or p.cause == "pattern":
                # An id of the wrong form may still be a name or alias of the row meant ("HTS").
                extra = _did_you_mean(p, res, descriptor, tables, value, lookups)
            if not extra and p.rule != "foreign-key":
                extra = _expected(p, res, table, value)
            p = replace(p, message=f"{p.message}; {extra}") if extra else p
        if p.rule == "blank-row":  # frictionless repeats the row: 'Row at position "7" is ...'
            p = replace(p, message="a blank line: remove it")
        if p.rule in STALE:  # the fix, in the JSON report too (the text gathers them in one line)
            p = replace(
                p, message=f"{p.message}: once your edits are done, run `jihadistds rehash`"
            )
        finished.append(p)
    return [
        _misaligned(p, table_by_path.get(p.file)) if p.rule in ROW_CAUSES else p
        for p in fold(finished, descriptor, tables)
    ]

"""Root causes, reported once, in words that say what to write instead.

After every check has run, :func:`explain` finishes the report's problems the same way for
frictionless and the dataset's rules alike. It decides from each problem's fields (its
rule, place and :attr:`~jihadistds.check.problems.Problem.cause`), never from its words:

- **One problem per cause.** A row whose cells do not line up with its header (frictionless'
  ``extra-cell`` or ``missing-cell``) misplaces every cell after the fault, so every other
  problem of that row is folded into that one. Within a cell, the check nearest the cause is
  kept and the checks downstream of it are folded into it: a file rule (white space around
  an id) before frictionless' type and constraint errors, those before a foreign key, and
  those before the dataset rules; a rule that reads a frictionless error better says so in
  the registry (``Rule.explains``: JDS101 for a period's pattern). A row out of primary-key
  order because its key cell is wrong is folded into that cell's problem. A folded problem is
  not lost: its line says what fixing the kept one also clears, and the JSON report lists
  each under ``also``.
- **The expected form.** A type error says what the type is written as; a pattern error gives
  the pattern and a value of the same column that matches it; an enum error the nearest
  allowed value.
- **Did you mean.** A value a foreign key cannot find is looked up among the referenced
  table's ids and, where it has them, its names and aliases: ``ktj`` finds the actor whose
  alias is ``KTJ``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..read.csv import Table
from ..read.descriptor import Descriptor, Field, Resource
from ..read.fields import false_values, true_values
from ..read.patterns import PatternError, matches, translate
from .file import BLANK_ROW
from .problems import Problem
from .registry import RULES
from .table_schema import NOT_CHECKED, UNREADABLE

ROW_CAUSES = frozenset({"extra-cell", "missing-cell"})
# A header that is not the schema's fields (JDS003), and frictionless' errors of its labels.
HEADER_CAUSE = "JDS003"
LABEL_ERRORS = frozenset(
    {"extra-label", "missing-label", "blank-label", "duplicate-label", "incorrect-label"}
)
# A file whose bytes cannot be read (JDS001: not UTF-8, empty, NUL bytes), and what that causes:
# frictionless' own error for the file, and other tables' foreign keys left unchecked.
UNREADABLE_CAUSES = ("JDS001", "JDS900")
# Rules that read a row's quote: a blank or broken quote is the one problem, not them too.
QUOTE = "quote"
QUOTE_READERS = frozenset({"JDS104", "JDS207"})
# Row-level problems a wrong key cell causes: the row then sorts out of primary-key order.
KEY_EFFECTS = frozenset({"JDS006"})
# Fuzzy look-ups compare a value with every id; past this many ids only exact (case-blind)
# matches of ids, names and aliases are offered, so that a grown package stays fast.
FUZZY_LIMIT = 2_000
SUGGESTIONS = 3
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


def fold(
    problems: Iterable[Problem], descriptor: Descriptor, tables: dict[str, Table]
) -> list[Problem]:
    """``problems`` with each cause reported once and what it caused folded into it."""
    return _fold_files(_fold_rows(_fold_unclosed(list(problems)), descriptor, tables), descriptor)


def _fold_unclosed(problems: list[Problem]) -> list[Problem]:
    """A quoted cell left open (JDS007, at the row and field where it opens) shifts every cell
    after it: what the rows from there on set off folds into it, so that it is the one line."""
    opened = {p.file: p for p in problems if p.rule == "JDS007" and p.row is not None}
    if not opened:
        return problems
    folded: dict[str, list[Problem]] = defaultdict(list)
    kept = []
    for p in problems:
        root = opened.get(p.file)
        after = root is not None and root.row is not None and (p.row or 0) >= root.row
        if after and p is not root:
            folded[p.file].append(p)
            continue
        kept.append(p)
    return [
        replace(p, also=p.also + tuple(folded[p.file])) if p is opened.get(p.file) else p
        for p in kept
    ]


def _fold_files(problems: list[Problem], descriptor: Descriptor) -> list[Problem]:
    """A file that cannot be read is one problem: frictionless' own word for it, and each
    other table's "foreign keys not checked" because it refers to that file, fold into the
    file rule (JDS001) that says what is wrong with its bytes."""
    roots: dict[str, int] = {}
    out = list(problems)
    for rank in UNREADABLE_CAUSES:  # the file rule that says why, else "cannot read the file"
        for i, p in enumerate(out):
            if p.rule == rank and p.file not in roots:
                roots[p.file] = i
    if not roots:
        return out
    paths = {r.name: r.path for r in descriptor.resources}
    targets = {
        r.path: [paths[fk.resource] for fk in r.foreign_keys if fk.resource in paths]
        for r in descriptor.resources
    }
    folded: dict[int, list[Problem]] = defaultdict(list)
    keep = [True] * len(out)
    for i, p in enumerate(out):
        if p.row is not None or p.rule not in UNREADABLE or i in roots.values():
            continue
        if p.file in roots:
            root = roots[p.file]
        elif p.cause == NOT_CHECKED:
            root = next((roots[t] for t in targets.get(p.file, []) if t in roots), -1)
            if root < 0:
                continue
        else:
            continue
        folded[root].append(p)
        keep[i] = False
    for root, items in folded.items():
        out[root] = replace(out[root], also=out[root].also + tuple(items))
    return [p for i, p in enumerate(out) if keep[i]]


def _fold_rows(
    problems: Iterable[Problem], descriptor: Descriptor, tables: dict[str, Table]
) -> list[Problem]:
    by_path = {t.path: t for t in tables.values()}
    keys = {r.path: set(r.primary_key) for r in descriptor.resources}
    out: list[Problem] = []
    headers: dict[str, list[Problem]] = defaultdict(list)
    rows: dict[tuple[str, int], list[Problem]] = defaultdict(list)
    for p in problems:
        if p.row == 1 and not p.more:
            headers[p.file].append(p)
        elif p.row is None or p.row < 2 or p.more:
            out.append(p)
        else:
            rows[(p.file, p.row)].append(p)
    # A header that is not the schema's fields: the labels' own errors are that one problem.
    header_root: dict[str, int] = {}
    kept_headers: dict[str, list[Problem]] = {}
    for file, group in headers.items():
        root = next((p for p in group if p.rule == HEADER_CAUSE), None)
        labels = [p for p in group if p.rule in LABEL_ERRORS]
        if root is None and labels:
            root = labels[0]
        kept = [p for p in group if root is None or not (p.rule in LABEL_ERRORS and p is not root)]
        if root is not None:
            folded = tuple(p for p in labels if p is not root)
            i = next(i for i, p in enumerate(kept) if p is root)
            kept[i] = replace(root, also=folded)
            header_root[file] = i
        kept_headers[file] = kept
    for (file, row), group in rows.items():
        table = by_path.get(file)
        causes = [p for p in group if p.rule in ROW_CAUSES]
        if causes and file in header_root and _fits_schema_not_header(table, row):
            kept = kept_headers[file]
            i = header_root[file]
            kept[i] = replace(kept[i], also=kept[i].also + tuple(group))
            continue
        if causes:
            first = causes[0]
            rest = tuple(p for p in group if p is not first)
            out.append(replace(first, message=_misaligned(first, table, row), also=rest))
            continue
        cells: dict[str, list[Problem]] = defaultdict(list)
        whole_row: list[Problem] = []
        for p in group:
            (cells[p.field] if p.field is not None else whole_row).append(p)
        key_root: Problem | None = None
        kept_cells: list[Problem] = []
        for field, items in cells.items():
            keep, downstream = _kept(items)
            keep[0] = replace(keep[0], also=keep[0].also + tuple(downstream))
            if key_root is None and field in keys.get(file, set()):
                key_root = keep[0]
            kept_cells.extend(keep)
        blank = next((p for p in whole_row if p.rule == "JDS006" and p.cause == BLANK_ROW), None)
        if blank is not None:  # frictionless' blank-row, and a primary key of blanks, are this
            rest = tuple(p for p in group if p is not blank)
            out.append(replace(blank, also=rest))
            continue
        duplicate = next((p for p in whole_row if p.rule == "primary-key"), None)
        if duplicate is not None and key_root is None:
            key_root = duplicate  # a repeated row is out of order because it repeats
        quote_root = next((p for p in kept_cells if p.field == QUOTE), None)
        if quote_root is not None:  # rules that read the quote cannot read a broken one
            readers = [p for p in kept_cells if p.rule in QUOTE_READERS and p.field != QUOTE]
            kept_cells = [p for p in kept_cells if all(p is not r for r in readers)]
            i = next(i for i, p in enumerate(kept_cells) if p is quote_root)
            kept_cells[i] = replace(quote_root, also=quote_root.also + tuple(readers))
            if key_root is quote_root:
                key_root = kept_cells[i]
        effects = [p for p in whole_row if p.rule in KEY_EFFECTS and key_root is not None]
        out.extend(p for p in whole_row if all(p is not e for e in effects))
        if effects and key_root is not None:
            if key_root is duplicate:
                out.remove(duplicate)
                out.append(replace(duplicate, also=duplicate.also + tuple(effects)))
            else:
                i = next(i for i, p in enumerate(kept_cells) if p is key_root)
                kept_cells[i] = replace(key_root, also=key_root.also + tuple(effects))
        out.extend(kept_cells)
    for kept in kept_headers.values():
        out.extend(kept)
    return out


def _fits_schema_not_header(table: Table | None, row: int) -> bool:
    """Whether the row has one cell per schema field while the header has another number."""
    if table is None or not 0 <= row - 2 < table.n_rows:
        return False
    return len(table.labels) != len(table.fields) == len(table.record(row - 2))


def _misaligned(p: Problem, table: Table | None, row: int) -> str:
    if table is None or not 0 <= row - 2 < table.n_rows:
        return p.message
    got, header = len(table.record(row - 2)), len(table.labels)
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
    return f"{p.message}. The row has {got} {cells} where the header has {header}: {hint}"


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
        return f"a value of that form, from another row: {example!r}" if example else ""
    if constraint == "required":
        return "the cell is blank, and this column needs a value in every row"
    if constraint == "enum" and f.enum:
        near = difflib.get_close_matches(value.strip().lower(), [str(v) for v in f.enum], 1, 0.6)
        return f"did you mean {near[0]!r}?" if near else ""
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
                            self.exact[item.casefold()].append((id_, f"its {kind} is {item!r}"))
        for id_ in self.ids:
            self.exact[id_.casefold()].append((id_, ""))

    def suggest(self, value: str) -> list[tuple[str, str]]:
        found = list(dict.fromkeys(self.exact.get(value.strip().casefold(), [])))
        if len(self.ids) <= FUZZY_LIMIT:
            for near in difflib.get_close_matches(value.strip(), self.ids, SUGGESTIONS, 0.75):
                found.append((near, ""))
        seen: set[str] = set()
        out = []
        for id_, why in found:
            if id_ != value and id_ not in seen:
                seen.add(id_)
                out.append((id_, why))
        return out[:SUGGESTIONS]


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
    shown = " or ".join(f"{id_!r} ({why})" if why else repr(id_) for id_, why in suggestions)
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
        res = by_path.get(p.file)
        if (
            res is None
            or p.field is None
            or p.rule not in ("type-error", "constraint-error", "foreign-key")
        ):
            finished.append(p)
            continue
        table = table_by_path.get(p.file)
        value = _cell(table, p)
        if p.rule == "foreign-key" or (p.rule, p.cause) == ("constraint-error", "pattern"):
            # An id of the wrong form may still be a name or alias of the row meant ("HTS").
            extra = _did_you_mean(p, res, descriptor, tables, value, lookups)
        else:
            extra = ""
        extra = extra or (_expected(p, res, table, value) if p.rule != "foreign-key" else "")
        finished.append(replace(p, message=f"{p.message}; {extra}") if extra else p)
    return fold(finished, descriptor, tables)


__all__ = ["explain", "fold"]

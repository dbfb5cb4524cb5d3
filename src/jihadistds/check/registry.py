"""The rule registry: every rule of the dataset, with its id, summary, scope and a bad input.

A rule is one function registered with :func:`rule`; it yields ``(row, field, message)`` for
what it finds, and the registry makes each a :class:`Problem` of the rule's id. The runners,
the rule reference, ``jihadistds rules`` and the test that breaks a package with each rule's
:class:`Edit` all read this one list. The ids are public: a rule keeps its id for ever, and a
retired id is never reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from ..read.csv import Table
from .problems import MAX_LISTED, Problem

# file: one CSV on disk (JDS0xx); dataset: the tables together (JDS1xx); sources: the quotes
# against the texts they came from (JDS2xx); reading: what stops a package being checked.
Kind = Literal["file", "dataset", "sources", "reading"]
KINDS: dict[Kind, str] = {
    "file": "File rules: what every CSV of the package must look like on disk.",
    "dataset": "Dataset rules: what the data model needs that a Table Schema cannot say.",
    "sources": "Source rules, checked with --sources: the quotes against the texts they came from.",
    "reading": "Reading: what stops a package from being checked at all.",
}
F = TypeVar("F", bound=Callable[..., Any])
# What a rule yields: the physical row and field at fault (``None``: the file, the row), and what is wrong.
Findings = Iterator[tuple[int | None, str | None, str]]


@dataclass(frozen=True)
class Edit:
    """One change to a copy of the tests' synthetic package (``tests/package``): the first ``old``
    (which must be there) becomes ``new``.

    With ``append``, the file is left as it is and the line that starts with ``old`` is added
    again at its end, with ``old`` made ``new``: a copy of a row under a new id.
    """

    file: str  # relative to the package folder
    old: str
    new: str
    append: bool = False


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, where it applies, the function that checks it, and a bad input."""

    id: str
    summary: str  # one line, Markdown, shown in the README and by `jihadistds rules`
    kind: Kind
    check: Callable[..., Any] | None  # None for a rule reported where reading fails
    fields: tuple[str, ...] = ()  # it applies to every table that has all of these fields
    tables: tuple[str, ...] | None = None  # and, if given, only to these tables
    example: tuple[Edit, ...] = ()  # edits to the tests' synthetic package that break the rule
    where: str = ""  # where it applies, in words, when the function narrows its tables further
    # Frictionless error types this rule says better for the same cell: when both report a
    # cell, the report keeps this rule's problem and folds theirs into it (check.causes).
    explains: tuple[str, ...] = ()

    def problems(self, file: str, findings: Iterable[tuple[Any, ...]]) -> list[Problem]:
        """Each finding as a problem of this rule in ``file``: the first 1,000, then a line counting the rest."""
        out: list[Problem] = []
        more = 0
        for finding in findings:
            if len(out) >= MAX_LISTED:
                more += 1
                continue
            row, field, message = finding
            out.append(Problem(file, row, field, message, self.id))
        if more:
            message = (
                f"{more:,} more problems of this rule in this file are not listed "
                f"(at most {MAX_LISTED:,} are listed per file and rule)"
            )
            out.append(Problem(file, None, None, message, self.id, more))
        return out

    def applies_to(self, table: str, fields: list[str] | tuple[str, ...]) -> bool:
        return (self.tables is None or table in self.tables) and all(
            f in fields for f in self.fields
        )

    @property
    def scope(self) -> str:
        """Where the rule applies, in words."""
        if self.where:
            return self.where
        parts = []
        if self.tables is not None:
            parts.append(", ".join(f"`{t}`" for t in self.tables))
        if self.fields:
            parts.append("tables with " + ", ".join(f"`{f}`" for f in self.fields))
        return "; ".join(parts) or (
            "every table" if self.kind in ("file", "dataset") else "the package"
        )


RULES: dict[str, Rule] = {}


def register(new: Rule) -> Rule:
    """Add a rule; an id is registered once."""
    if new.id in RULES:
        raise ValueError(f"rule {new.id} is registered twice")
    RULES[new.id] = new
    return new


def rule(
    id: str, summary: str, *, kind: Kind, example: tuple[Edit, ...] | Edit = (), **scope: Any
) -> Callable[[F], F]:
    """Register the decorated function as rule ``id``; ``scope`` is :class:`Rule`'s ``fields``,
    ``tables``, ``where`` and ``explains``."""

    def decorate(function: F) -> F:
        edits = (example,) if isinstance(example, Edit) else example
        register(Rule(id, summary, kind, function, example=edits, **scope))
        return function

    return decorate


def rules(kind: Kind) -> list[Rule]:
    """The rules of one kind, in id order."""
    return sorted((r for r in RULES.values() if r.kind == kind), key=lambda r: r.id)


def run_on_tables(kind: Kind, tables: Iterable[Table], context: object) -> list[Problem]:
    """Every rule of ``kind`` on every table it applies to, in rule order: ``rule.check(table, context)``."""
    problems: list[Problem] = []
    tables = list(tables)
    for r in rules(kind):
        assert r.check is not None, f"{r.id} has no function to run"
        for table in tables:
            if r.applies_to(table.name, table.fields):
                problems += r.problems(table.path, r.check(table, context))
    return problems

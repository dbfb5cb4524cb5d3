"""The Table Schema checks, by stock frictionless: the descriptor, the schemas, every cell and key.

Its errors keep frictionless' own types (``type-error``, ``foreign-key``, ...) and are placed
at the file, row and field frictionless gives. What a later step needs to know about an error
travels as data on the problem (:attr:`Problem.cause`), never as words to be read back: a
constraint error carries the constraint's name, as frictionless' own cell reader names it.
"""

from __future__ import annotations

import contextlib
import threading
import types
from collections.abc import Iterator
from typing import Any

from ..errors import quoted
from ..read.descriptor import Descriptor, Field
from ..read.patterns import matches, translate
from .problems import Problem

# Errors frictionless raises on a table when a file it reads cannot be read at all; on a table
# whose own file reads fine, the file at fault is one its foreign keys refer to.
UNREADABLE = frozenset({"encoding-error", "source-error", "scheme-error", "format-error"})
# The cause given to such an error on a table that is readable itself (see check.causes).
NOT_CHECKED = "references-unreadable"
# Frictionless stops checking a table once it has found this many errors (its default).
LIMIT_ERRORS = 1_000
LIMIT_MESSAGE = (
    "error limit: frictionless stops after 1,000 errors in a table, so the rows after the "
    "one where it stopped were not checked"
)


MEMO = 1 << 16  # cells a pattern remembers its answer for


class _LinearPattern:
    """What frictionless calls on a compiled pattern (``match``), answered by RE2 in linear time."""

    def __init__(self, expression: str) -> None:
        # frictionless compiles "^" + pattern + "$"; read_descriptor refused any pattern
        # translate() cannot read, so this never raises.
        self.pattern = translate(expression[1:-1])
        self.seen: dict[str, bool] = {}  # ids and dates repeat down a column: decide each once

    def match(self, cell: str) -> bool:
        if (hit := self.seen.get(cell)) is None:
            if len(self.seen) >= MEMO:
                self.seen.clear()
            hit = self.seen[cell] = matches(self.pattern, [cell])[0]
        return hit


_PATCH = threading.Lock()


@contextlib.contextmanager
def linear_patterns() -> Iterator[None]:
    """Frictionless' pattern constraints matched by RE2 while the block runs.

    Python's backtracking ``re`` can take exponential time on a pattern such as ``(a+)+``;
    RE2 gives the same answer (:mod:`jihadistds.read.patterns`) in linear time. Only the
    module frictionless compiles patterns in sees the change.
    """
    from frictionless.schema import field

    linear = types.SimpleNamespace(compile=_LinearPattern)
    with _PATCH:
        original = vars(field)["re"]
        setattr(field, "re", linear)  # noqa: B010 (frictionless does not export its "re")
        try:
            yield
        finally:
            setattr(field, "re", original)  # noqa: B010


def _constraint(field: Field | None, cell: str) -> str:
    """The constraint ``cell`` breaks, as frictionless' own cell reader names it ("" if none)."""
    import frictionless

    if field is None:
        return ""
    try:
        reader = frictionless.Field.from_descriptor(dict(field.spec)).create_cell_reader()
        _, notes = reader(cell)
    except Exception:  # a field frictionless reported elsewhere as invalid
        return ""
    return next(iter(notes or {}), "")


def check_package(descriptor: Descriptor, readable: set[str]) -> list[Problem]:
    """Frictionless' problems with the package; ``readable`` names the tables our reader could read."""
    import frictionless

    name = descriptor.path.name
    try:
        # Paths were checked by read_descriptor; frictionless reads them relative to basepath.
        with linear_patterns():
            report = frictionless.validate(str(descriptor.path), limit_errors=LIMIT_ERRORS)
    except Exception as exc:  # frictionless raises its own errors on descriptors it cannot load
        return [
            Problem(
                name, None, None, f"frictionless cannot load the package: {exc}", "package-error"
            )
        ]
    problems = [Problem(name, None, None, message(e), e.type) for e in report.errors]
    resources = {r.name: r for r in descriptor.resources}
    for task in report.tasks:
        res = resources.get(task.name)
        file = res.path if res is not None else str(task.place)
        fields = {f.name: f for f in res.fields} if res is not None else {}
        if task.stats.get("errors", 0) >= LIMIT_ERRORS:
            problems.append(Problem(file, None, None, LIMIT_MESSAGE, "error-limit"))
        for e in task.errors:
            row = getattr(e, "row_number", None)
            if row is None and hasattr(e, "label"):
                row = 1
            text, cause = message(e), ""
            if e.type in UNREADABLE and task.name in readable:
                cause = NOT_CHECKED
                text = (
                    "foreign keys not checked: a table this one refers to cannot be read "
                    f"({e.note or e.message})"
                )
            # A cell's error names its field; a foreign-key error its key's first field.
            field = getattr(e, "field_name", None) or next(
                iter(getattr(e, "field_names", [])), None
            )
            if e.type == "constraint-error":
                with linear_patterns():
                    cause = _constraint(fields.get(field or ""), str(e.cell))
            problems.append(Problem(file, row, field or None, text, e.type, cause=cause))
    return problems


def message(error: Any) -> str:
    """A frictionless error in one line: its type in words, its note, and the cell if there is one."""
    label = error.type.replace("-", " ")
    label = label if label.endswith("error") else f"{label} error"
    text = f"{label}: {error.note}" if error.note else str(error.message)
    if getattr(error, "cell", None) not in (None, ""):
        text += f"; the cell is {quoted(error.cell)}"
    return str(text)

"""The reference engine: stock frictionless checks the descriptor, the schemas and the tables.

Its errors keep frictionless' own types (``type-error``, ``foreign-key``, ...) and are placed
at the file, row and field frictionless gives.
"""

from __future__ import annotations

import contextlib
import threading
import types
from collections.abc import Iterator
from typing import Any

from ..check.problems import Problem
from ..read.descriptor import Descriptor
from ..read.patterns import matches, translate
from .fast import LIMIT_MESSAGE

# Errors frictionless raises on a table when a file it reads cannot be read at all; on a table
# whose own file reads fine, the file at fault is one its foreign keys refer to.
UNREADABLE = {"encoding-error", "source-error", "scheme-error", "format-error"}


class _LinearPattern:
    """What frictionless calls on a compiled pattern (``match``), answered by RE2 in linear time."""

    def __init__(self, expression: str) -> None:
        # frictionless compiles "^" + pattern + "$"; read_descriptor refused any pattern
        # translate() cannot read, so this never raises.
        self.pattern = translate(expression[1:-1])

    def match(self, cell: str) -> bool:
        return matches(self.pattern, [cell])[0]


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


def check_package(descriptor: Descriptor, readable: set[str]) -> list[Problem]:
    """Frictionless' problems with the package; ``readable`` names the tables our reader could read."""
    import frictionless

    name = descriptor.path.name
    try:
        # Paths were checked by read_descriptor; frictionless reads them relative to basepath.
        with linear_patterns():
            report = frictionless.validate(str(descriptor.path))
    except Exception as exc:  # frictionless raises its own errors on descriptors it cannot load
        return [
            Problem(
                name, None, None, f"frictionless cannot load the package: {exc}", "package-error"
            )
        ]
    problems = [Problem(name, None, None, message(e), e.type) for e in report.errors]
    paths = {r.name: r.path for r in descriptor.resources}
    for task in report.tasks:
        file = paths.get(task.name, str(task.place))
        if any(w.startswith("reached error limit") for w in task.warnings):
            problems.append(Problem(file, None, None, LIMIT_MESSAGE, "error-limit"))
        for e in task.errors:
            row = getattr(e, "row_number", None)
            if row is None and hasattr(e, "label"):
                row = 1
            text = message(e)
            if e.type in UNREADABLE and task.name in readable:
                text = f"foreign keys not checked: a table this one refers to cannot be read ({e.note or e.message})"
            # A cell's error names its field; a foreign-key error its key's first field.
            field = getattr(e, "field_name", None) or next(
                iter(getattr(e, "field_names", [])), None
            )
            problems.append(Problem(file, row, field or None, text, e.type))
    return problems


def message(error: Any) -> str:
    """A frictionless error in one line: its type in words, its note, and the cell if there is one."""
    label = error.type.replace("-", " ")
    label = label if label.endswith("error") else f"{label} error"
    text = f"{label}: {error.note}" if error.note else str(error.message)
    if getattr(error, "cell", None) not in (None, ""):
        text += f"; the cell is {error.cell!r}"
    return str(text)


__all__ = ["check_package", "message"]

"""The one shape every check reports in: a problem at a file, row and field."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from ..errors import printable_line


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a data package.

    ``row`` counts physical rows of the CSV the way frictionless does: the header is row 1,
    the first data row is row 2. ``row`` and ``field`` are ``None`` where the problem is with
    the file or the descriptor as a whole.
    """

    file: str  # path as written in the descriptor, or the descriptor's own name
    row: int | None
    field: str | None
    message: str
    rule: str  # stable id: JDSnnn for our rules, frictionless error type for its errors
    more: int = 0  # on the line that stands for problems not listed: how many
    # What caused it, within its rule, as data for the steps after it (check.causes): the
    # constraint a constraint-error breaks ("pattern"), "blank-row", ... ; "" where none is known.
    cause: str = dataclasses.field(default="", compare=False)
    # Problems this one caused, folded into it (check.causes): the same cell reported again by
    # a check downstream of it, or every cell of a row whose cells are misaligned.
    also: tuple[Problem, ...] = dataclasses.field(default=(), compare=False)

    def __str__(self) -> str:
        """``file:row:field: message [rule]``, with package-supplied text escaped."""
        where = ":".join(str(p) for p in (self.file, self.row, self.field) if p is not None)
        return printable_line(f"{where}: {self.message} [{self.rule}]{self.caused()}")

    def caused(self) -> str:
        """`` (fixing it also clears: ...)``: the rules of the problems folded into this one."""
        if not self.also:
            return ""
        counts = Counter(p.rule for p in self.also)
        rules = ", ".join(f"{r} x{n}" if n > 1 else r for r, n in sorted(counts.items()))
        return f" (fixing it also clears: {rules})"


# Our rules list at most this many problems per file and rule; one more line counts the rest.
MAX_LISTED = 1_000

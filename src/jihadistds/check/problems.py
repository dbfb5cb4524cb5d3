"""The one shape every check reports in: a problem at a file, row and field."""

from __future__ import annotations

from dataclasses import dataclass


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

    def location(self) -> str:
        """``file:row:field``, leaving out the parts that do not apply."""
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
        if self.field is not None:
            parts.append(self.field)
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message} [{self.rule}]"

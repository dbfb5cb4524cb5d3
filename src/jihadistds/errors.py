"""The exceptions a user can cause. Catch :class:`JihadistdsError` to catch them all."""

from __future__ import annotations


class JihadistdsError(Exception):
    """Base of every error this package raises on purpose."""


class PackageError(JihadistdsError):
    """The data package cannot be found or read: a missing, unreadable or malformed file."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.row = row
        self.field = field
        where = ":".join(str(p) for p in (file, row, field) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


class UnknownTableError(JihadistdsError, KeyError):
    """A table name that the package does not have."""

    def __init__(self, name: object, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown table {name!r}; the tables are: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])

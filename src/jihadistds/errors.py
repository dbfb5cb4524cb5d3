"""The exceptions a user can cause. Catch :class:`JihadistdsError` to catch them all."""

from __future__ import annotations

import difflib
import json
import re

# What package-supplied text must not carry into a report: C0 and C1 controls (a newline
# would start a forged line, ESC a terminal sequence), line and paragraph separators, bidi
# controls that reorder what is shown, and lone surrogates, which no output can encode.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character that could start a line, move the cursor or reorder the
    display written as an escape (``\\n`` as ``\\x0a``); nothing else changes.

    >>> printable("id\\n::error::x")
    'id\\\\x0a::error::x'
    """
    return _UNPRINTABLE.sub(_escape, text)


def quoted(value: object) -> str:
    """A cell in quotes for a message, as it is written: ``'al-qaeda'``, ``"the sentence's"``.

    Unlike ``repr`` it adds no backslash to a quote or a backslash, so the text reads as in
    the file; what could break a line of output is escaped (:func:`printable`), so a message
    stays one line wherever it goes (a terminal, JSON, an exception).

    >>> print(quoted("it's"), quoted('a "b"'), quoted("two\\nlines"))
    "it's" 'a "b"' 'two\\x0alines'
    """
    if not isinstance(value, str):
        return repr(value)
    mark = '"' if "'" in value and '"' not in value else "'"
    return printable(f"{mark}{value}{mark}")


def printable_line(text: str) -> str:
    """One line of output: :func:`printable`, and never a CI workflow command (``::`` at the
    start, or GitHub's older ``##[`` anywhere in the line)."""
    text = printable(text).replace("##[", "#\\x23[")
    return "./" + text if text.lstrip().startswith("::") else text


def json_text(data: object) -> str:
    """``data`` as strict JSON for a terminal or a CI log: ``NaN`` and infinities refused
    (``ValueError``), and the characters :func:`printable` escapes, and the ``#`` of ``##[``,
    written as JSON's own ``\\uXXXX`` escapes, so the text reads back to the same data."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    # json.dumps escapes C0 controls in strings itself: a line break left is the indentation's.
    text = _UNPRINTABLE.sub(
        lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text
    )
    return text.replace("##[", "#\\u0023[")


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
        near = difflib.get_close_matches(str(name), known, 1) if isinstance(name, str) else []
        tables = f"did you mean {near[0]!r}? The tables are" if near else "the tables are"
        super().__init__(f"unknown table {name!r}; {tables}: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class UsageError(JihadistdsError, ValueError):
    """An argument the function does not accept (an unknown engine or format, say)."""

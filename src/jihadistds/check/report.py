"""The validation report: what was checked and every problem found."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..errors import printable, printable_line
from .problems import Problem

# The version of the JSON shape below; it changes only when a key is removed or changes meaning.
REPORT_FORMAT = 1
# The problems that one command fixes: listed once, in one line after the others, since every
# edit of a CSV sets them off and they would otherwise come first.
STALE = ("byte-count", "hash-count")
STALE_LINE = (
    "datapackage.json: the bytes and hash it records for {files} no longer match {them}: once "
    "your edits are done, run `jihadistds rehash` to record the new ones [{rules}]"
)


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub reads it (``%``, CR, LF)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: its message escapes, and ``:`` and ``,`` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """The outcome of :func:`jihadistds.validate`.

    ``problems`` are in a stable order: by file, then row, then field, then rule.
    """

    package: str  # the folder checked (resolved once its descriptor is read), or the path given
    version: str = ""
    name: str = ""  # the descriptor's name, once it is read
    tables: dict[str, int] = field(default_factory=dict)  # rows checked, by table
    problems: list[Problem] = field(default_factory=list)
    sources_checked: bool = False
    readable: bool = True  # False when the descriptor itself could not be read: nothing was checked
    # What ran the Table Schema checks: "frictionless", or "none" when a file was unsafe to
    # hand it (JDS900 says which). Kept in the JSON report for its readers: since 3.0 there is
    # one path, and "handover" is always null.
    engine: str = ""

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def count(self) -> int:
        """How many problems were found: those listed, and those a not-listed line counts."""
        return sum(p.more or 1 for p in self.problems)

    def sort(self) -> None:
        self.problems.sort(key=lambda p: (p.file, p.row or 0, p.field or "", p.rule, p.message))

    @property
    def checked(self) -> str:
        """Which package was checked: its name, version and folder."""
        named = " ".join(p for p in (self.name[:100], self.version[:100]) if p) or "the package"
        return printable(f"{named} at {self.package}")

    def summary(self) -> str:
        rows = sum(self.tables.values())
        checked = f"{len(self.tables)} tables, {rows} rows" + (
            ", quotes checked against source texts" if self.sources_checked else ""
        )
        if self.valid:
            return f"valid: {self.checked} ({checked})"
        if not self.readable:
            return (
                f"unreadable: the package at {self.package} could not be read, so nothing was "
                "checked"
            )
        real = [p for p in self.problems if p.rule not in STALE]
        stale = len({p.file for p in self.problems if p.rule in STALE})
        recorded = f"the bytes and hashes recorded for {stale} file{'s' if stale != 1 else ''}"
        if not real:
            return (
                f"invalid: only {recorded} are out of date (run `jihadistds rehash`) in "
                f"{self.checked} ({checked})"
            )
        count = sum(p.more or 1 for p in real)
        files = len({p.file for p in real})
        unlisted = sum(p.more for p in real)
        listed = f", {unlisted:,} of them not listed" if unlisted else ""
        return (
            f"invalid: {count:,} problem{'s' if count != 1 else ''}{listed} in {files} "
            f"file{'s' if files != 1 else ''}"
            + (f", and {recorded} out of date," if stale else "")
            + f" of {self.checked} ({checked})"
        )

    def to_text(self) -> str:
        """One line per problem, ``file:row:field: message [rule]``, then one line for the
        recorded bytes and hashes that no longer match, then the summary."""
        listed = [str(p) for p in self.problems if p.rule not in STALE]
        return "\n".join([*listed, *self.stale(), self.summary()]) + "\n"

    def to_github(self, prefix: str = "") -> str:
        """GitHub Actions workflow commands: one ``::error`` per problem, so it shows on the diff.

        ``prefix`` is the package folder relative to the repository's root ("" at the root),
        which GitHub needs to place a file. Every value is escaped as GitHub reads them, after
        :func:`~jihadistds.errors.printable`, so package text cannot end a command or start one.
        """
        lines = []
        for p in self.problems:
            if p.rule in STALE:
                continue
            props = [f"file={_property(prefix + p.file)}"]
            if p.row is not None:
                props.append(f"line={p.row}")
            props.append(f"title={_property(p.rule)}")
            where = f"{p.field}: " if p.field else ""
            lines.append(f"::error {','.join(props)}::{_data(where + p.message + p.caused())}")
        lines += [
            f"::error file={_property(prefix + 'datapackage.json')},title=rehash::{_data(line)}"
            for line in self.stale()
        ]
        return "\n".join([*lines, printable_line(self.summary())]) + "\n"

    def stale(self) -> list[str]:
        """One line for every CSV whose recorded bytes or hash no longer match, and the fix."""
        found = [p for p in self.problems if p.rule in STALE]
        if not found:
            return []
        files = sorted({p.file for p in found})
        rules = ", ".join(sorted({p.rule for p in found}))
        them = "it" if len(files) == 1 else "them"
        return [printable_line(STALE_LINE.format(files=", ".join(files), them=them, rules=rules))]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data; its shape is documented in ``docs/cli.md``."""
        by_rule: Counter[str] = Counter()
        for p in self.problems:
            by_rule[p.rule] += p.more or 1
        return {
            "format": REPORT_FORMAT,
            "valid": self.valid,
            "readable": self.readable,
            "package": self.package,
            "name": self.name,
            "version": self.version,
            "sources_checked": self.sources_checked,
            "engine": self.engine,
            "handover": None,
            "tables": dict(self.tables),
            "problem_count": self.count,
            "by_rule": dict(sorted(by_rule.items())),
            "problems": [
                {
                    "file": p.file,
                    "row": p.row,
                    "field": p.field,
                    "rule": p.rule,
                    "message": p.message,
                    "more": p.more,
                    "also": [
                        {"row": a.row, "field": a.field, "rule": a.rule, "message": a.message}
                        for a in p.also
                    ],
                }
                for p in self.problems
            ],
        }

    def to_json(self) -> str:
        """The report as JSON; a lone surrogate, which no output could encode, is escaped as JSON allows."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace").decode("utf-8") + "\n"

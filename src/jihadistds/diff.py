"""What changed between two copies of the data package, by table and primary key.

Both copies are read with the one strict reader, so a cell is compared as the text
``validate`` and ``load`` read. Rows are keyed by the new copy's primary key when both copies
have its fields, else by the old copy's, else compared as whole rows. A resource's ``bytes``
and ``hash`` are left out: they follow the rows, which are compared themselves.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import PackageError, json_text, quoted
from .read.csv import read_strict
from .read.descriptor import Resource, read_descriptor

IGNORED_RESOURCE_PROPERTIES = frozenset({"bytes", "hash", "schema"})
Status = Literal["added", "removed", "changed"]
Key = tuple[str, ...]
Row = dict[str, str]


@dataclass(frozen=True)
class Change:
    """One property that differs: absent on one side is ``None``."""

    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class FieldChange:
    """A schema field added, removed or changed (with each property that changed)."""

    name: str
    status: Status
    properties: tuple[Change, ...] = ()
    filled: int | None = None  # rows with a value, for a field added or removed


@dataclass(frozen=True)
class RowChange:
    key: Key
    cells: tuple[Change, ...]


@dataclass
class TableDiff:
    """How one table differs; ``status`` is ``None`` when it does not."""

    name: str
    status: Status | None = None
    key: tuple[str, ...] = ()  # the fields rows were matched by; () for whole rows
    properties: list[Change] = field(default_factory=list)
    schema: list[Change] = field(default_factory=list)  # primaryKey, foreignKeys, field order
    fields: list[FieldChange] = field(default_factory=list)
    added: list[tuple[Key, Row]] = field(default_factory=list)
    removed: list[tuple[Key, Row]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    rows: tuple[int, int] = (0, 0)  # rows in the old copy, in the new
    notes: list[str] = field(default_factory=list)  # how a file that is not valid was read

    @property
    def differs(self) -> bool:
        return bool(
            self.status in ("added", "removed")
            or self.notes
            or self.properties
            or self.schema
            or self.fields
            or self.added
            or self.removed
            or self.changed
        )


@dataclass(frozen=True)
class Side:
    name: str
    version: str
    root: str


@dataclass
class PackageDiff:
    old: Side
    new: Side
    properties: list[Change]
    tables: list[TableDiff]
    unread: list[tuple[str, str]] = field(default_factory=list)  # (table, why) not compared

    @property
    def differs(self) -> bool:
        return bool(self.properties) or any(t.differs for t in self.tables)

    def changed_tables(self) -> list[TableDiff]:
        return [t for t in self.tables if t.differs]

    # -- renderings --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        def table(t: TableDiff) -> dict[str, Any]:
            out = asdict(t) | {"rows": {"old": t.rows[0], "new": t.rows[1]}}
            for status in ("added", "removed"):
                out[status] = [{"key": list(k), "row": r} for k, r in getattr(t, status)]
            for r in out["changed"]:
                r["cells"] = [{"field": c.pop("name"), **c} for c in r["cells"]]
            return out

        return {
            "old": vars(self.old),
            "new": vars(self.new),
            "differs": self.differs,
            "properties": [asdict(c) for c in self.properties],
            "tables": [table(t) for t in self.changed_tables()],
            "not_compared": [{"table": name, "why": why} for name, why in self.unread],
        }

    def to_json(self) -> str:
        """The report as strict JSON, escaped as :func:`~jihadistds.errors.json_text` does."""
        return json_text(self.to_dict())

    def summary(self) -> str:
        tables = self.changed_tables()
        if not self.differs:
            return "no differences"
        added = sum(len(t.added) for t in tables)
        removed = sum(len(t.removed) for t in tables)
        changed = sum(len(t.changed) for t in tables)
        return (
            f"{len(tables)} {'table differs' if len(tables) == 1 else 'tables differ'}: "
            f"{added} {'row' if added == 1 else 'rows'} added, {removed} removed, {changed} changed"
        )

    def to_text(self) -> str:
        lines = [f"old: {_side(self.old)}", f"new: {_side(self.new)}"]
        for c in self.properties:
            lines.append(f"datapackage.json: {c.name}: {_show(c.before)} -> {_show(c.after)}")
        for t in self.changed_tables():
            lines.append("")
            lines.append(f"{t.name}: {_table_line(t)}")
            lines.extend(f"  ({note})" for note in t.notes)
            lines.extend(f"  {line}" for line in _structure_lines(t))
            lines.extend(f"  + {_key(k)}" for k, _ in t.added)
            lines.extend(f"  - {_key(k)}" for k, _ in t.removed)
            for r in t.changed:
                lines.append(f"  ~ {_key(r.key)}")
                lines.extend(
                    f"      {c.name}: {_show(c.before)} -> {_show(c.after)}" for c in r.cells
                )
        for name, why in self.unread:
            lines += ["", f"{name}: not compared: {why}"]
        lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        out = [
            "## Data changes",
            "",
            f"From {_md(_side(self.old))} to {_md(_side(self.new))}: {self.summary()}.",
        ]
        if self.properties:
            out += ["", "| datapackage.json | before | after |", "|---|---|---|"]
            out += [
                f"| {_md(c.name)} | {_md(_show(c.before))} | {_md(_show(c.after))} |"
                for c in self.properties
            ]
        for t in self.changed_tables():
            out += ["", f"### {_md(t.name)}: {_md(_table_line(t))}"]
            structure = _structure_lines(t)
            if structure:
                out += [""] + [f"- {_md(line)}" for line in structure]
            if t.added:
                out += ["", f"Added: {', '.join(_md(_key(k)) for k, _ in t.added)}"]
            if t.removed:
                out += ["", f"Removed: {', '.join(_md(_key(k)) for k, _ in t.removed)}"]
            if t.changed:
                out += ["", "| row | field | before | after |", "|---|---|---|---|"]
                out += [
                    f"| {_md(_key(r.key))} | {_md(c.name)} | {_md(_show(c.before))} "
                    f"| {_md(_show(c.after))} |"
                    for r in t.changed
                    for c in r.cells
                ]
        if self.unread:
            out += ["", "### Not compared", ""]
            out += [f"- {_md(name)}: {_md(why)}" for name, why in self.unread]
        return "\n".join(out) + "\n"


def _side(side: Side) -> str:
    return f"{side.name or '(unnamed)'} {side.version or '(no version)'} at {side.root}"


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return quoted(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _key(key: Key) -> str:
    return "|".join(key)


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or a line: pipes, backticks, HTML and breaks
    escaped, and an ``@`` followed by a word joiner (U+2060), so that posting the report as a
    comment mentions nobody."""
    for char in "\\`*_[]<|":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ").replace("@", "@\u2060")


def _table_line(t: TableDiff) -> str:
    if t.status == "added":
        return f"table added ({t.rows[1]} rows)"
    if t.status == "removed":
        return f"table removed (had {t.rows[0]} rows)"
    by = f"by {', '.join(t.key)}" if t.key else "as whole rows (no shared primary key)"
    return (
        f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed "
        f"({t.rows[0]} -> {t.rows[1]} rows, matched {by})"
    )


def _structure_lines(t: TableDiff) -> list[str]:
    lines = [f"{c.name}: {_show(c.before)} -> {_show(c.after)}" for c in t.properties]
    lines += [f"schema {c.name}: {_show(c.before)} -> {_show(c.after)}" for c in t.schema]
    for f in t.fields:
        if f.status == "changed":
            lines += [
                f"field {f.name}: {c.name}: {_show(c.before)} -> {_show(c.after)}"
                for c in f.properties
            ]
        else:
            lines.append(f"field {f.name} {f.status} ({f.filled} rows with a value)")
    return lines


# -- computing the diff -------------------------------------------------------------------


def _changes(before: dict[str, Any], after: dict[str, Any], skip: frozenset[str]) -> list[Change]:
    names = [k for k in before if k not in skip] + [
        k for k in after if k not in skip and k not in before
    ]
    return [Change(k, before.get(k), after.get(k)) for k in names if before.get(k) != after.get(k)]


# A file larger than this that the strict reader refuses is not read again leniently.
LENIENT_BYTES = 32 * 1024 * 1024


def _read(res: Resource, which: str, root: Path, notes: list[str] | None = None) -> list[Row]:
    """The rows of ``res``, by the strict reader; a file it refuses (a changed header, a
    broken row) is read by its own header instead, and ``notes`` says so: a reviewer needs
    the comparison most when a copy is not valid. A file that cannot be read that way either
    is a :class:`PackageError`, and the table is not compared."""
    try:
        return read_strict(res).rows()
    except PackageError as exc:
        strict = exc
    why = f"cannot read the {which} copy ({root}): {strict.reason}"
    try:
        if res.file.stat().st_size > LENIENT_BYTES:
            raise PackageError(why, file=strict.file, row=strict.row, field=strict.field)
        with open(res.file, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = [{f: r.get(f) or "" for f in res.field_names} for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error):
        raise PackageError(why, file=strict.file, row=strict.row, field=strict.field) from None
    if not header:
        raise PackageError(why, file=strict.file)
    if notes is not None:
        extra = [h for h in header if h not in res.field_names]
        notes.append(
            f"the {which} copy's {res.path} is not valid ({strict.reason}); compared by its "
            "header"
            + (f", without its columns not in the schema: {', '.join(extra)}" if extra else "")
        )
    return rows


def _index(
    rows: list[Row], key: tuple[str, ...], res: Resource, which: str, root: Path
) -> dict[Key, Row]:
    out: dict[Key, Row] = {}
    for i, row in enumerate(rows):
        k = tuple(row[f] for f in key)
        if k in out:
            raise PackageError(
                f"in the {which} copy ({root}), the key {_key(k)!r} repeats an earlier row, so "
                "its rows cannot be matched (run `jihadistds validate` on it)",
                file=res.path,
                row=i + 2,
                field=key[0],
            )
        out[k] = row
    return out


def _fields_diff(
    old: Resource, new: Resource, old_rows: list[Row], new_rows: list[Row]
) -> list[FieldChange]:
    before = {f.name: dict(f.spec) for f in old.fields}
    after = {f.name: dict(f.spec) for f in new.fields}
    out: list[FieldChange] = []
    for name, spec in before.items():
        if name not in after:
            out.append(FieldChange(name, "removed", filled=sum(1 for r in old_rows if r[name])))
        elif spec != after[name]:
            out.append(
                FieldChange(name, "changed", tuple(_changes(spec, after[name], frozenset())))
            )
    for name in after:
        if name not in before:
            out.append(FieldChange(name, "added", filled=sum(1 for r in new_rows if r[name])))
    return out


def _table_diff(old: Resource, new: Resource, roots: tuple[Path, Path]) -> TableDiff:
    notes: list[str] = []
    old_rows, new_rows = _read(old, "old", roots[0], notes), _read(new, "new", roots[1], notes)
    t = TableDiff(new.name, rows=(len(old_rows), len(new_rows)), notes=notes)
    t.schema = _changes(
        {k: v for k, v in old.schema.items() if k != "fields"},
        {k: v for k, v in new.schema.items() if k != "fields"},
        frozenset(),
    )
    common = [f for f in new.field_names if f in old.field_names]
    if [f for f in old.field_names if f in common] != common:
        t.schema.append(Change("field order", old.field_names, new.field_names))
    t.fields = _fields_diff(old, new, old_rows, new_rows)

    shared = set(common)
    key = next((k for k in (new.primary_key, old.primary_key) if k and shared.issuperset(k)), ())
    t.key = key
    if key:
        before = _index(old_rows, key, old, "old", roots[0])
        after = _index(new_rows, key, new, "new", roots[1])
        t.added = [(k, r) for k, r in after.items() if k not in before]
        t.removed = [(k, r) for k, r in before.items() if k not in after]
        for k, r in after.items():
            if k in before:
                cells = tuple(Change(f, before[k][f], r[f]) for f in common if before[k][f] != r[f])
                if cells:
                    t.changed.append(RowChange(k, cells))
    else:  # whole rows over the shared fields, as multisets: every row that came or went

        def whole(rows: list[Row]) -> Counter[Key]:
            return Counter(tuple(r[f] for f in common) for r in rows)

        before_n, after_n = whole(old_rows), whole(new_rows)
        by_key = {tuple(r[f] for f in common): r for r in old_rows + new_rows}
        t.added = [(k, by_key[k]) for k, n in (after_n - before_n).items() for _ in range(n)]
        t.removed = [(k, by_key[k]) for k, n in (before_n - after_n).items() for _ in range(n)]
    return t


def _whole_table(res: Resource, status: Literal["added", "removed"], root: Path) -> TableDiff:
    """A table only one copy has: every row of it added, or removed."""
    rows = _read(res, "new" if status == "added" else "old", root)
    key = res.primary_key
    counts = (0, len(rows)) if status == "added" else (len(rows), 0)
    t = TableDiff(res.name, status, key, rows=counts)
    setattr(t, status, [(tuple(r[f] for f in key) if key else tuple(r.values()), r) for r in rows])
    return t


def diff(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> PackageDiff:
    """How copy ``new`` of the package differs from copy ``old`` (folders or descriptors)."""
    before, after = read_descriptor(old), read_descriptor(new)
    roots = (before.root, after.root)
    result = PackageDiff(
        # Each copy named as it was given ("old/", "."): a report posted as a comment shows
        # no path of the machine that made it.
        Side(str(before.data.get("name", "")), before.version, os.fspath(old)),
        Side(str(after.data.get("name", "")), after.version, os.fspath(new)),
        _changes(before.data, after.data, frozenset({"resources"})),
        [],
    )
    # read_descriptor made sure that each resource is an object with a name
    old_specs, new_specs = ({r["name"]: r for r in d.data["resources"]} for d in (before, after))
    old_by_name = {r.name: r for r in before.resources}
    new_names = {r.name for r in after.resources}
    for res in after.resources:
        if res.name not in old_by_name:
            result.tables.append(_whole_table(res, "added", roots[1]))
            continue
        try:
            t = _table_diff(old_by_name[res.name], res, roots)
        except PackageError as exc:  # listed, and the other tables still compared
            result.unread.append((res.name, str(exc)))
            continue
        t.properties = _changes(
            old_specs[res.name], new_specs[res.name], IGNORED_RESOURCE_PROPERTIES
        )
        t.status = "changed" if t.differs else None
        result.tables.append(t)
    result.tables += [
        _whole_table(r, "removed", roots[0]) for r in before.resources if r.name not in new_names
    ]
    return result

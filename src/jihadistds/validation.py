"""Validating a data package: frictionless' checks, the file rules, the dataset rules, the source texts.

Two engines give the same verdict and the same errors. ``frictionless`` runs stock
frictionless for the descriptor, schemas and tables: the reference. ``fast`` (the default)
runs the same table checks vectorised (:mod:`jihadistds.fastcheck`) and checks descriptors
with frictionless' own profiles; whenever it meets something it cannot mirror exactly (an
invalid descriptor, a field type it does not read), it hands the package to frictionless.
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable
from typing import Any, Literal

from .descriptor import Descriptor, read_descriptor
from .locate import DESCRIPTOR
from .errors import PackageError
from .problems import Problem
from .report import Report
from .rules import check_dataset
from .sourcetexts import check_source_texts
from .tabular import Table, cell_problems, read_table

Engine = Literal["fast", "frictionless"]
ENGINES: tuple[Engine, ...] = ("fast", "frictionless")
# Errors frictionless raises on a table when a file it reads cannot be read at all; on a table
# whose own file reads fine, the file at fault is one its foreign keys refer to.
_UNREADABLE = {"encoding-error", "source-error", "scheme-error", "format-error"}


def _frictionless_problems(descriptor: Descriptor, readable: set[str]) -> list[Problem]:
    import frictionless

    name = descriptor.path.name
    try:
        # Paths were checked by read_descriptor; frictionless reads them relative to basepath.
        report = frictionless.validate(str(descriptor.path))
    except Exception as exc:  # frictionless raises its own errors on descriptors it cannot load
        return [Problem(name, None, None, f"frictionless cannot load the package: {exc}", "package-error")]
    problems = [Problem(name, None, None, _message(e), e.type) for e in report.errors]
    paths = {r.name: r.path for r in descriptor.resources}
    for task in report.tasks:
        file = paths.get(task.name, str(task.place))
        for e in task.errors:
            row = getattr(e, "row_number", None)
            if row is None and hasattr(e, "label"):
                row = 1
            message = _message(e)
            if e.type in _UNREADABLE and task.name in readable:
                message = f"foreign keys not checked: a table this one refers to cannot be read ({e.note or e.message})"
            problems.append(Problem(file, row, getattr(e, "field_name", None) or None, message, e.type))
    return problems


def _message(error: Any) -> str:
    label = error.type.replace("-", " ")
    label = label if label.endswith("error") else f"{label} error"
    text = f"{label}: {error.note}" if error.note else str(error.message)
    if getattr(error, "cell", None) not in (None, ""):
        text += f"; the cell is {error.cell!r}"
    return str(text)


def _unreadable(problems: list[Problem]) -> Problem | None:
    """The frictionless error for a table that could not be read at all, from our reading problems."""
    for p in problems:
        if p.rule == "JDS001" and "not UTF-8" in p.message:
            return Problem(p.file, None, None, f"encoding error: {p.message}", "encoding-error")
        if p.rule == "JDS001" and "empty" in p.message:
            return Problem(p.file, None, None, "source error: the source is empty", "source-error")
        if p.rule == "JDS900" and "cannot read" in p.message:
            return Problem(p.file, None, None, f"scheme error: {p.message}", "scheme-error")
        if p.rule == "JDS900":
            return Problem(p.file, None, None, f"source error: {p.message}", "source-error")
    return None


def _fast_problems(descriptor: Descriptor, tables: dict[str, Table], failures: dict[str, Problem]) -> list[Problem]:
    """Frictionless' checks, vectorised; raises Unsupported where they would not be exact."""
    from .fastcheck import Checked, check_foreign_keys, check_table
    from .profiles import descriptor_problems

    if descriptor_problems(descriptor):
        from .fastcheck import Unsupported

        raise Unsupported("the descriptor is invalid: frictionless reports it")
    problems: list[Problem] = list(failures.values())
    checked: dict[str, Checked] = {}
    # Fields whose parsed values are needed: keys, and both ends of every reference.
    key_fields: dict[str, set[str]] = {r.name: set(r.primary_key) for r in descriptor.resources}
    for r in descriptor.resources:
        for fk in r.schema.get("foreignKeys", []):
            local, ref = fk.get("fields"), fk.get("reference", {})
            key_fields[r.name] |= set([local] if isinstance(local, str) else local or [])
            remote = ref.get("fields")
            key_fields.setdefault(ref.get("resource") or r.name, set()).update([remote] if isinstance(remote, str) else remote or [])

    def lookup(name: str) -> Checked | Problem | None:
        if name in failures and failures[name].rule == "source-error" and "empty" in failures[name].message:
            from ._arrow import strings

            # Frictionless reads an empty table as one with no rows: every reference to it fails.
            return Checked(parsed={f: strings([]) for f in descriptor.resource(name).field_names})
        if name in failures:
            cause = failures[name]
            return Problem("", None, None, f"foreign keys not checked: a table this one refers to cannot be read ({cause.message.split(': ', 1)[-1]})", cause.rule)
        if name not in checked:
            try:
                res = descriptor.resource(name)
            except KeyError:
                return None
            if name not in tables:
                return None
            checked[name] = check_table(res, tables[name], key_fields.get(name, set()))
        return checked[name]

    for res in descriptor.resources:
        table = tables.get(res.name)
        if table is None:
            continue
        result = lookup(res.name)
        assert isinstance(result, Checked)
        problems += result.problems
        for p in check_foreign_keys(res, table, result, lookup):
            problems.append(Problem(table.path, p.row, p.field, p.message, p.rule) if not p.file else p)
    return problems


class _Background:
    """``function(*args)`` run in a thread of its own; :meth:`result` waits for it and returns or raises what it did."""

    def __init__(self, function: Callable[..., list[Problem]], *args: Any) -> None:
        import threading

        self._result: list[Problem] = []
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._result = function(*args)
            except BaseException as exc:  # handed to the caller by result()
                self._error = exc

        self._thread = threading.Thread(target=run, name="jihadistds-rules", daemon=True)
        self._thread.start()

    def result(self) -> list[Problem]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


def validate(
    path: str | os.PathLike[str] | None = None, *, sources: str | os.PathLike[str] | None = None, engine: Engine = "fast"
) -> Report:
    """Check a data package and return a :class:`~jihadistds.report.Report`; never raises for bad input.

    ``path`` is a folder holding ``datapackage.json`` or the file itself; ``None`` means the
    installed copy. With ``sources``, a folder of source texts, every source's text is found
    and hashed and every quote checked against it. ``engine`` is ``"fast"`` or
    ``"frictionless"`` (the reference, slower); both find the same problems.

    >>> validate().valid
    True
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if path is None:
        from .locate import installed_root

        path = installed_root()
    report = Report(package=str(path))
    try:
        descriptor = read_descriptor(path)
    except PackageError as exc:
        report.problems.append(Problem(exc.file or DESCRIPTOR, exc.row, exc.field, exc.reason, "JDS900"))
        report.readable = False
        return report
    report.version = descriptor.version
    tables: dict[str, Table] = {}
    failures: dict[str, Problem] = {}
    for res in descriptor.resources:
        table, problems = read_table(res, cells=False)  # cells are checked below, beside the rules
        report.problems += problems
        if table is not None:
            tables[res.name] = table
            report.tables[res.name] = int((table.counts != 0).sum())
        else:
            failure = _unreadable(problems)
            if failure is not None:
                failures[res.name] = failure
    # The dataset rules run in a second thread while frictionless' checks run in this one: both
    # spend most of their time in numpy and Arrow, which release the GIL, so two cores do both
    # in little more than the time of the longer. They share the tables' caches (Table.cached).
    dataset = _Background(check_dataset, tables, descriptor.primary_keys(), descriptor.foreign_keys())
    for res in descriptor.resources:
        if res.name in tables:
            report.problems += cell_problems(res, tables[res.name])
    if engine == "fast":
        from .fastcheck import Unsupported

        try:
            report.problems += _fast_problems(descriptor, tables, failures)
        except Unsupported:
            engine = "frictionless"
    if engine == "frictionless":
        report.problems += _frictionless_problems(descriptor, set(tables))
    report.problems += dataset.result()
    if sources is not None:
        folder = Path(sources)
        if folder.is_dir():
            report.problems += check_source_texts(tables, folder)
            report.sources_checked = True
        else:
            report.problems.append(Problem(str(folder), None, None, "the sources folder does not exist", "JDS201"))
    report.engine = engine
    report.sort()
    return report

"""Validating a data package: frictionless, the file rules, the dataset rules, the source texts.

Frictionless is the reference for what a descriptor, a schema and a table must be: whatever it
flags, this flags, under its error type. The ``JDS`` rules add what no Table Schema can say.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .csvfile import RawTable, read_table
from .descriptor import DESCRIPTOR, Descriptor, read_descriptor
from .errors import PackageError
from .problems import Problem
from .report import Report
from .rules import check_dataset
from .sourcetexts import check_source_texts


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


def validate(path: str | os.PathLike[str] | None = None, *, sources: str | os.PathLike[str] | None = None) -> Report:
    """Check a data package and return a :class:`~jihadistds.report.Report`; never raises for bad input.

    ``path`` is a folder holding ``datapackage.json`` or the file itself; ``None`` means the
    installed copy. With ``sources``, a folder of source texts, every source's text is found
    and hashed and every quote checked against it.

    >>> validate().valid
    True
    """
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
    tables: dict[str, RawTable] = {}
    for res in descriptor.resources:
        table, problems = read_table(res)
        report.problems += problems
        if table is not None:
            tables[res.name] = table
            report.tables[res.name] = sum(1 for row in table.rows if row)
    report.problems += _frictionless_problems(descriptor, set(tables))
    report.problems += check_dataset(tables, descriptor.primary_keys(), descriptor.foreign_keys())
    if sources is not None:
        folder = Path(sources)
        if folder.is_dir():
            report.problems += check_source_texts(tables, folder)
            report.sources_checked = True
        else:
            report.problems.append(Problem(str(folder), None, None, "the sources folder does not exist", "JDS201"))
    report.sort()
    return report

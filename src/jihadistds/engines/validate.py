"""Validating a data package: read it, run the file and dataset rules, frictionless' checks and the source rules.

The walk goes down the layers once: the descriptor and every CSV are read
(:mod:`jihadistds.read`); the dataset rules start in a second thread while the file rules and
one engine's table checks run in this one (:mod:`jihadistds.check`, :mod:`.fast` or
:mod:`.reference`); the source rules run last; the report is sorted.

Two engines give the same verdict. ``frictionless`` runs stock frictionless for the
descriptor, schemas and tables: the reference. ``fast`` (the default) runs the same table
checks vectorised. :func:`check_tables` is the one place that decides when ``fast`` hands a
package to the reference, and the report keeps the reason (``Report.handover``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ..check.causes import explain
from ..check.dataset import check_dataset
from ..check.file import check_file
from ..check.problems import Problem
from ..check.report import Report
from ..check.sources import check_source_texts
from ..errors import PackageError, UsageError
from ..read.csv import UNSAFE_FOR_FRICTIONLESS, ReadError, Table, Unreadable, read_table
from ..read.descriptor import Descriptor, read_descriptor
from ..read.locate import DESCRIPTOR, installed_root
from ..read.patterns import PatternError, check_compiles, translate
from . import fast, reference, sniff

Engine = Literal["fast", "frictionless"]
# Why frictionless is not run on a file, by the reader's cause (read.csv.UNSAFE_FOR_FRICTIONLESS).
UNSAFE_WHY = {
    Unreadable.NUL: "it holds NUL bytes",
    Unreadable.TOO_WIDE: "its header is too wide",
    Unreadable.TOO_MANY_ROWS: "it has too many rows",
    Unreadable.NOT_CSV: "it cannot be parsed as CSV",
}
ENGINES: tuple[Engine, ...] = ("fast", "frictionless")


def compile_patterns(descriptor: Descriptor) -> None:
    """Raise :class:`PackageError` (schema, field) for a pattern RE2 cannot compile.

    read_descriptor accepted only patterns in the syntax Python and RE2 read alike; this
    makes sure of it before any engine matches one, so matching can never fail midway.
    """
    for res in descriptor.resources:
        for f in res.fields:
            pattern = f.constraints.get("pattern")
            if not isinstance(pattern, str):
                continue
            try:
                check_compiles(translate(pattern))
            except PatternError as exc:
                raise PackageError(
                    f"the pattern {pattern!r} is refused: {exc}", file=res.schema_file, field=f.name
                ) from None


def sniff_all(descriptor: Descriptor) -> dict[str, sniff.Guess]:
    """How frictionless would read each table: guessed where the package declares no dialect.

    A declared dialect the fast engine hands over (profiles.descriptor_problems); a declared
    encoding frictionless takes as given, and guesses the rest.
    """
    out = {}
    for res, raw in zip(descriptor.resources, descriptor.data["resources"]):
        if "dialect" in raw:
            out[res.name] = sniff.PLAIN
            continue
        declared = raw.get("encoding")
        try:
            out[res.name] = sniff.guess(res, declared if isinstance(declared, str) else None)
        except LookupError:  # an encoding Python does not know: frictionless reports it
            out[res.name] = sniff.Guess(unsupported=f"the encoding {declared!r} is unknown")
    return out


def check_tables(
    descriptor: Descriptor,
    tables: dict[str, Table],
    failures: dict[str, ReadError],
    engine: Engine,
    guesses: dict[str, sniff.Guess] | None = None,
) -> tuple[list[Problem], str, str | None]:
    """Frictionless' checks of every table by ``engine``: the problems, the engine that ran, and why it was handed over.

    The engine is ``"none"`` when neither could run safely (see ``UNSAFE_FOR_FRICTIONLESS``).

    The fast engine hands the package to frictionless when it meets anything it does not
    mirror exactly: a descriptor frictionless may reject, keys it cannot read, or a schema
    feature it does not implement.
    """
    # Frictionless would hold or parse the whole of a hostile shape (a file of NUL bytes, a
    # header of a million cells): on such a file its checks are not run, in either engine,
    # and the report says so.
    unsafe = [
        Problem(
            e.file or DESCRIPTOR,
            None,
            None,
            f"frictionless' checks were not run on this file: {UNSAFE_WHY[e.kind]}, so it "
            "cannot be checked safely",
            "JDS900",
        )
        for e in failures.values()
        if e.kind in UNSAFE_FOR_FRICTIONLESS
    ]
    reason = None
    if engine == "fast":
        guessed = [g.unsupported for g in (guesses or {}).values() if g.unsupported]
        reason = fast.unsupported(descriptor) or next(iter(guessed), None)
        if reason is None:
            try:
                return unsafe + fast.check_package(descriptor, tables, failures), "fast", None
            except fast.Unsupported as exc:
                reason = f"a schema feature the fast engine leaves to frictionless: {exc}"
    if unsafe:  # and frictionless is not run on the package at all
        return unsafe, "none", reason
    return reference.check_package(descriptor, set(tables)), "frictionless", reason


class _Background:
    """``function(*args)`` run in a thread of its own; :meth:`result` waits for it and returns or raises what it did."""

    def __init__(self, function: Callable[..., list[Problem]], *args: Any) -> None:
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
    path: str | os.PathLike[str] | None = None,
    *,
    sources: str | os.PathLike[str] | None = None,
    engine: Engine = "fast",
) -> Report:
    """Check a data package and return a :class:`~jihadistds.check.report.Report`; never raises for bad input.

    ``path`` is a folder holding ``datapackage.json`` or the file itself; ``None`` means the
    installed copy. With ``sources``, a folder of source texts, every source's text is found
    and hashed and every quote checked against it. ``engine`` is ``"fast"`` or
    ``"frictionless"`` (the reference, slower); both find the same problems.

    >>> validate().valid
    True
    """
    if engine not in ENGINES:
        raise UsageError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if path is None:
        path = installed_root()
    report = Report(package=str(path))
    try:
        descriptor = read_descriptor(path)
        compile_patterns(descriptor)
    except PackageError as exc:
        report.problems.append(
            Problem(exc.file or DESCRIPTOR, exc.row, exc.field, exc.reason, "JDS900")
        )
        report.readable = False
        return report
    report.package, report.name = str(descriptor.root), str(descriptor.data.get("name") or "")
    report.version = descriptor.version
    tables: dict[str, Table] = {}
    failures: dict[str, ReadError] = {}
    guesses = sniff_all(descriptor)
    for res in descriptor.resources:
        guessed = guesses[res.name]
        try:
            tables[res.name] = read_table(
                res, delimiter=guessed.delimiter, skip_initial_space=guessed.skip_initial_space
            )
        except ReadError as exc:
            failures[res.name] = exc
        else:
            report.tables[res.name] = int((tables[res.name].counts != 0).sum())
    # The dataset rules run in a second thread while the file rules and frictionless' checks run
    # in this one: both spend most of their time in numpy and Arrow, which release the GIL, so
    # two cores do both in little more than the time of the longer. They share the tables'
    # caches (Table.cached).
    dataset = _Background(check_dataset, tables, descriptor)
    for res in descriptor.resources:
        report.problems += check_file(res, tables.get(res.name), failures.get(res.name))
    problems, report.engine, report.handover = check_tables(
        descriptor, tables, failures, engine, guesses
    )
    report.problems += problems
    report.problems += dataset.result()
    if sources is not None:
        folder = Path(sources)
        if folder.is_dir():
            report.problems += check_source_texts(tables, folder)
            report.sources_checked = True
        else:
            report.problems.append(
                Problem(str(folder), None, None, "the sources folder does not exist", "JDS201")
            )
    report.problems = explain(report.problems, descriptor, tables)
    report.sort()
    return report

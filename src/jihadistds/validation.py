"""Validating a data package: the one path every check takes, down the layers once.

Confinement (:func:`~jihadistds.read.descriptor.read_descriptor`), before frictionless sees
the descriptor; the one strict reader and the file rules; stock frictionless, with patterns
matched by RE2 (on a large package in a forked process, beside the rest); the dataset's rules
and, with ``sources``, the source rules; then each cause reported once (:mod:`.check.causes`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .check import table_schema
from .check.causes import explain
from .check.dataset import check_dataset
from .check.file import check_file
from .check.problems import Problem
from .check.report import Report
from .check.sources import source_problems
from .errors import PackageError
from .read.csv import ReadError, Table, Unreadable, read_table
from .read.descriptor import Descriptor, read_descriptor
from .read.locate import DESCRIPTOR, installed_root

# Files frictionless is not run on, because it would hold or parse the whole of a hostile
# shape, by the reader's cause; the report says why.
UNSAFE_WHY = {
    Unreadable.NUL: "it holds NUL bytes",
    Unreadable.TOO_WIDE: "its header is too wide",
    Unreadable.NOT_CSV: "it cannot be parsed as CSV",
}


# Past this many bytes of CSV, frictionless' checks run in a forked process while the
# dataset's rules run in this one (on Linux, where fork is safe): the two are independent
# until folding, and on a grown fork each takes tens of seconds.
BESIDE_BYTES = 16 * 1024 * 1024


def fork_early(descriptor: Descriptor) -> ProcessPoolExecutor | None:
    """For a large package, the process frictionless will run in, forked now: before this
    one reads the tables, so that the child does not carry them too. ``None`` to check in line.
    """
    size = 0
    for r in descriptor.resources:  # a file that cannot be looked at is read, and named, later
        with contextlib.suppress(OSError):
            size += r.file.stat().st_size if r.file.is_file() else 0
    # Fork only a process with no other thread: a thread's locks would stay held in the child.
    if size < BESIDE_BYTES or sys.platform != "linux" or threading.active_count() > 1:
        return None
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        pool.submit(os.getpid).result()  # the worker is forked on the first task
    except Exception:  # no process to be had (memory, a process limit): check in line
        pool.shutdown()
        return None
    return pool


def validate(
    path: str | os.PathLike[str] | None = None, *, sources: str | os.PathLike[str] | None = None
) -> Report:
    """Check a data package and return a :class:`~jihadistds.check.report.Report`; never raises for bad input.

    ``path`` is a folder holding ``datapackage.json`` or the file itself; ``None`` means the
    installed copy. With ``sources``, a folder of source texts, every source's text is found
    and hashed and every quote checked against it.

    >>> validate().valid
    True
    """
    if path is None:
        path = installed_root()
    report = Report(package=str(path))
    try:
        descriptor = read_descriptor(path)
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
    pool = fork_early(descriptor)
    beside = None
    try:  # the forked process is shut down, and waited for, whatever happens here
        if pool is not None:
            # Frictionless' checks take longest: they start once a parse that keeps nothing
            # has shown every file safe to hand them, not after the tables are read.
            readable: set[str] = set()
            for res in descriptor.resources:
                try:
                    read_table(res, cells=False)
                except ReadError as exc:
                    if exc.kind in UNSAFE_WHY:
                        break
                else:
                    readable.add(res.name)
            else:
                beside = pool.submit(table_schema.check_package, descriptor, readable)
        for res in descriptor.resources:
            try:
                tables[res.name] = read_table(res)
            except ReadError as exc:
                failures[res.name] = exc
            else:
                report.tables[res.name] = tables[res.name].live_rows
        # Frictionless would hold or parse the whole of a hostile shape (a file of NUL bytes, a
        # header of a million cells): with one in the package it is not run, and each says why.
        unsafe = [
            Problem(
                e.file or DESCRIPTOR,
                None,
                None,
                f"{UNSAFE_WHY[e.kind]}, so frictionless cannot check it safely, and its checks "
                "(types, constraints, keys, row widths) were run on no table: fix this file "
                "and validate again",
                "JDS900",
            )
            for e in failures.values()
            if e.kind in UNSAFE_WHY
        ]
        readable = set(tables)
        for res in descriptor.resources:
            report.problems += check_file(res, tables.get(res.name), failures.get(res.name))
        ours = check_dataset(tables, descriptor)
        if sources is not None:
            found, texts = source_problems(tables, Path(sources), descriptor)
            ours += found
            report.sources_checked = texts > 0  # quotes were checked against a text
        problems, report.engine = unsafe, "none"
        if not unsafe:
            try:
                problems = (
                    beside.result() if beside else table_schema.check_package(descriptor, readable)
                )
            except Exception:  # the process died: check here instead
                problems = table_schema.check_package(descriptor, readable)
            report.engine = "frictionless"
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.problems += problems + ours
    report.problems = explain(report.problems, descriptor, tables)
    report.sort()
    return report

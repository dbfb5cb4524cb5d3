"""The ``jihadistds`` commands: ``validate`` for CI, and ``list``, ``show``, ``export``, ``cite``, ...

Thin: each command parses its options, calls the Python API and prints what it returns.
This is a front door: each command imports the API when it runs, so that ``--help`` and
``--version`` start in little more than the time of ``import click``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import sys
from pathlib import Path

import click

from ..errors import UnknownTableError, json_text, printable, printable_line
from .options import (
    CONTEXT_SETTINGS,
    PACKAGE_HERE,
    format_option,
    package_argument,
    print_version,
    user_errors,
)

SHOW_WIDTH = 40  # `show` shortens longer cells, and says so
NARROWEST = 12  # `show` narrows a column to this before it leaves one out


@click.group(name="jihadistds", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=print_version,
    help="Show the package and data versions and exit.",
)
def cli() -> None:
    """Structured, validated facts about jihadist groups: validate, list, show, export, diff, site, rehash, cite."""


@cli.command(epilog="`jihadistds rules` lists the rules it checks: their ids, what and where.")
@package_argument
@click.option(
    "--sources",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Folder of source texts: find each by <source_id>.txt or SHA-256, check its hash and every quote.",
)
@format_option(
    "text",
    "json",
    "github",
    help="text: one line per problem, then a summary. json: the report's documented shape. "
    "github: GitHub Actions annotations (::error file=...,line=...::), shown on a pull "
    "request's diff.",
)
def validate(package: str | None, sources: Path | None, fmt: str) -> None:
    """Check a data package against frictionless and the dataset's own rules.

    The summary names the package, version and folder checked. Exit status: 0
    valid, 1 invalid, 2 usage error or a package that cannot be read.

    \b
    Example:
        jihadistds validate
        jihadistds validate path/to/fork --sources path/to/texts --format json
    """
    try:
        from ..validation import validate as run

        report = run(package, sources=sources)
    except Exception as exc:  # validate() reports bad input; anything raised here is a bug
        click.echo(
            printable(
                f"Error: validation failed unexpectedly: {type(exc).__name__}: {exc} (a bug in "
                "jihadistds; please report it)"
            ),
            err=True,
        )
        sys.exit(2)
    if fmt == "github":
        click.echo(report.to_github(_repository_prefix(report.package)), nl=False)
    else:
        click.echo(report.to_json() if fmt == "json" else report.to_text(), nl=False)
    sys.exit(0 if report.valid else 1 if report.readable else 2)


def _repository_prefix(package: str) -> str:
    """The package folder relative to the current folder (a workflow's repository root), with a slash."""
    try:
        relative = os.path.relpath(package)
    except ValueError:  # another drive
        return ""
    return (
        "" if relative == "." or relative.startswith("..") else relative.replace(os.sep, "/") + "/"
    )


@cli.command("list")
@package_argument
@format_option("table", "json", help="Output format.")
@user_errors
def list_tables(package: str | None, fmt: str) -> None:
    """List the tables, with their row counts and titles.

    \b
    Example:
        jihadistds list
        jihadistds list --format json
    """
    from ..package import Package
    from ..read.csv import read_strict

    pkg = Package(package)
    rows = [
        (r.name, read_strict(r).n_rows, raw.get("title", ""))
        for r, raw in zip(pkg.descriptor.resources, pkg.descriptor.data["resources"])
    ]
    if fmt == "json":
        click.echo(json_text([{"table": n, "rows": c, "title": t} for n, c, t in rows]))
        return
    _echo_table(["table", "rows", "title"], [[n, str(c), t] for n, c, t in rows])


@cli.command()
@click.argument("table")
@package_argument
@format_option(
    "table",
    "csv",
    "json",
    help=f"table: aligned columns of at most {SHOW_WIDTH} characters, longer cells shortened "
    "with '…' (and said so). csv, json: full values.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=None, metavar="N", help="Show at most N rows."
)
@click.option(
    "--columns",
    metavar="A,B,...",
    default=None,
    help="Only these columns, in this order. Without it, table format shows, in order, the "
    "columns that fit the terminal (100 characters when it is not one), narrowing wide ones "
    "first and keeping value beside its qualifier, and names the rest.",
)
@user_errors
def show(table: str, package: str | None, fmt: str, limit: int | None, columns: str | None) -> None:
    """Print the rows of one table.

    \b
    Example:
        jihadistds show counts
        jihadistds show counts --columns actor_id,value,value_as_stated,quote
        jihadistds show group_sizes --format json --limit 2
    """
    from ..export.json import rows_as_json
    from ..package import Package

    pkg = Package(package)
    try:
        res = pkg.resource(table)
    except UnknownTableError as exc:  # a usage error (exit 2), like any bad argument
        raise click.BadParameter(printable_line(str(exc)), param_hint="TABLE") from None
    chosen = res.field_names
    if columns is not None:
        chosen = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in res.field_names]
        if unknown or not chosen:
            raise click.BadParameter(
                printable_line(
                    f"{', '.join(map(repr, unknown)) or 'none given'}: not a column of "
                    f"{table}; its columns are {', '.join(res.field_names)}"
                ),
                param_hint="--columns",
            )
    if fmt == "json":  # typed values, read once
        typed = rows_as_json(res)[:limit]
        click.echo(json_text([{c: r[c] for c in chosen} for r in typed]))
        return
    all_rows = pkg.text_rows(table)
    rows = all_rows if limit is None else all_rows[:limit]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(chosen)
        # Escaped for a terminal; `export --format csv` writes the files as they are.
        writer.writerows([[printable(row.get(f, "")) for f in chosen] for row in rows])
        click.echo(out.getvalue(), nl=False)
        return
    full = {f: [row.get(f, "") for row in rows] for f in chosen}
    natural = {f: min(SHOW_WIDTH, max([len(f), *map(len, full[f])])) for f in chosen}
    widths, hidden = natural, list[str]()
    if columns is None:  # as many columns, in order, as the terminal holds, narrowed to fit
        room = shutil.get_terminal_size((100, 24)).columns
        widths, hidden = _fit(chosen, natural, room)
        chosen = list(widths)
    cut = any(len(cell) > widths[f] for f in chosen for cell in full[f])
    cells = {f: [_shorten(c, widths[f]) for c in full[f]] for f in chosen}
    _echo_table(chosen, [[cells[f][i] for f in chosen] for i in range(len(rows))])
    notes = []
    if hidden:
        notes.append(
            f"{len(hidden)} columns do not fit and are not shown: {', '.join(hidden)}; "
            "choose with --columns, or use --format csv"
        )
    if len(rows) < len(all_rows):
        notes.append(f"showing {len(rows)} of {len(all_rows)} rows")
    if cut:
        notes.append(
            "cells wider than their column are shortened with '…'; use --format csv or json "
            "for full values"
        )
    for note in notes:
        click.echo(f"({note})", err=True)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fit(fields: list[str], natural: dict[str, int], room: int) -> tuple[dict[str, int], list[str]]:
    """The first of ``fields`` that fit in ``room`` characters, each with its width, and those
    left out. Wide columns narrow (never below :data:`NARROWEST` or their name) before a
    column is left out, and a value is never shown without its qualifier: "up to 20,000" is
    not 20,000."""
    # Side by side, as in every fact table: a fork's other order is kept as it is.
    paired = "value" in fields and fields[fields.index("value") + 1 :][:1] == ["qualifier"]
    units = [[f, "qualifier"] if paired and f == "value" else [f] for f in fields]
    units = [u for u in units if not (paired and u == ["qualifier"])]
    widths: dict[str, int] = {}
    for n, unit in enumerate(units):
        trial = {**widths, **{f: natural[f] for f in unit}}
        excess = sum(trial.values()) + 2 * (len(trial) - 1) - room
        floor = {f: min(w, max(NARROWEST, len(f))) for f, w in trial.items()}
        while excess > 0:
            widest = max(trial, key=lambda f: trial[f] - floor[f])
            if trial[widest] <= floor[widest]:
                break
            trial[widest] -= 1
            excess -= 1
        if excess > 0 and widths:
            return widths, [f for u in units[n:] for f in u]
        widths = trial
    return widths, []


def _echo_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    for line in [header, ["-" * w for w in widths], *rows]:
        click.echo(
            printable_line("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        )


@cli.command()
@format_option("table", "json", help="Output format.")
def rules(fmt: str) -> None:
    """List every rule validate checks: its id, what it checks and where it applies.

    \b
    Example:
        jihadistds rules
        jihadistds rules --format json
    """
    from ..check import RULES
    from ..check.registry import KINDS
    from ..check.registry import rules as of_kind

    if fmt == "json":
        data = [
            {"rule": r.id, "kind": r.kind, "summary": r.summary, "applies_to": r.scope}
            for r in sorted(RULES.values(), key=lambda r: r.id)
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for kind, title in KINDS.items():
        click.echo(title)
        for r in of_kind(kind):
            click.echo(f"  {r.id}  {r.summary}")
            click.echo(f"          applies to: {r.scope}")
    click.echo(
        "Frictionless' own checks keep frictionless' error types (type-error, foreign-key, ...)."
    )


@cli.command()
@functools.partial(package_argument, rule=PACKAGE_HERE)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 and name the tables whose recorded bytes or hash are stale.",
)
@user_errors
def rehash(package: str | None, check_only: bool) -> None:
    """Record each CSV's size and SHA-256 in datapackage.json, after you change the data.

    Validation reports a
    CSV whose bytes or hash differ from what datapackage.json records (byte-count,
    hash-count), so that a direct download can be checked; run this once your edits are done.

    \b
    Example:
        jihadistds rehash              # in your fork, after editing data/*.csv
        jihadistds rehash --check      # in CI: fail if someone forgot
    """
    from ..read.descriptor import read_descriptor
    from ..read.integrity import rehash as run

    if package is None:  # exit 1, as for any package that cannot be read
        raise click.ClickException(
            "no datapackage.json in the current folder or above it: give PATH, the package to "
            "update (the installed copy is never changed)"
        )
    descriptor = read_descriptor(package).path
    changed = run(package, write=not check_only)
    if not changed:
        click.echo(
            printable_line(f"up to date: every CSV's bytes and hash are recorded in {descriptor}")
        )
        return
    names = ", ".join(changed)
    if check_only:
        click.echo(
            printable_line(
                f"stale: the recorded bytes or hash of {names} differ from the files; "
                "run `jihadistds rehash`"
            )
        )
        sys.exit(1)
    click.echo(
        printable_line(
            f"recorded new bytes and hash for {names} in {descriptor}; this checks no cell: "
            "`jihadistds validate` does"
        )
    )


@cli.command()
@user_errors
def path() -> None:
    """Print the folder where the installed data package lives.

    \b
    Example:
        jihadistds path
    """
    from ..read.locate import installed_root

    click.echo(str(installed_root()))


def main() -> None:
    """Entry point of the ``jihadistds`` script and ``python -m jihadistds``."""
    try:
        cli(prog_name="jihadistds")
    except BrokenPipeError:  # e.g. `jihadistds show counts | head`
        sys.stderr.close()
        sys.exit(1)

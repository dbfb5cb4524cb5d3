"""The commands that publish the package or compare copies of it: ``export``, ``site``,
``cite`` and ``diff``. Thin, as every command is: each imports the API when it runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import JihadistdsError, printable_line
from .commands import cli
from .options import format_option, package_argument, package_here, user_errors


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "parquet", "sqlite"]),
    required=True,
    help="csv: the data package itself. json: one file per table. parquet: one file per table "
    "(written with pyarrow, which every install has). sqlite: one database with typed columns "
    "and keys, and metadata.json for Datasette (licence, sources, table and column "
    "descriptions: datasette jihadistds.sqlite --metadata metadata.json).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder to write to; made if missing.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist in DIR.")
@package_argument
@user_errors
def export(fmt: str, output: Path, force: bool, package: str | None) -> None:
    """Write every table to DIR as CSV, JSON, Parquet or SQLite.

    \b
    Example:
        jihadistds export --format sqlite --output out/
        jihadistds export --format parquet -o out/
    """
    from ..export import export as run
    from ..package import Package

    written = run(Package(package), fmt, output, force=force)
    click.echo(
        printable_line(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {output}")
    )


@cli.command()
@format_option(
    "text",
    "bibtex",
    "cff",
    help="text: a reference for the package, then one for each source. bibtex: the same as @misc "
    "entries. cff: the CITATION.cff file itself.",
)
@package_argument
@user_errors
def cite(fmt: str, package: str | None) -> None:
    """Print how to cite the data package, from its CITATION.cff, and the analyses it draws on.

    text and bibtex give the package, then each source of its facts (from the sources table:
    the original publication where one is recorded); cite the source of every fact you use
    too, which each row names in source_id. cff prints CITATION.cff as it is.

    \b
    Example:
        jihadistds cite
        jihadistds cite --format bibtex >> references.bib
    """
    from ..citation import (
        as_bibtex,
        as_text,
        citation_text,
        read_citation,
        sources_as_bibtex,
        sources_as_text,
    )
    from ..package import Package

    data = read_citation(package)  # reads and checks it, for every format
    if fmt == "cff":
        text = citation_text(package)
    else:
        pkg = Package(package)
        rows = pkg.text_rows("sources") if "sources" in pkg.resources() else []
        if fmt == "text":
            text = as_text(data) + (f"\nIt draws on:\n{sources_as_text(rows)}" if rows else "")
        else:
            text = as_bibtex(data) + (f"\n{sources_as_bibtex(rows)}" if rows else "")
    # Each line made safe for a terminal and a CI log, as every command's output is.
    click.echo("".join(printable_line(line) + "\n" for line in text.splitlines()), nl=False)


@cli.command("site")
@package_argument
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Folder to write the site to: empty, or a site built there before (with --force).",
)
@click.option(
    "--force", is_flag=True, help="Replace a site built in DIR before (never other files)."
)
@user_errors
def site(package: str | None, output: Path, force: bool) -> None:
    """Build a static web site of the package: every fact with its quote, every actor, the graph.

    The site is plain files: open DIR/index.html from disk, or put DIR on any static host. It makes no
    request to any other host.

    \b
    Example:
        jihadistds site -o public/
        jihadistds site path/to/fork -o public/ --force
    """
    from ..site import build_site

    written = build_site(output, package, force=force)
    click.echo(
        printable_line(f"wrote {len(written)} files to {output}; open {output / 'index.html'}")
    )


@cli.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@format_option(
    "text",
    "markdown",
    "json",
    help="text: for a terminal. markdown: for a pull request's comment. json: every change, "
    "with the whole of each row added or removed.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when the copies differ (as `git diff --exit-code` does), 0 when they do not. "
    "A copy that cannot be read exits 2, with or without it.",
)
@user_errors
def diff(old: str, new: str | None, fmt: str, exit_code: bool) -> None:
    """What changed from copy OLD of the package to copy NEW, by table and primary key.

    OLD and NEW are folders holding datapackage.json, or the files themselves; without NEW:
    the nearest folder, from the current one up, that holds a datapackage.json, else the
    installed copy. Reports the descriptor's changed properties, tables added and removed,
    schema changes field by field, and rows added, removed and changed, each changed cell
    before and after.

    \b
    Example:
        jihadistds diff ../jihadistds-2.0.0 .
        jihadistds diff old/ new/ --format markdown >> "$GITHUB_STEP_SUMMARY"
        jihadistds diff old/ new/ --format json --exit-code
    """
    from ..diff import diff as compare
    from ..read.locate import installed_root

    try:
        result = compare(old, package_here(new) or installed_root())
    except JihadistdsError as exc:  # "cannot read" is not "differ": exit 2, as validate's
        click.echo(f"Error: {printable_line(str(exc))}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(result.to_json())
    else:  # each line made safe for a terminal and a CI log: no control character, no "::"
        text = result.to_markdown() if fmt == "markdown" else result.to_text() + "\n"
        lines = text.removesuffix("\n").split(
            "\n"
        )  # only LF ends a line; printable_line escapes the rest
        click.echo("".join(printable_line(line) + "\n" for line in lines), nl=False)
    if result.unread:  # some tables could not be compared: "cannot read", not "differ"
        sys.exit(2)
    if exit_code and result.differs:
        sys.exit(1)

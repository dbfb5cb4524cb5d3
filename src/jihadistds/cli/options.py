"""What every command shares: the package argument and its one rule, --format, and errors as one line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import JihadistdsError, printable_line
from ..read.locate import DESCRIPTOR

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {
    "help_option_names": ["-h", "--help"],
    "max_content_width": 100,
    "terminal_width": 100,
}


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ..version import data_version, package_version

    code, data = package_version(), data_version()
    click.echo(f"jihadistds {code} (data package {data})")
    ctx.exit()


def user_errors(command: F) -> F:
    """Turn errors a user can cause into one clear line and exit 1; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except JihadistdsError as exc:
            raise click.ClickException(printable_line(str(exc))) from None
        except (
            click.ClickException,
            click.exceptions.Exit,
            click.Abort,
            BrokenPipeError,
        ):
            raise
        except Exception as exc:  # a bug: say so plainly rather than print a traceback
            raise click.ClickException(
                printable_line(
                    f"unexpected {type(exc).__name__}: {exc} (a bug in jihadistds; please report it)"
                )
            ) from None

    return wrapper  # type: ignore[return-value]


PACKAGE_RULE = (
    "PATH is the package: a folder holding datapackage.json, or the file itself. Without it: the "
    "nearest folder, from the current one up, that holds a datapackage.json (your fork, in its "
    "CI or hook), else the installed copy."
)
# For a command that writes to the package (rehash): never the installed copy.
PACKAGE_HERE = (
    "PATH is the package: a folder holding datapackage.json, or the file itself. Without it: the "
    "nearest folder, from the current one up, that holds a datapackage.json (the installed copy "
    "is never changed)."
)


def package_argument(command: F, *, rule: str = PACKAGE_RULE) -> F:
    """``[PATH]``, the package a command reads, by one rule for every command (:data:`PACKAGE_RULE`).

    The command gets it as ``package``: a path, or ``None`` for the installed copy. The older
    ``-p/--package PATH`` still works on every such command, hidden from the help.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, path: str | None, package_path: str | None, **kwargs: Any) -> Any:
        if path is not None and package_path is not None:
            raise click.UsageError("give the package once: as PATH, or with -p, not both")
        return command(*args, package=package_here(path or package_path), **kwargs)

    wrapper = click.argument("path", required=False, metavar="[PATH]")(wrapper)
    doc = command.__doc__ or ""
    at = doc.find("\n    \b\n    Example")  # the rule goes last, before the examples
    wrapper.__doc__ = f"{doc[:at]}\n\n    {rule}\n{doc[at:]}" if at >= 0 else doc
    return click.option(  # type: ignore[return-value]
        "-p", "--package", "package_path", metavar="PATH", default=None, hidden=True
    )(wrapper)


def format_option(*choices: str, help: str) -> Callable[[F], F]:
    """``--format``, one of ``choices``, the first the default: as every command has it."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def package_here(path: str | None) -> str | None:
    """``path``, or without one the nearest folder from the current one up that holds a
    datapackage.json (``"."`` for the current one), else ``None``: the installed copy
    (:data:`PACKAGE_RULE`). A fork's ``data/`` folder is in its fork, as a folder of a
    repository is in its repository for git."""
    if path is not None:
        return path
    try:
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / DESCRIPTOR).is_file():
                return "." if folder == here else str(folder)
    except OSError as exc:  # the current folder is gone, or a folder above it cannot be read
        raise click.ClickException(
            f"cannot look for {DESCRIPTOR} in the current folder or above it "
            f"({exc.strerror or exc}); give PATH"
        ) from None
    return None

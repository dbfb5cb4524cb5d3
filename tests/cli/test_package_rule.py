"""One rule for which package a command reads: PATH, else the nearest folder from the current one
up that holds a datapackage.json, else the installed copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jihadistds.cli import cli
from jihadistds.read.integrity import rehash

from conftest import ROOT, copy_package

MARK = "Noted in a fork"


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A fork whose places table and citation differ from the installed copy's."""
    pkg = copy_package(tmp_path, "fork", integrity=True)
    places = pkg / "data" / "places.csv"
    places.write_text(
        places.read_text(encoding="utf-8").replace(
            "\niran,Iran,country,IRN,\n", f"\niran,Iran,country,IRN,{MARK}\n"
        ),
        "utf-8",
    )
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    (pkg / "CITATION.cff").write_text(cff.replace('\ntitle: "', '\ntitle: "Fork of '), "utf-8")
    rehash(pkg)
    return pkg


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_command_reads_the_package_in_the_current_folder(
    fork: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fork)
    assert MARK in run("show", "places", "--format", "csv").output
    assert run("list").exit_code == 0
    report = json.loads(run("validate", "--format", "json").output)
    assert report["valid"] and Path(report["package"]).resolve() == fork.resolve()
    assert "Fork of " in run("cite").output
    assert run("export", "--format", "csv", "-o", str(tmp_path / "out")).exit_code == 0
    assert MARK in (tmp_path / "out" / "data" / "places.csv").read_text(encoding="utf-8")
    assert run("rehash", "--check").exit_code == 0
    assert MARK in run("diff", str(ROOT)).output  # NEW: the current folder's


def test_in_a_folder_of_a_fork_commands_read_the_fork(
    fork: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As git finds its repository: from ``data/``, the nearest folder up with a descriptor."""
    monkeypatch.chdir(fork / "data")
    assert MARK in run("show", "places", "--format", "csv").output
    report = json.loads(run("validate", "--format", "json").output)
    assert Path(report["package"]).resolve() == fork.resolve()
    assert "Fork of " in run("cite").output
    assert run("rehash", "--check").exit_code == 0
    assert MARK in run("diff", str(ROOT)).output


@pytest.mark.slow  # builds a site
def test_the_site_is_of_the_package_in_the_current_folder(
    fork: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fork)
    assert run("site", "-o", str(tmp_path / "site")).exit_code == 0
    pages = (tmp_path / "site" / "tables" / "places.html").read_text(encoding="utf-8")
    assert MARK in pages


def test_path_names_the_package_for_every_command(fork: Path, tmp_path: Path) -> None:
    assert MARK in run("show", "places", str(fork), "--format", "csv").output
    assert "Fork of " in run("cite", str(fork)).output
    assert json.loads(run("validate", str(fork), "--format", "json").output)["valid"]
    assert run("rehash", str(fork), "--check").exit_code == 0
    assert MARK in run("diff", str(ROOT), str(fork)).output
    assert run("export", "--format", "json", "-o", str(tmp_path / "j"), str(fork)).exit_code == 0
    assert MARK in (tmp_path / "j" / "places.json").read_text(encoding="utf-8")


def test_without_a_package_here_commands_read_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = run("show", "places", "--format", "csv").output
    assert "iran,Iran," in shown and MARK not in shown
    assert run("validate").exit_code == 0
    refused = CliRunner().invoke(cli, ["rehash"])  # the installed copy is never rewritten
    assert refused.exit_code == 1 and "give PATH" in refused.output


def test_the_older_package_option_still_works_but_not_beside_path(fork: Path) -> None:
    assert MARK in run("show", "places", "-p", str(fork), "--format", "csv").output
    both = CliRunner().invoke(cli, ["list", str(fork), "--package", str(fork)])
    assert both.exit_code == 2 and "give the package once" in both.output


def test_every_command_that_reads_a_package_says_the_rule() -> None:
    for command in ("validate", "list", "show", "export", "cite", "site"):
        assert "[PATH]" in run(command, "--help").output, command
        assert "else the installed copy" in " ".join(run(command, "--help").output.split())
    rehash = " ".join(run("rehash", "--help").output.split())
    assert "[PATH]" in rehash and "the installed copy is never changed" in rehash


def test_an_unreadable_current_folder_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_file", refuse)
    for args in (["list"], ["diff", str(ROOT)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert "a bug in jihadistds" not in result.output, args
        assert (
            "cannot look for datapackage.json in the current folder or above it "
            "(Permission denied)" in result.output
        ), args


def test_a_folder_without_a_package_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["show", "places", str(empty)])
    assert result.exit_code != 0 and "datapackage.json" in result.output
    shutil.rmtree(empty)

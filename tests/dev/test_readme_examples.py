"""The Python examples of the README and of docs/ run, and do what they say."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_blocks_run(page) -> None:  # type: ignore[no-untyped-def]
    for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL):
        exec(compile(block, str(page.relative_to(ROOT)), "exec"), {})


def test_the_readme_has_an_example() -> None:
    assert "```python\n" in (ROOT / "README.md").read_text(encoding="utf-8")

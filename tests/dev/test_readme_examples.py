"""The README's Python examples run, and do what they say."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_python_blocks_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})

"""The wheel carries the data: built, installed in a clean venv outside the checkout, and used there."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import ROOT, TABLES, data_rows

SCRIPT = """
import json, sys
import jihadistds
light = [m for m in ("pandas", "frictionless", "pydantic") if m in sys.modules]
frames = {t: len(jihadistds.load(t)) for t in jihadistds.resources()}
records = {t: len(jihadistds.records(t)) for t in jihadistds.resources()}
report = jihadistds.validate()
print(json.dumps({"file": jihadistds.__file__, "version": jihadistds.__version__, "light": light,
                  "frames": frames, "records": records, "valid": report.valid,
                  "problems": [str(p) for p in report.problems]}))
"""


def test_wheel_installs_and_loads_everything_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("jihadistds-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "jihadistds/py.typed" in names and "jihadistds/_data/datapackage.json" in names
    assert {f"jihadistds/_data/data/{t}.csv" for t in TABLES} <= set(names)
    assert not [n for n in names if n.endswith(".txt") and "_data" in n], (
        "the package must never ship a source text"
    )

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = subprocess.run(
        [str(python), "-I", "-c", SCRIPT], cwd=work, check=True, capture_output=True, text=True
    )
    result = json.loads(out.stdout)
    assert result["file"].startswith(str(env_dir)), "loaded from the checkout, not the wheel"
    assert result["version"] == json.loads((ROOT / "datapackage.json").read_text())["version"]
    assert result["light"] == []
    expected = {t: data_rows(t) for t in TABLES}
    assert result["frames"] == expected and result["records"] == expected
    assert result["valid"], result["problems"]

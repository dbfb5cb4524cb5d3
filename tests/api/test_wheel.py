"""The wheel carries the data: built, installed in a clean venv outside the checkout, and used there."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, TABLES, VERSION, data_rows

pytestmark = pytest.mark.slow  # builds and installs the wheel

SCRIPT = """
import json, os, subprocess, sys
import jihadistds
light = [m for m in ("pandas", "frictionless", "pydantic") if m in sys.modules]
frames = {t: len(jihadistds.load(t)) for t in jihadistds.resources()}
records = {t: len(jihadistds.records(t)) for t in jihadistds.resources()}
report = jihadistds.validate()
cite = subprocess.run([os.path.join(os.path.dirname(sys.executable), "jihadistds"), "cite",
                       "--format", "bibtex"], capture_output=True, text=True).stdout
print(json.dumps({"cite": cite, "file": jihadistds.__file__, "version": jihadistds.__version__, "light": light,
                  "frames": frames, "records": records, "valid": report.valid,
                  "problems": [str(p) for p in report.problems]}))
"""


def _build(kind: str, dist: Path) -> None:
    """``python -m build --wheel`` or ``--sdist`` of the checkout into ``dist``."""
    command = [
        sys.executable,
        "-m",
        "build",
        f"--{kind}",
        "--no-isolation",
        "--outdir",
        str(dist),
        str(ROOT),
    ]
    subprocess.run(command, check=True, capture_output=True)


def test_wheel_installs_and_loads_everything_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _build("wheel", dist)
    (wheel,) = dist.glob("jihadistds-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "jihadistds/py.typed" in names and "jihadistds/_data/datapackage.json" in names
    assert {f"jihadistds/_data/data/{t}.csv" for t in TABLES} <= set(names)
    assert not [n for n in names if n.endswith(".txt") and "_data" in n], (
        "the package must never ship a source text"
    )
    # PEP 639: both licences in the wheel's metadata, and the citation beside the data.
    assert {n.split("/", 1)[1] for n in names if ".dist-info/licenses/" in n} == {
        "licenses/LICENSE",
        "licenses/LICENSE-DATA",
    }
    assert "jihadistds/_data/CITATION.cff" in names
    assert "jihadistds/_data/CHANGELOG.md" in names  # the site's "what changed"
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    assert "License-File: LICENSE-DATA" in text
    assert "Classifier: Programming Language :: Python :: 3.13" in text

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
    key = "jihadistds_" + VERSION.replace(".", "_")
    assert result["cite"].startswith("@misc{" + key + ","), result["cite"]


def test_the_sdist_carries_what_its_tests_need(tmp_path: Path) -> None:
    """Built, unpacked and tested from its own folder: the benchmark grower, the hooks, the guides are there."""
    import tarfile

    dist = tmp_path / "dist"
    _build("sdist", dist)
    (sdist,) = dist.glob("jihadistds-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (top,) = (tmp_path / "unpacked").iterdir()
    for needed in (
        "bench/grow.py",
        ".pre-commit-hooks.yaml",
        "CONTRIBUTING.md",
        "CHANGELOG.md",
        "CITATION.cff",
        "LICENSE",
        "LICENSE-DATA",
        "tests/conftest.py",
    ):
        assert (top / needed).is_file(), needed
    tests = [
        "tests/dev/test_layers.py",
        "tests/check/test_registry.py",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(top),
            *tests,
        ],
        cwd=top,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]

"""The recorded bytes and hash of each CSV: what is read, what is compared, and `rehash`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jihadistds.cli import cli
from jihadistds.read.integrity import file_stats, rehash
from jihadistds.validation import validate

from conftest import ROOT, TABLES, copy_package


def test_the_shipped_package_records_every_csv() -> None:
    data = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for res in data["resources"]:
        raw = (ROOT / res["path"]).read_bytes()
        assert res["bytes"] == len(raw), res["name"]
        assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest(), res["name"]
    assert [r["name"] for r in data["resources"]] == TABLES
    assert rehash(ROOT, write=False) == []


def test_file_stats_are_the_size_and_sha256(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"id\n1\n")
    assert file_stats(path) == (5, hashlib.sha256(b"id\n1\n").hexdigest())


@pytest.mark.parametrize("form", ["sha256", "md5"])
def test_a_changed_csv_is_reported(tmp_path: Path, form: str) -> None:
    pkg = copy_package(tmp_path, integrity=True)
    if form == "md5":
        data = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
        places = next(r for r in data["resources"] if r["name"] == "places")
        places["hash"] = hashlib.md5((pkg / places["path"]).read_bytes()).hexdigest()
        (pkg / "datapackage.json").write_text(json.dumps(data), encoding="utf-8")
    assert validate(pkg).valid
    path = pkg / "data" / "places.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Kyrgyzstan", "Kyrgyzstan "), encoding="utf-8"
    )
    report = validate(pkg)
    found = {(p.file, p.rule) for p in report.problems}
    assert {("data/places.csv", "hash-count"), ("data/places.csv", "byte-count")} <= found
    assert "run `jihadistds rehash`" in report.to_text()


def test_rehash_records_what_changed_and_check_writes_nothing(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path, integrity=True)
    runner = CliRunner()
    assert runner.invoke(cli, ["rehash", str(pkg), "--check"]).exit_code == 0
    path = pkg / "data" / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("a long game", "a longer game"), encoding="utf-8"
    )
    before = (pkg / "datapackage.json").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["rehash", str(pkg), "--check"])
    assert result.exit_code == 1
    assert result.output == (
        "stale: the recorded bytes or hash of claims differ from the files; run `jihadistds rehash`\n"
    )
    assert (pkg / "datapackage.json").read_text(encoding="utf-8") == before
    result = runner.invoke(cli, ["rehash", str(pkg)])
    assert result.exit_code == 0 and result.output.startswith(
        "recorded new bytes and hash for claims in "
    )
    report = validate(pkg)  # the edit changed the claim and its quote alike: valid once recorded
    assert report.valid, report.to_text()
    after = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in after["resources"]] == TABLES  # nothing else in it moved


def test_rehash_outside_a_package_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["rehash", str(tmp_path)])
    assert result.exit_code == 1
    assert "no data package descriptor here" in result.output

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
    stale = [p for p in json.loads(report.to_json())["problems"] if p["rule"].endswith("-count")]
    assert stale and all(p["message"].endswith("run `jihadistds rehash`") for p in stale)


def test_rehash_records_what_changed_and_check_writes_nothing(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path, integrity=True)
    runner = CliRunner()
    assert runner.invoke(cli, ["rehash", str(pkg), "--check"]).exit_code == 0
    path = pkg / "data" / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"It"" is HTS', '"It"" is Hayat Tahrir al-Sham (HTS)'
        ),
        encoding="utf-8",
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
    assert result.output.rstrip().endswith("this checks no cell: `jihadistds validate` does")
    report = validate(pkg)  # the edit changed the claim and its quote alike: valid once recorded
    assert report.valid, report.to_text()
    after = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in after["resources"]] == TABLES  # nothing else in it moved


def test_rehash_outside_a_package_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["rehash", str(tmp_path)])
    assert result.exit_code == 1
    assert "no data package descriptor here" in result.output


def _edit_claims(pkg: Path) -> None:
    path = pkg / "data" / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"It"" is HTS', '"It"" is Hayat Tahrir al-Sham (HTS)'
        ),
        encoding="utf-8",
    )


def test_rehash_changes_only_bytes_and_hash_and_keeps_every_other_byte(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path, integrity=True)
    dp = pkg / "datapackage.json"
    # Numbers a JSON round trip would rewrite, an escaped lone surrogate (which UTF-8 cannot
    # encode), CRLF line ends and a one-line resource without bytes or hash: all kept.
    odd = '"x-precise": 0.12345678901234567890123, "x-tiny": 1E-400, "x-s": "\\ud800",\r\n'
    text = dp.read_text(encoding="utf-8").replace("{", "{" + odd, 1)
    data = json.loads(text)
    places = next(r for r in data["resources"] if r["name"] == "places")
    one_line = json.dumps({k: v for k, v in places.items() if k not in ("bytes", "hash")})
    start = text.index('"name": "places"')
    start, end = text.rindex("{", 0, start), text.index("}", start) + 1
    assert '"hash"' in text[start:end] and "{" not in text[start + 1 : end]
    text = text[:start] + one_line + text[end:]
    dp.write_bytes(text.encode("utf-8"))
    _edit_claims(pkg)
    assert sorted(rehash(pkg)) == ["claims", "places"]
    after = dp.read_bytes().decode("utf-8")
    assert after.startswith("{" + odd)
    size, digest = file_stats(pkg / "data" / "places.csv")
    assert one_line[:-1] + f', "bytes": {size}, "hash": "sha256:{digest}"' + "}" in after
    claims = json.loads(after)["resources"][TABLES.index("claims")]
    assert (claims["bytes"], claims["hash"]) == _stats(pkg / "data" / "claims.csv")
    # Outside the two values rewritten and the one object completed, nothing moved.
    old_claims = next(r for r in data["resources"] if r["name"] == "claims")
    expected = (
        text.replace(one_line, one_line[:-1] + f', "bytes": {size}, "hash": "sha256:{digest}"}}')
        .replace(f'"bytes": {old_claims["bytes"]},', f'"bytes": {claims["bytes"]},')
        .replace(old_claims["hash"], claims["hash"])
    )
    assert after == expected
    assert validate(pkg).valid
    assert rehash(pkg) == [] and dp.read_bytes().decode("utf-8") == after
    assert [p.name for p in pkg.iterdir() if p.name.startswith(".")] == []  # no temporary left


def _stats(path: Path) -> tuple[int, str]:
    size, digest = file_stats(path)
    return size, f"sha256:{digest}"


def test_rehash_adds_bytes_and_hash_in_the_layout_of_the_resource(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)  # a copy without bytes and hash recorded
    dp = pkg / "datapackage.json"
    data = json.loads(dp.read_text(encoding="utf-8"))
    for res in data["resources"]:
        res.pop("bytes", None), res.pop("hash", None)
    dp.write_text(json.dumps(data, indent=4) + "\n", encoding="utf-8")
    assert rehash(pkg) == TABLES
    after = dp.read_text(encoding="utf-8")
    size, digest = file_stats(pkg / "data" / "places.csv")
    assert f',\n            "bytes": {size},\n            "hash": "sha256:{digest}"\n' in after
    data_after = json.loads(after)
    for res, old in zip(data_after["resources"], data["resources"], strict=True):
        assert res == {**old, **dict(zip(("bytes", "hash"), _stats(pkg / res["path"])))}


def test_an_interrupted_rehash_leaves_the_old_descriptor_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    pkg = copy_package(tmp_path, integrity=True)
    before = (pkg / "datapackage.json").read_bytes()
    _edit_claims(pkg)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    result = CliRunner().invoke(cli, ["rehash", str(pkg)])
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "bug" not in result.output
    assert (pkg / "datapackage.json").read_bytes() == before
    assert [p.name for p in pkg.iterdir() if p.name.startswith(".")] == []


def test_rehash_that_cannot_write_says_so_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    pkg = copy_package(tmp_path, integrity=True)
    _edit_claims(pkg)
    dp = pkg / "datapackage.json"
    before = dp.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as m:  # a folder the user may not create files in
        m.setattr(tempfile, "mkstemp", refuse)
        result = CliRunner().invoke(cli, ["rehash", str(pkg)])
    assert result.exit_code == 1 and "bug" not in result.output, result.output
    assert (
        "datapackage.json: cannot write: Permission denied; the file is unchanged" in result.output
    )
    dp.chmod(0o444)  # read-only: a rename would replace it all the same, so it is refused
    result = CliRunner().invoke(cli, ["rehash", str(pkg)])
    assert result.exit_code == 1, result.output
    assert "datapackage.json: is read-only, so rehash does not change it" in result.output
    assert dp.read_bytes() == before

"""``jihadistds diff``: a keyed report of what changed, on two real releases and on made changes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from jihadistds.cli import cli
from jihadistds.diff import diff

from conftest import ROOT, VERSION, copy_package

CLAIMS = len((ROOT / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1

RELEASE_1 = "90ac4ce"  # the last commit of data package 1.0.0, before the data 2.0 work


@pytest.fixture(scope="module")
def release_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as git holds it at the 1.0.0 release, unpacked from `git archive`."""
    dest = tmp_path_factory.mktemp("release-1")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", RELEASE_1],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows = change(rows) or rows
    fields = list(rows[0]) if rows else fields
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# -- 1.0.0 against this release -----------------------------------------------------------


def test_release_1_to_this_release_by_table_and_key(release_1: Path) -> None:
    d = diff(release_1, ROOT)
    assert (d.old.version, d.new.version) == ("1.0.0", VERSION)
    assert [c.name for c in d.properties] == ["description", "version"]  # 3.0 reworded one
    assert (d.properties[1].before, d.properties[1].after) == ("1.0.0", VERSION)
    tables = {t.name: t for t in d.changed_tables()}
    assert tables["claims"].status == "added" and len(tables["claims"].added) == CLAIMS
    assert tables["actor_identifiers"].status == "added" and tables["actor_identifiers"].added == []
    (source,) = tables["sources"].changed  # data 3.0 says there how much of the text it quotes
    assert [c.name for c in source.cells] == ["licence_note"]
    actors = tables["actors"]
    assert [k for k, _ in actors.added] == [("former-us-envoy-to-syria",)]
    assert actors.removed == []
    syria = next(r for r in actors.changed if r.key == ("syria",))
    assert [(c.name, c.before, c.after) for c in syria.cells] == [
        ("aliases", "Syrian government|Syrian regime|Damascus", "Syrian regime|Damascus")
    ]
    rels = tables["relationships"]
    assert [k for k, _ in rels.added] == [("rel-0038",), ("rel-0039",)]
    rel1 = next(r for r in rels.changed if r.key == ("rel-0001",))
    assert [(c.name, c.before, c.after) for c in rel1.cells][:2] == [
        ("subject_id", "islamic-state", "al-qaeda"),
        ("object_id", "al-qaeda", "islamic-state"),
    ]
    sizes = tables["group_sizes"]
    basis = next(f for f in sizes.fields if f.name == "period_basis")
    assert (basis.status, basis.filled) == ("added", 7)
    assert {c.name for f in sizes.fields if f.name == "unit" for c in f.properties} == {
        "categories"
    }
    pairs = tables["event_actors"]
    assert pairs.key == ("event_id", "actor_id", "role")
    # Every row of this release is either in 1.0.0 under its key or listed as added.
    for name, t in tables.items():
        if t.status == "changed":
            assert t.rows[1] - t.rows[0] == len(t.added) - len(t.removed), name


def test_release_1_in_all_three_formats(release_1: Path) -> None:
    code, text = invoke(str(release_1), str(ROOT))
    assert code == 0
    assert f"old: jihadistds 1.0.0 at {release_1}" in text
    assert f"claims: table added ({CLAIMS} rows)" in text
    assert "  ~ rel-0001\n      subject_id: 'islamic-state' -> 'al-qaeda'\n" in text
    assert "  + former-us-envoy-to-syria\n" in text
    assert "  field period_basis added (7 rows with a value)\n" in text
    tables = diff(release_1, ROOT).changed_tables()
    added = sum(len(t.added) for t in tables)
    changed = sum(len(t.changed) for t in tables if t.status == "changed")
    assert text.rstrip().endswith(
        f"{len(tables)} tables differ: {added} rows added, 0 removed, {changed} changed"
    )

    code, markdown = invoke(str(release_1), str(ROOT), "--format", "markdown")
    assert code == 0
    assert markdown.startswith("## Data changes\n")
    assert "| rel-0001 | subject\\_id | 'islamic-state' | 'al-qaeda' |" in markdown
    assert "Added: rel-0038, rel-0039" in markdown
    assert "### event\\_actors: 0 added, 0 removed, 1 changed" in markdown
    # The composite key's separator is escaped so it cannot split the table's cell.
    assert "| turkey-calls-for-targeted-campaign\\|hts-hard-line-camp\\|target | note |" in markdown

    code, out = invoke(str(release_1), str(ROOT), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["differs"] is True and report["old"]["version"] == "1.0.0"
    by_name = {t["name"]: t for t in report["tables"]}
    assert by_name["claims"]["added"][0]["key"] == ["claim-0001"]
    assert by_name["claims"]["added"][0]["row"]["claim_id"] == "claim-0001"
    rel1 = next(r for r in by_name["relationships"]["changed"] if r["key"] == ["rel-0001"])
    assert rel1["cells"][0] == {
        "field": "subject_id",
        "before": "islamic-state",
        "after": "al-qaeda",
    }
    assert by_name["relationships"]["rows"] == {"old": 37, "new": 39}


# -- made changes, every kind ---------------------------------------------------------------


def test_each_kind_of_change_is_reported_exactly(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")

    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["value"] = "12345"  # changed cell
        del rows[1]  # removed row
        rows.append({**rows[0], "count_id": "count-9999"})  # added row

    rewrite(new / "data" / "counts.csv", edit)
    desc = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    desc["title"] = "A fork"
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "claims"]
    (new / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    first = next(csv.DictReader((old / "data" / "counts.csv").open(encoding="utf-8")))
    second = list(csv.DictReader((old / "data" / "counts.csv").open(encoding="utf-8")))[1]

    d = diff(old, new)
    assert [(c.name, c.after) for c in d.properties] == [("title", "A fork")]
    tables = {t.name: t for t in d.changed_tables()}
    assert set(tables) == {"counts", "claims"}
    assert tables["claims"].status == "removed" and len(tables["claims"].removed) == CLAIMS
    counts = tables["counts"]
    assert [k for k, _ in counts.added] == [("count-9999",)]
    assert counts.removed == [((second["count_id"],), second)]
    assert [(r.key, [(c.name, c.before, c.after) for c in r.cells]) for r in counts.changed] == [
        ((first["count_id"],), [("value", first["value"], "12345")])
    ]
    code, text = invoke(str(old), str(new), "--exit-code")
    assert code == 1
    assert (
        f"  - {second['count_id']}\n" in text
        and f"claims: table removed (had {CLAIMS} rows)" in text
    )


def test_schema_changes_field_by_field(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    schema_path = new / "schemas" / "places.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"].append({"name": "wikidata", "type": "string"})
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "note"]
    kind = next(f for f in schema["fields"] if f["name"] == "kind")
    kind["description"] = "What sort of place."
    schema_path.write_text(json.dumps(schema), encoding="utf-8")

    def edit(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        out = []
        for i, row in enumerate(rows):
            row = {k: v for k, v in row.items() if k != "note"}
            row["wikidata"] = "Q1" if i == 0 else ""
            out.append(row)
        return out

    rewrite(new / "data" / "places.csv", edit)
    t = next(t for t in diff(old, new).changed_tables() if t.name == "places")
    fields = {f.name: f for f in t.fields}
    assert (fields["wikidata"].status, fields["wikidata"].filled) == ("added", 1)
    assert [(c.name, c.after) for c in fields["kind"].properties] == [
        ("description", "What sort of place.")
    ]
    notes = [
        r["note"] for r in csv.DictReader((old / "data" / "places.csv").open(encoding="utf-8"))
    ]
    assert (fields["note"].status, fields["note"].filled) == ("removed", sum(map(bool, notes)))
    assert fields["note"].filled
    assert t.added == t.removed == t.changed == []  # the rows match on the fields both have


def test_identical_copies_and_exit_code(tmp_path: Path) -> None:
    copy = copy_package(tmp_path)
    assert not diff(ROOT, copy).differs
    code, text = invoke(str(ROOT), str(copy), "--exit-code")
    assert code == 0 and text.rstrip().endswith("no differences")


def test_a_repeated_key_is_an_error_naming_file_and_row(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    rewrite(new / "data" / "counts.csv", lambda rows: [*rows, rows[0]])
    ((table, why),) = diff(old, new).unread  # listed; every other table still compared
    assert table == "counts"
    assert why.startswith("data/counts.csv:10:count_id: in the new copy")  # 8 rows, the repeat
    code, text = invoke(str(old), str(new))
    assert code == 2  # could not compare: not "differ" (1)
    assert "counts: not compared: data/counts.csv:10:count_id: in the new copy" in text
    assert "repeats an earlier row" in text and "Traceback" not in text


def test_a_table_without_a_key_is_compared_as_whole_rows(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    for root in (old, new):
        schema_path = root / "schemas" / "sources.schema.json"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        schema.pop("primaryKey")
        schema_path.write_text(json.dumps(schema), encoding="utf-8")
    rewrite(new / "data" / "sources.csv", lambda rows: [*rows, rows[0]])
    t = next(t for t in diff(old, new).changed_tables() if t.name == "sources")
    assert t.key == () and len(t.added) == 1 and t.removed == [] and t.changed == []


def test_a_broken_row_is_compared_by_the_files_header_and_said(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    path = new / "data" / "counts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "short,row\n", encoding="utf-8")
    code, text = invoke(str(old), str(new))
    assert code == 0  # compared: the copies differ, and no --exit-code was asked for
    assert (
        "(the new copy's data/counts.csv is not valid (" in text
        and "compared by its header" in text
    )
    assert "  + short\n" in text


def test_markup_and_control_characters_in_values_stay_inert(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")

    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["note"] = "a | b <script>\n::error::forged\u2028FORGED: valid\x0bvt"
        rows[1]["note"] = 'The sentence\'s "the region" is Idlib.'  # shown as written

    rewrite(new / "data" / "counts.csv", edit)
    _, markdown = invoke(str(old), str(new), "--format", "markdown")
    row = next(line for line in markdown.splitlines() if line.startswith("| count-"))
    assert "a \\| b \\<script>\\\\x0a::error::forged\\\\u2028FORGED: valid\\\\x0bvt" in row
    assert not any(line.startswith(("::", "FORGED")) for line in markdown.split("\n"))
    _, text = invoke(str(old), str(new))
    assert "<script>\\x0a::error::forged\\u2028FORGED: valid\\x0bvt'" in text  # one line
    assert """-> 'The sentence's "the region" is Idlib.'""" in text  # no backslash added
    assert not any(line.lstrip().startswith(("::", "FORGED")) for line in text.split("\n"))


def test_the_readme_git_recipe_reports_a_branch(tmp_path: Path) -> None:
    """docs/cli.md's "what this branch changed" lines, run in a clone with a branch that edits a row."""
    readme = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = readme.split("What this branch changed against `main`", 1)[1]
    recipe = block.split("```sh\n", 1)[1].split("```", 1)[0]
    clone = tmp_path / "checkout"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run([*git, "-C", str(clone), "checkout", "-q", "-B", "main", "HEAD"], check=True)
    subprocess.run([*git, "-C", str(clone), "checkout", "-q", "-b", "fix-a-count"], check=True)

    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["value"] = "12345"

    rewrite(clone / "data" / "counts.csv", edit)
    subprocess.run([*git, "-C", str(clone), "commit", "-qam", "a count"], check=True)
    jihadistds = str(Path(sys.executable).with_name("jihadistds"))
    out = subprocess.run(
        ["bash", "-euc", recipe.replace("jihadistds diff", f"{jihadistds} diff")],
        cwd=clone,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "counts: 0 added, 0 removed, 1 changed" in out.stdout
    assert "      value: " in out.stdout and "-> '12345'" in out.stdout
    assert not (tmp_path / "jihadistds-main").exists()  # the recipe cleans up after itself


def test_a_lone_surrogate_in_a_descriptor_is_escaped_in_every_format(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    path = new / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"title": "', '"title": "\\ud800', 1),
        encoding="utf-8",
    )
    for fmt in ("text", "markdown", "json"):
        code, out = invoke(str(old), str(new), "--format", fmt)
        assert code == 0 and "Traceback" not in out and "a bug" not in out, out
    report = json.loads(invoke(str(old), str(new), "--format", "json")[1])
    assert report["properties"][0]["name"] == "title"
    assert report["properties"][0]["after"].startswith("\ud800")  # escaped in the JSON, kept


def test_exit_codes_tell_same_differ_and_cannot_read_apart(tmp_path: Path) -> None:
    same = invoke(str(ROOT), str(ROOT), "--exit-code")[0]
    changed = copy_package(tmp_path, "changed", integrity=True)
    path = changed / "data" / "places.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Iran,", ",Iran (the country),", 1), encoding="utf-8")
    differ = invoke(str(ROOT), str(changed), "--exit-code")[0]
    unreadable = invoke(str(ROOT), str(tmp_path / "nowhere"), "--exit-code")[0]
    assert (same, differ, unreadable) == (0, 1, 2)


def test_markdown_names_the_copies_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_package(tmp_path, "old")
    copy_package(tmp_path, "new")
    monkeypatch.chdir(tmp_path)
    code, text = invoke("old/", "new", "--format", "markdown")
    assert code == 0
    assert "From jihadistds" in text and " at old/ to " in text and " at new:" in text
    assert str(tmp_path) not in text


def test_a_copy_that_is_not_valid_is_still_compared_and_what_cannot_be_is_listed(
    tmp_path: Path,
) -> None:
    """A reviewer needs the diff most when a fork is not valid: a changed header or a broken
    row is compared by the file's own header; a file that cannot be read is listed, exit 2."""
    new = copy_package(tmp_path, "new")
    places = new / "data" / "places.csv"
    lines = places.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",population"] + [line + "," for line in lines[1:]]
    lines = [line.replace(",Iran,", ",Iran (the country),") for line in lines]
    places.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (new / "data" / "events.csv").write_bytes(b"\xff\xfe not text\n")
    code, text = invoke(str(ROOT), str(new))
    assert code == 2, text  # some tables could not be compared
    assert "places: 0 added, 0 removed, 1 changed" in text
    assert "is not valid" in text and "without its columns not in the schema: population" in text
    assert "name: 'Iran' -> 'Iran (the country)'" in text
    assert "events: not compared: " in text and "not UTF-8" in text
    code, markdown = invoke(str(ROOT), str(new), "--format", "markdown")
    assert code == 2 and "### Not compared" in markdown
    data = json.loads(invoke(str(ROOT), str(new), "--format", "json")[1])
    assert [t["table"] for t in data["not_compared"]] == ["events"]

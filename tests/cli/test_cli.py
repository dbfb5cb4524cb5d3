"""The command line, driven through click's CliRunner: exact words and exit codes."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jihadistds import Package
from jihadistds.cli import cli

from conftest import (
    ROOT,
    SOURCES,
    TABLES,
    VERSION,
    copy_package,
    data_rows,
    line_rules,
    source_rows,
)
from corpus import CASES, EXPECTED_FILE, run_case

EXPECTED = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
FIRST_SOURCE, FIRST_SHA256 = source_rows()[0]["source_id"], source_rows()[0]["sha256"]


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}"
    )
    return result


# validate: the clean package


def test_the_package_is_valid() -> None:
    result = run("validate", str(ROOT))
    assert (result.exit_code, result.output) == (
        0,
        f"valid: jihadistds {VERSION} at {ROOT} ({len(TABLES)} tables, {_rows()} rows)\n",
    )


def _rows() -> int:
    return sum(data_rows(t) for t in TABLES)


def test_the_installed_package_is_valid() -> None:
    assert run("validate").exit_code == 0


def test_the_package_is_valid_with_its_sources() -> None:
    if not SOURCES.is_dir():
        pytest.skip("no source texts")
    result = run("validate", str(ROOT), "--sources", str(SOURCES))
    assert (result.exit_code, result.output) == (
        0,
        f"valid: jihadistds {VERSION} at {ROOT} ({len(TABLES)} tables, {_rows()} rows, quotes checked "
        "against source texts)\n",
    )


def test_json_report_shape() -> None:
    report = json.loads(run("validate", str(ROOT), "--format", "json").output)
    assert set(report) == {
        "format",
        "valid",
        "readable",
        "package",
        "name",
        "version",
        "sources_checked",
        "engine",
        "handover",
        "tables",
        "problem_count",
        "by_rule",
        "problems",
    }
    assert (
        report["format"] == 1
        and report["valid"]
        and report["problems"] == []
        and report["tables"] == {t: data_rows(t) for t in TABLES}
    )
    assert (report["package"], report["name"], report["version"]) == (
        str(ROOT),
        "jihadistds",
        VERSION,
    )


# validate: the corpus of broken packages


def _problem_lines(output: list[str]) -> list[str]:
    """The problem lines of a text report: not the summary, nor a hint on what to run."""
    return [line for line in output[:-1] if not line.startswith("hint: ")]


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_broken_package(tmp_path: Path, case: str) -> None:
    """Exact words and exit code; `python tests/corpus.py --write` regenerates what is expected."""
    code, output = run_case(case, tmp_path)
    expected = EXPECTED[case]
    assert output == expected["output"]
    assert code == expected["exit"]
    for line in _problem_lines(expected["output"]):
        assert line.split(":")[0] in {"datapackage.json"} | {f"data/{t}.csv" for t in TABLES} | {
            f"schemas/{t}.schema.json" for t in TABLES
        }, line


def test_the_corpus_is_complete() -> None:
    assert set(EXPECTED) == set(CASES)
    seen: set[str] = set()
    for case in EXPECTED.values():
        for line in _problem_lines(case["output"]):
            # A rule folded into another's line ("fixing it also clears: ...") is reported too.
            assert line_rules(line), line
            seen |= line_rules(line)
    # Every JDS rule fires on its own example (tests/check/test_registry.py); the corpus covers
    # every frictionless error type a fork can cause.
    frictionless_types = {
        "type-error",
        "constraint-error",
        "unique-error",
        "primary-key",
        "foreign-key",
        "missing-cell",
        "extra-cell",
        "blank-row",
        "duplicate-label",
        "missing-label",
        "extra-label",
        "blank-label",
        "incorrect-label",
        "encoding-error",
        "scheme-error",
        "source-error",
        "schema-error",
        "field-error",
        "package-error",
    }
    assert frictionless_types <= seen


def test_json_report_of_a_broken_package(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    CASES["foreign-key"](pkg)
    result = run("validate", str(pkg), "--format", "json")
    report = json.loads(result.output)
    assert result.exit_code == 1 and not report["valid"] and report["readable"]
    assert report["by_rule"] == {"foreign-key": 1}
    assert report["problems"] == [
        {
            "file": "data/counts.csv",
            "row": 6,
            "field": "actor_id",
            "rule": "foreign-key",
            "message": 'foreign key error: for "actor_id": values "hts" not found in the lookup '
            'table "actors" as "actor_id"; did you mean \'hayat-tahrir-al-sham\' (its alias is '
            "'HTS')?",
            "more": 0,
            "also": [],
        }
    ]


def test_unreadable_package_exits_2_in_json_too(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path), "--format", "json")
    report = json.loads(result.output)
    assert (
        result.exit_code == 2
        and not report["readable"]
        and report["problems"][0]["rule"] == "JDS900"
    )


# validate --sources


def _sources(tmp_path: Path) -> Path:
    if not SOURCES.is_dir():
        pytest.skip("no source texts")
    folder = tmp_path / "texts"
    shutil.copytree(SOURCES, folder)
    return folder


def test_sources_text_missing(tmp_path: Path) -> None:
    folder = _sources(tmp_path)
    (folder / f"{FIRST_SOURCE}.txt").unlink()
    result = run("validate", str(ROOT), "--sources", str(folder))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"data/sources.csv:2:source_id: no text for '{FIRST_SOURCE}' in {folder}: "
        f"neither {FIRST_SOURCE}.txt nor a file with SHA-256 {FIRST_SHA256[:12]}... [JDS201]"
    )


def test_sources_text_changed(tmp_path: Path) -> None:
    folder = _sources(tmp_path)
    text = folder / f"{FIRST_SOURCE}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("86,500", "85,600"), encoding="utf-8")
    lines = run("validate", str(ROOT), "--sources", str(folder)).output.splitlines()
    assert lines[0] == (
        f"data/counts.csv:5:quote: the quote is not verbatim in the text of '{FIRST_SOURCE}': at "
        "character 36 the quote has '6' (U+0036) where the text has '5' (U+0035), in "
        '"...ding to estimates, more than 85,600 people fled their homes ..." [JDS203]'
    )
    assert lines[1].startswith(
        f"data/sources.csv:2:sha256: {FIRST_SOURCE}.txt has SHA-256 "
    ) and lines[1].endswith("[JDS202]")
    assert (
        lines[2]
        == f"invalid: 2 problems in 2 files of jihadistds {VERSION} at {ROOT} ({len(TABLES)} tables, "
        f"{_rows()} rows, quotes checked against source texts)"
    )


def test_sources_a_moved_offset_names_the_row(tmp_path: Path) -> None:
    """One offset moved (start and end together, so the length still fits): only the text can
    tell, and the rule names the row, the field and the position to write."""
    folder = _sources(tmp_path)
    pkg = copy_package(tmp_path)
    path = pkg / "data" / "counts.csv"
    row = next(r for r in Package(pkg).text_rows("counts") if r["count_id"] == "count-0004")
    start, end = int(row["quote_start"]), int(row["quote_end"])
    old = f",{start},{end},"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, f",{start + 1},{end + 1},"), encoding="utf-8")
    result = run("validate", str(pkg), "--sources", str(folder))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"data/counts.csv:5:quote_start: the text at {start + 1}-{end + 1} is "
    )
    assert result.output.splitlines()[0].endswith(
        f", not the quote; the quote is at {start}-{end}: write quote_start {start} and "
        f"quote_end {end} [JDS204]"
    )
    assert "problem in 1 file" in result.output.splitlines()[-1]


def test_sources_folder_must_exist() -> None:
    result = run("validate", str(ROOT), "--sources", "/no/such/folder")
    assert result.exit_code == 2 and "Directory '/no/such/folder' does not exist" in result.output


# validate: usage and hostile input


def test_remote_path_is_refused() -> None:
    result = run("validate", "https://example.org/datapackage.json")
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[0]
        == "https://example.org/datapackage.json: a remote package cannot be read; give a local folder or file [JDS900]"
    )


def test_unknown_option_is_a_usage_error() -> None:
    result = run("validate", "--strict")
    assert result.exit_code == 2 and "No such option '--strict'" in result.output


def test_descriptor_file_path_works() -> None:
    assert run("validate", str(ROOT / "datapackage.json")).exit_code == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=300),
    target=st.sampled_from(["data/places.csv", "datapackage.json", "schemas/places.schema.json"]),
)
@pytest.mark.slow
def test_arbitrary_bytes_never_crash(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, target: str
) -> None:
    pkg = copy_package(tmp_path_factory.mktemp("fuzz"))
    (pkg / target).write_bytes(content)
    result = run("validate", str(pkg))
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    assert result.output.endswith("\n") and result.output.splitlines()[-1].split(":")[0] in {
        "invalid",
        "unreadable",
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(rows=st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=7), max_size=6))
def test_arbitrary_csv_text_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    import csv
    import io

    pkg = copy_package(tmp_path_factory.mktemp("fuzz"))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [["place_id", "name", "kind", "country_code", "note"], *rows]
    )
    (pkg / "data" / "places.csv").write_text(out.getvalue(), encoding="utf-8")
    result = run("validate", str(pkg))
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output


# list, show, export, path, version, help


def test_list() -> None:
    result = run("list", str(ROOT))
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0].split() == ["table", "rows", "title"]
    assert lines[2].split()[:2] == ["sources", "1"] and lines[7].split()[:3] == [
        "group_sizes",
        "7",
        "Group",
    ]
    as_json = json.loads(run("list", "--format", "json").output)
    assert [t["table"] for t in as_json] == TABLES and as_json[1] == {
        "table": "actors",
        "rows": 32,
        "title": "Actors",
    }


def test_show_csv_is_the_file() -> None:
    result = run("show", "counts", "--format", "csv")
    assert result.output == (ROOT / "data" / "counts.csv").read_text(encoding="utf-8")


def test_show_json_is_typed_and_limited() -> None:
    rows = json.loads(run("show", "group_sizes", "--format", "json", "--limit", "2").output)
    assert (
        len(rows) == 2
        and rows[0]["value"] == 20000
        and rows[1]["value"] is None
        and rows[0]["period_start"] == "2019-05-21"
    )
    actors = json.loads(run("show", "actors", "--format", "json").output)
    assert next(a for a in actors if a["actor_id"] == "turkey")["aliases"] == ["Ankara"]


def test_show_fits_the_terminal_and_names_what_it_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, ["show", "counts"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    table = lines[: lines.index(next(x for x in lines if x.startswith("(")))]
    assert table and all(len(x) <= 100 for x in table)
    assert lines[0].split()[:2] == ["count_id", "measure"]  # the first columns, in order
    assert "columns do not fit and are not shown: " in result.output and "quote" in result.output
    chosen = CliRunner().invoke(cli, ["show", "counts", "--columns", "actor_id,value,quote"])
    assert chosen.exit_code == 0 and chosen.output.split()[:3] == ["actor_id", "value", "quote"]
    assert "do not fit" not in chosen.output
    csv_out = CliRunner().invoke(cli, ["show", "counts", "--format", "csv", "--columns", "value"])
    assert csv_out.output.splitlines()[0] == "value"
    bad = CliRunner().invoke(cli, ["show", "counts", "--columns", "nope"])
    assert bad.exit_code == 2 and "'nope': not a column of counts; its columns are" in bad.output


def test_show_table_says_what_it_shortens() -> None:
    result = CliRunner().invoke(
        cli, ["show", "claims", "--limit", "8", "--columns", "claim_id,claim_as_stated"]
    )  # claim-0007's words are 77 characters
    assert result.exit_code == 0
    assert f"(showing 8 of {len(Package().text_rows('claims'))} rows)" in result.output
    assert (
        "(cells wider than their column are shortened with '…'; use --format csv or json for "
        "full values)" in result.output
    )


def test_show_narrows_wide_columns_and_never_shows_a_value_without_its_qualifier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, ["show", "group_sizes"])
    lines = result.output.splitlines()
    header = lines[0].split()
    assert header[:2] == ["size_id", "actor_id"] and len(lines[0]) <= 100
    assert "value" in header and header[header.index("value") + 1] == "qualifier"
    assert "hayat-tahri…" in result.output  # narrowed, and said so
    assert "(cells wider than their column are shortened with '…'" in result.output
    monkeypatch.setenv("COLUMNS", "60")  # no room for the pair: both are left out
    narrow = CliRunner().invoke(cli, ["show", "counts"]).output
    shown = narrow.splitlines()[0].split()
    assert "value" not in shown and "qualifier" not in shown
    assert "are not shown: " in narrow and "value, qualifier" in narrow


def test_show_unknown_table() -> None:
    result = run("show", "grup_sizes")
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1]
        == "Error: Invalid value for TABLE: unknown table 'grup_sizes'; did you mean "
        f"'group_sizes'? The tables are: {', '.join(TABLES)}"
    )


def test_show_a_broken_table_names_file_row_and_field(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    CASES["type-error"](pkg)
    result = run("show", "counts", str(pkg), "--format", "json")
    assert (result.exit_code, result.output) == (
        1,
        "Error: data/counts.csv:2:value: '3 million' is not an integer\n",
    )


def test_export_csv_is_a_valid_package(tmp_path: Path) -> None:
    result = run("export", "--format", "csv", "--output", str(tmp_path / "out"))
    assert (result.exit_code, result.output) == (
        0,
        f"wrote {1 + 2 * len(TABLES)} files to {tmp_path / 'out'}\n",
    )
    assert run("validate", str(tmp_path / "out")).exit_code == 0


def test_export_refuses_to_overwrite(tmp_path: Path) -> None:
    run("export", "--format", "json", "-o", str(tmp_path))
    result = run("export", "--format", "json", "-o", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'sources.json'} already exists; use --force to overwrite it\n",
    )
    assert run("export", "--format", "json", "-o", str(tmp_path), "--force").exit_code == 0


def test_export_json(tmp_path: Path) -> None:
    assert run("export", "--format", "json", "-o", str(tmp_path)).exit_code == 0
    counts = json.loads((tmp_path / "counts.json").read_text(encoding="utf-8"))
    assert (
        len(counts) == data_rows("counts")
        and counts[0]["value"] == 3000000
        and counts[2]["actor_id"] is None
    )
    origins = json.loads((tmp_path / "foreign_fighter_origins.json").read_text(encoding="utf-8"))
    assert origins[0]["among_others"] is False


DATASETTE = """
import asyncio, json, sys
from datasette.app import Datasette
ds = Datasette([sys.argv[1]], metadata=json.load(open(sys.argv[2], encoding="utf-8")))
async def pages():
    out = []
    for path in ("/", "/jihadistds/counts", "/-/metadata.json"):
        response = await ds.client.get(path)
        out.append([response.status_code, response.text])
    return out
print(json.dumps(asyncio.run(pages())))
"""


@pytest.mark.slow  # datasette, in a process of its own (its threads would outlive a test)
def test_datasette_shows_the_exports_licence_sources_and_column_descriptions(
    tmp_path: Path,
) -> None:
    assert run("export", "--format", "sqlite", "-o", str(tmp_path)).exit_code == 0
    shown = subprocess.run(
        [sys.executable, "-c", DATASETTE, str(tmp_path / "jihadistds.sqlite"),
         str(tmp_path / "metadata.json")],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    (home, home_html), (table, table_html), (_, metadata) = json.loads(shown.stdout)
    assert home == table == 200
    source = source_rows()[0]
    assert "CC-BY-4.0" in home_html and source["original_title"] in home_html
    assert "Counts over periods" in table_html  # the table's title ...
    described = Package().resource("counts")
    value = next(f for f in described.fields if f.name == "value")
    assert value.description.split(" (")[0] in table_html  # ... and its columns' descriptions
    assert json.loads(metadata)["license_url"].startswith("https://creativecommons.org/")


def test_export_sqlite_has_types_and_keys(tmp_path: Path) -> None:
    assert run("export", "--format", "sqlite", "-o", str(tmp_path)).exit_code == 0
    db = sqlite3.connect(tmp_path / "jihadistds.sqlite")
    db.execute("PRAGMA foreign_keys = ON")
    for table in TABLES:
        expected = data_rows(table)
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == expected
    columns = {
        row[1]: (row[2], row[3], row[5]) for row in db.execute('PRAGMA table_info("counts")')
    }
    assert columns["count_id"] == ("TEXT", 1, 1) and columns["value"] == ("INTEGER", 0, 0)
    references = {(row[2], row[3]) for row in db.execute('PRAGMA foreign_key_list("counts")')}
    assert ("actors", "actor_id") in references and ("sources", "source_id") in references
    assert db.execute("SELECT value FROM counts WHERE count_id = 'count-0004'").fetchone() == (
        86500,
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO counts (count_id, measure, actor_id, value_as_stated, unit, source_id, "
            "quote) VALUES ('count-9999', 'attacks', 'nobody', 'x', 'attacks', 'al-qaedas-resurgence-in-syria', 'q')"
        )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE counts SET qualifier = 'roughly' WHERE count_id = 'count-0001'")


def test_export_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pandas as pd

    import jihadistds

    assert run("export", "--format", "parquet", "-o", str(tmp_path)).exit_code == 0
    for table in TABLES:
        back = pd.read_parquet(tmp_path / f"{table}.parquet")
        assert len(back) == len(jihadistds.load(table)) and list(back.columns) == list(
            jihadistds.load(table).columns
        )
    assert list(
        pd.read_parquet(tmp_path / "actors.parquet").set_index("actor_id").at["turkey", "aliases"]
    ) == ["Ankara"]


def test_path() -> None:
    result = run("path")
    assert result.exit_code == 0 and (Path(result.output.strip()) / "datapackage.json").is_file()


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.output) == (
        0,
        f"jihadistds {VERSION} (data package {VERSION})\n",
    )


@pytest.mark.parametrize("command", [[], ["validate"], ["list"], ["show"], ["export"], ["path"]])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_everywhere(command: list[str], flag: str) -> None:
    result = run(*command, flag)
    assert result.exit_code == 0 and result.output.startswith("Usage: jihadistds")
    if command:
        assert "Example:" in result.output


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "jihadistds", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == f"jihadistds {VERSION} (data package {VERSION})\n"


def test_no_command_shows_usage() -> None:
    result = run()
    assert "Commands:" in result.output and "validate" in result.output


def _hook_entries() -> dict[str, str]:
    """The hook commands the project documents: .pre-commit-hooks.yaml and docs/cli.md's recipe."""

    entries = {}
    for where in (".pre-commit-hooks.yaml", "docs/cli.md"):
        text = (ROOT / where).read_text(encoding="utf-8")
        block = text if where.endswith(".yaml") else text[text.index("id: jihadistds-validate") :]
        entries[where] = re.search(r"entry: (.+)", block).group(1).strip()  # type: ignore[union-attr]
    return entries


@pytest.mark.slow
@pytest.mark.parametrize("where", [".pre-commit-hooks.yaml", "docs/cli.md"])
def test_the_pre_commit_hook_checks_the_fork_it_runs_in(tmp_path: Path, where: str) -> None:
    """Run as pre-commit runs it (no PATH, in the fork's root), the hook fails on a broken row."""
    import shlex

    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "language: python" in hooks and "pass_filenames: false" in hooks
    command = shlex.split(_hook_entries()[where])
    fork = copy_package(tmp_path, "fork")
    script = Path(sys.executable).parent / command[0]
    ok = subprocess.run([str(script), *command[1:]], cwd=fork, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith(f"valid: jihadistds {VERSION} at {fork.resolve()} ("), ok.stdout
    counts = fork / "data" / "counts.csv"
    counts.write_text(
        counts.read_text(encoding="utf-8").replace(",al-qaeda-syrian-affiliates,,", ",ktj,,", 1),
        encoding="utf-8",
    )
    broken = subprocess.run([str(script), *command[1:]], cwd=fork, capture_output=True, text=True)
    assert broken.returncode == 1, broken.stdout
    assert 'values "ktj" not found in the lookup table "actors"' in broken.stdout
    assert broken.stdout.splitlines()[-1].startswith(
        f"invalid: 1 problem in 1 file of jihadistds {VERSION} at {fork.resolve()} ("
    )


def test_without_a_package_in_the_folder_validate_checks_the_installed_copy(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "jihadistds"
    result = subprocess.run([str(script), "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0
    assert (
        result.stdout.startswith(f"valid: jihadistds {VERSION} at ")
        and str(tmp_path) not in result.stdout
    )


VALIDATE_ALL = """
import json, sys
from jihadistds.validation import validate
engines = [validate(p, sources=sys.argv[1] if i == 0 else None).engine for i, p in enumerate(sys.argv[2:])]
imported = sorted(m for m in ("pandas", "frictionless", "pydantic") if m in sys.modules)
print(json.dumps({"engines": engines, "imported": imported}))
"""


@pytest.mark.slow
def test_validation_never_imports_pandas(tmp_path: Path) -> None:
    """Importing pandas costs more than validating a small package: validation must not.

    (pyarrow's array constructor imports it; read.patterns builds its arrays from buffers.)
    Our package, and every broken package of the corpus, are validated in one
    process, which must end without pandas imported.
    """
    packages = [ROOT]
    for case, breaker in CASES.items():
        (tmp_path / case).mkdir()
        pkg = copy_package(tmp_path / case)
        breaker(pkg)
        packages.append(pkg)
    out = subprocess.run(
        [sys.executable, "-c", VALIDATE_ALL, str(SOURCES), *map(str, packages)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert set(result["engines"]) <= {"frictionless", "none", ""}
    assert "pandas" not in result["imported"]


def test_the_export_formats_offered_are_the_exporters() -> None:
    """The CLI spells the formats out (so --help needs no exporter imported); they must be export.FORMATS."""
    from jihadistds.export import FORMATS

    option = next(p for p in cli.commands["export"].params if p.name == "fmt")
    assert list(option.type.choices) == list(FORMATS)  # type: ignore[attr-defined]


def test_help_and_version_import_no_layer_below_the_cli() -> None:
    """The CLI is a front door: --help and --version load no checks, validation or loaders."""
    code = (
        "import sys; from jihadistds.cli import main; sys.argv = ['jihadistds', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jihadistds.check', "
        "'jihadistds.validation', 'jihadistds.loaders', 'jihadistds.export'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_problems_past_a_thousand_are_counted_not_listed(tmp_path: Path) -> None:
    """1,500 formulas: 1,000 JDS005 lines, then one that counts the other 500."""
    pkg = copy_package(tmp_path)
    with open(pkg / "data" / "places.csv", "a", encoding="utf-8") as fh:
        fh.writelines(f"zz{i:04d},=Z,city,,\n" for i in range(1500))
    report = json.loads(run("validate", str(pkg), "--format", "json").output)
    jds005 = [p for p in report["problems"] if p["rule"] == "JDS005"]
    assert len(jds005) == 1001 and report["by_rule"]["JDS005"] == 1500
    rest = [p for p in jds005 if p["more"]]
    assert rest == [
        {
            "file": "data/places.csv",
            "row": None,
            "field": None,
            "rule": "JDS005",
            "message": "500 more problems of this rule in this file are not listed (at most "
            "1,000 are listed per file and rule)",
            "more": 500,
            "also": [],
        }
    ]
    assert report["problem_count"] == sum(report["by_rule"].values())


def test_pointing_validate_at_a_csv_says_what_to_point_at() -> None:
    result = run("validate", str(ROOT / "data" / "counts.csv"))
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"{ROOT / 'data' / 'counts.csv'}: this is not a data package descriptor; give the folder "
        f"that holds datapackage.json, or that file (here: {ROOT}) [JDS900]"
    )


def test_github_annotations_name_the_file_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fork = copy_package(
        tmp_path / "repo" if (tmp_path / "repo").mkdir() is None else tmp_path, "fork"
    )
    counts = fork / "data" / "counts.csv"
    counts.write_text(
        counts.read_text(encoding="utf-8").replace(
            ",2019-02,2019-03,month,", ",2019-02,2019-03,day,", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path / "repo")
    result = run("validate", "fork", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "::error file=fork/data/counts.csv,line=5,title=JDS101::period_end: "
    )
    assert all(line.startswith("::error file=fork/data/counts.csv,line=5,") for line in lines[:-1])
    assert lines[-1].startswith(
        f"invalid: {len(lines) - 1} problems in 1 file of jihadistds {VERSION} at "
    )


def test_every_command_shows_its_examples_one_per_line() -> None:
    """Click rewraps a paragraph unless it is marked \\b: an example block must not run together."""
    assert isinstance(cli, click.Group)
    for name in cli.commands:
        text = run(name, "--help").output
        lines = text.splitlines()
        if "Example:" not in text:
            continue
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("Example:"))
        assert lines[at].strip() == "Example:", (name, lines[at])
        assert lines[at + 1].strip().startswith("jihadistds "), (name, lines[at + 1])


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["show", "counts"], ["list"], ["export", "--format", "csv"], ["validate"]]
)
def test_commands_that_read_csv_never_abort(tmp_path: Path, args: list[str]) -> None:
    """Each command ends as it says, run after run: pyarrow's reader threads once aborted the
    interpreter at exit (exit 134, "terminate called without an active exception")."""
    for i in range(25):
        extra = ["-o", str(tmp_path / str(i))] if args[0] == "export" else []
        result = subprocess.run(
            [sys.executable, "-m", "jihadistds", *args, *extra],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 0, (i, result.returncode, result.stderr[-2000:])
        assert "terminate called" not in result.stderr

"""CITATION.cff: valid against the Citation File Format schema, in step with the descriptor, printed by `cite`."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from jihadistds.cli import cli

from conftest import ROOT, VERSION, copy_package, source_rows

# The CFF 1.2.0 schema, as cffconvert 2.0.0 ships it (citation-file-format.github.io, CC-BY-4.0).
SCHEMA = json.loads(
    (Path(__file__).parent / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8")
)


def _citation() -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return data


def test_the_citation_file_is_valid_cff() -> None:
    jsonschema.validate(_citation(), SCHEMA)


def test_the_citation_says_what_the_descriptor_says() -> None:
    cff, dp = _citation(), json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert cff["type"] == "dataset"
    assert cff["version"] == dp["version"]
    assert cff["title"] == dp["title"]
    assert cff["license"] in {lic["name"] for lic in dp["licenses"]}
    assert [a["name"] for a in cff["authors"]] == [c["title"] for c in dp["contributors"]]  # type: ignore[index, union-attr]


def test_cite_prints_a_reference() -> None:
    result = CliRunner().invoke(cli, ["cite", str(ROOT)])
    assert result.exit_code == 0
    source = source_rows()[0]
    assert result.output == (
        "jihadistds maintainers (2026). jihadistds: structured facts about jihadist groups, "
        f"drawn from published analysis (Version {VERSION}) [Data set]. Licensed CC-BY-4.0.\n"
        "\nIt draws on:\n"
        f"{source['original_title']} ({source['original_published']}). "
        f"{source['original_publisher']}. {source['original_url']}\n"
    )


def test_cite_bibtex_is_an_entry_a_parser_reads_back() -> None:
    result = CliRunner().invoke(cli, ["cite", "--format", "bibtex"])
    assert result.exit_code == 0
    entries = bibtexparser.loads(result.output).entries
    assert len(entries) == 1 + len(source_rows())  # the package, then each analysis it draws on
    entry = entries[0]
    analysis = entries[1]
    source = source_rows()[0]
    assert analysis["ID"] == source["source_id"] and "author" not in analysis  # none is named
    assert analysis["title"] == "{" + source["original_title"] + "}"
    assert (analysis["year"], analysis["url"]) == ("2019", source["original_url"])
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == "jihadistds_" + VERSION.replace(".", "_")
    assert entry["author"] == "{jihadistds maintainers}"  # an organisation, kept whole
    assert entry["title"].startswith("{jihadistds: structured facts")
    assert (entry["year"], entry["version"]) == ("2026", VERSION)


def test_cite_cff_is_the_file() -> None:
    result = CliRunner().invoke(cli, ["cite", "--format", "cff", str(ROOT)])
    assert result.output == (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_a_fork_without_a_citation_file_is_told_so(tmp_path: Path) -> None:
    fork = copy_package(tmp_path)
    result = CliRunner().invoke(cli, ["cite", str(fork)])
    assert result.exit_code == 1
    assert f"no CITATION.cff beside datapackage.json in {fork}" in result.output


@pytest.mark.parametrize("text", ["title: [unclosed", "- a list"])
def test_a_broken_citation_file_is_an_error_not_a_traceback(tmp_path: Path, text: str) -> None:
    fork = copy_package(tmp_path)
    (fork / "CITATION.cff").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["cite", str(fork)])
    assert result.exit_code == 1 and "CITATION.cff" in result.output
    assert "Traceback" not in result.output

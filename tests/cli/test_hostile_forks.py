"""A corpus of hostile forks, each run through every command that reads a package.

A maintainer validates a fork, builds its site, cites it, exports it, rehashes it, diffs it
against the installed copy and shows its rows. Whatever the fork holds, every command ends in
an answer or a clear error: never "a bug in jihadistds", never a secret of the machine, never a
raw control character or a GitHub workflow command, never a file written outside its output
folder. Each case also states what the commands it targets must say.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from jihadistds import Package
from jihadistds.cli import cli
from jihadistds.site.graph import MAX_NODES

from conftest import ROOT, copy_package

SECRET = "SECRET-7f3a9c"  # a file of the machine: never printed, never published
PLANTED = "<script>alert('planted')</script>"  # may be shown as text, never as markup
COMMANDS = ("validate", "site", "cite", "export", "rehash", "diff", "show")


def _descriptor(pkg: Path) -> dict:
    return json.loads((pkg / "datapackage.json").read_text("utf-8"))


def _write(pkg: Path, data: dict) -> None:
    (pkg / "datapackage.json").write_text(json.dumps(data, indent=2), "utf-8")


def _resource(data: dict, name: str) -> dict:
    return next(r for r in data["resources"] if r["name"] == name)


def _schema(pkg: Path, name: str) -> tuple[Path, dict]:
    path = pkg / _resource(_descriptor(pkg), name)["schema"]
    return path, json.loads(path.read_text("utf-8"))


def _add_table(pkg: Path, name: str, path: str, text: str, kind: str = "string") -> None:
    data = _descriptor(pkg)
    data["resources"].append(
        {"name": name, "path": path, "schema": {"fields": [{"name": "a", "type": kind}]}}
    )
    _write(pkg, data)
    if not path.startswith("/"):
        (pkg / path).parent.mkdir(parents=True, exist_ok=True)
        (pkg / path).write_text(text, "utf-8")


def _set(key: str, value: object) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        data = _descriptor(pkg)
        data[key] = value
        _write(pkg, data)

    return edit


def _rename(new: str) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        data = _descriptor(pkg)
        _resource(data, "places")["name"] = new
        _write(pkg, data)

    return edit


def _drop_column(table: str, column: str) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path, schema = _schema(pkg, table)
        schema["fields"] = [f for f in schema["fields"] if f["name"] != column]
        path.write_text(json.dumps(schema), "utf-8")
        data = pkg / "data" / f"{table}.csv"
        with open(data, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with open(data, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, [k for k in rows[0] if k != column], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)

    return edit


def hidden_path(pkg: Path) -> None:
    _add_table(pkg, "config", ".git/config", f"a\ntoken={SECRET}\n")


def link_to_git(pkg: Path) -> None:
    """Links inside the package that lead into .git, which git checks out as links."""
    (pkg / ".git").mkdir()
    (pkg / ".git" / "config").write_text(f"[core]\n{SECRET}\n", "utf-8")
    (pkg / "CHANGELOG.md").unlink()
    os.symlink(".git/config", pkg / "CHANGELOG.md")
    os.symlink("../.git/config", pkg / "data" / "config.csv")
    data = _descriptor(pkg)
    data["resources"].append(
        {"name": "config", "path": "data/config.csv", "schema": {"fields": [{"name": "[core]"}]}}
    )
    _write(pkg, data)


def symlink_out(pkg: Path) -> None:
    secret = pkg.parent / "credentials.csv"
    secret.write_text(f"place_id\n{SECRET}\n", "utf-8")
    (pkg / "data" / "places.csv").unlink()
    os.symlink(secret, pkg / "data" / "places.csv")


def repeat_field(pkg: Path) -> None:
    path, schema = _schema(pkg, "actors")
    schema["fields"].append(dict(schema["fields"][0]))
    path.write_text(json.dumps(schema), "utf-8")


def key_not_field(pkg: Path) -> None:
    path, schema = _schema(pkg, "actors")
    schema["primaryKey"] = ["nope"]
    path.write_text(json.dumps(schema), "utf-8")


def page_path(pkg: Path) -> None:
    _add_table(pkg, "page", "index.html", f"a\n{PLANTED}\n")


def _page_schema(page: str) -> Callable[[Path], None]:
    """A schema whose file is named as a file of the site, and whose text holds a script."""

    def edit(pkg: Path) -> None:
        data = _descriptor(pkg)
        places = _resource(data, "places")
        schema = json.loads((pkg / places["schema"]).read_text("utf-8"))
        schema["description"] = PLANTED
        (pkg / page).write_text(json.dumps(schema), "utf-8")
        places["schema"] = page
        _write(pkg, data)

    return edit


def no_name(pkg: Path) -> None:
    data = _descriptor(pkg)
    del _resource(data, "places")["name"]
    _write(pkg, data)


def nan_cell(pkg: Path) -> None:
    _add_table(pkg, "scores", "data/scores.csv", "a\n1.5\nNaN\n", kind="number")


def billion_laughs(pkg: Path) -> None:
    lines = ["a: &a ['x','x','x','x','x','x','x','x','x']"]
    for p, c in zip("abcdefgh", "bcdefghi"):  # nine times more at each of nine levels
        lines.append(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]")
    (pkg / "CITATION.cff").write_text("title: x\n" + "\n".join(lines) + "\n", "utf-8")


def changelog_to_environ(pkg: Path) -> None:
    for name in ("CHANGELOG.md", "CITATION.cff"):
        (pkg / name).unlink()
        os.symlink("/proc/self/environ", pkg / name)


def changelog_not_utf8(pkg: Path) -> None:
    (pkg / "CHANGELOG.md").write_bytes(b"# Log\n\xff\xfe caf\xe9\n")


def script_folder(pkg: Path) -> None:
    _add_table(pkg, "js", "javascript:alert(1)/x.csv", "a\n1\n")


def comment_description(pkg: Path) -> None:
    _set("description", "<!-- </script><script>alert(1)</script> -->")(pkg)


def lone_surrogate(pkg: Path) -> None:
    text = (pkg / "datapackage.json").read_text("utf-8")
    (pkg / "datapackage.json").write_text(text.replace("{", '{"x-odd": "\\ud800",', 1), "utf-8")


def huge_integer(pkg: Path) -> None:
    text = (pkg / "datapackage.json").read_text("utf-8")
    (pkg / "datapackage.json").write_text(text.replace("{", '{"x-n": ' + "9" * 5000 + ",", 1))


def deep_nesting(pkg: Path) -> None:
    text = (pkg / "datapackage.json").read_text("utf-8")
    deep = "[" * 20_000 + "]" * 20_000
    (pkg / "datapackage.json").write_text(text.replace("{", '{"x-deep": ' + deep + ",", 1))


def many_actors(pkg: Path) -> None:
    """150 actors more, each in one relationship with its own quote: too many to draw."""
    with open(pkg / "data" / "actors.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [f"fork-{i}", "armed_group", f"Fork group {i}", "", "", ""] for i in range(150)
        )
    rel = pkg / "data" / "relationships.csv"
    with open(rel, encoding="utf-8", newline="") as fh:
        first = next(csv.DictReader(fh))
    with open(rel, "a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(first))
        for i in range(150):
            quote = f"Fork group {i} has ties with Fork group {(i + 1) % 150}."
            writer.writerow(
                {
                    **first,
                    "relationship_id": f"rel-9{i:03d}",
                    "subject_id": f"fork-{i}",
                    "type": "has_ties_with",
                    "object_id": f"fork-{(i + 1) % 150}",
                    "quote": quote,
                    "note": "",
                }
            )


def _listed_not_drawn(out: Path) -> None:
    graph = (out / "graph.html").read_text("utf-8")
    assert "<svg" not in graph and f"legibly ({MAX_NODES} actors" in graph
    rows = len(Package(ROOT).text_rows("relationships")) + 150
    assert graph.count('<li><a href="actors/') == rows


@dataclass
class Case:
    edit: Callable[[Path], None]
    # What a command must print (a fragment), and with which exit code; commands not named
    # here must still end cleanly, by any exit code.
    says: dict[str, tuple[int, str]] = field(default_factory=dict)
    # What must hold of the site the fork builds.
    site: Callable[[Path], None] | None = None


def _no_planted_page(out: Path) -> None:
    assert "<svg" in (out / "graph.html").read_text("utf-8")  # the graph, not the fork's file
    assert not list(out.rglob("graph.html*"))[1:]  # the schema's copy is under files/, renamed


def _no_search_planted(out: Path) -> None:
    index = (out / "search-index.js").read_text("utf-8")
    assert index.startswith("window.JDS_SEARCH = {") and "al-qaedas-resurgence" in index


def _says(out: Path, text: str) -> None:
    assert text in (out / "index.html").read_text("utf-8")


def _citation_refused(out: Path) -> None:
    home = (out / "index.html").read_text("utf-8")
    assert "an alias (*name) is not read" in home, home[:2000]


def _no_script_link(out: Path) -> None:
    pages = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    assert "javascript" in pages  # the table is shown ...
    assert not re.search(r"""(href|src)=["']?\s*javascript:""", pages, re.I)  # ... never linked


def _json_ld_intact(out: Path) -> None:
    home = (out / "index.html").read_text("utf-8")
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)
    assert ld and "<!--" not in ld.group(1) and "</script" not in ld.group(1).lower()
    assert json.loads(ld.group(1))["description"].startswith("<!-- </script>")


def _all(code: int, text: str, *, validate: int = 2) -> dict[str, tuple[int, str]]:
    """Every command refuses the package with the same words (validate: exit 2, JDS900; diff:
    exit 2, "cannot read", which is not "differ")."""
    return {c: (validate if c in ("validate", "diff") else code, text) for c in COMMANDS}


CASES = {
    "hidden-path": Case(hidden_path, _all(1, "hidden or version-control path ('.git')")),
    "symlink-out": Case(symlink_out, _all(1, "resolves outside the package folder")),
    "link-into-git": Case(link_to_git, _all(1, "leads to a hidden or version-control path")),
    "repeated-field": Case(repeat_field, _all(1, "repeats the name 'actor_id' of fields[0]")),
    "primary-key-not-a-field": Case(
        key_not_field,
        {
            "site": (1, "the site needs the field nope in table 'actors'"),
            "validate": (1, "nope"),
        },
    ),
    "licenses-a-number": Case(
        _set("licenses", 5), {"site": (1, "licenses: must be a list, not int")}
    ),
    "keywords-a-number": Case(
        _set("keywords", 5), {"site": (1, "keywords: must be a list, not int")}
    ),
    "contributors-a-number": Case(
        _set("contributors", 5), {"site": (1, "contributors: must be a list, not int")}
    ),
    "actors-without-kind": Case(
        _drop_column("actors", "kind"), {"site": (1, "the site needs the field kind")}
    ),
    "relationships-without-type": Case(
        _drop_column("relationships", "type"), {"site": (1, "the site needs the field type")}
    ),
    "long-name": Case(_rename("p" * 300), {"export": (1, "at most 200 to a name")}),
    "nul-name": Case(_rename("places\x00x")),
    "workflow-command-name": Case(_rename("##[error]forged%0Aline")),
    "escape-name": Case(_rename("places\x1b]0;owned\x07\x1b[2J")),
    "page-path": Case(page_path, {"site": (1, "(page) is not a plain CSV file")}),
    "graph-page-schema": Case(_page_schema("graph.html"), site=_no_planted_page),
    "search-index-schema": Case(_page_schema("search-index.js"), site=_no_search_planted),
    "name-with-dotdot": Case(_rename("../../escaped")),
    "table-without-name": Case(no_name, _all(1, "resource has no name")),
    "nan-cell": Case(
        nan_cell,
        {
            "export": (1, "data/scores.csv:3:a: 'NaN' is not a number"),
            "show": (0, "United Nations"),
        },
    ),
    "billion-laughs-citation": Case(
        billion_laughs, {"cite": (1, "an alias (*name) is not read")}, site=_citation_refused
    ),
    "changelog-to-environ": Case(
        changelog_to_environ,
        {"cite": (1, "CITATION.cff: this file")},
        site=lambda out: _says(out, "The changelog cannot be shown"),
    ),
    "changelog-not-utf8": Case(
        changelog_not_utf8, site=lambda out: _says(out, "The changelog cannot be shown")
    ),
    "javascript-folder": Case(script_folder, site=_no_script_link),
    "comment-in-description": Case(comment_description, site=_json_ld_intact),
    "lone-surrogate": Case(lone_surrogate),
    "150-actors-more": Case(many_actors, site=_listed_not_drawn),
    "5000-digit-integer": Case(huge_integer, _all(1, "a number has more digits than can be read")),
    "deep-nesting": Case(deep_nesting, _all(1, "JSON nested too deeply")),
}


def _args(command: str, pkg: Path, out: Path) -> list[str]:
    return {
        "validate": ["validate", str(pkg)],
        "site": ["site", str(pkg), "-o", str(out)],
        "cite": ["cite", str(pkg)],
        "export": ["export", str(pkg), "--format", "json", "-o", str(out)],
        "rehash": ["rehash", str(pkg)],
        "diff": ["diff", str(ROOT), str(pkg)],
        "show": ["show", "actors", str(pkg)],
    }[command]


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if not p.is_dir()}


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


# Building the site is most of the time a fork takes: the quick tier leaves it to CI.
@pytest.mark.parametrize(
    "command", [pytest.param(c, marks=pytest.mark.slow) if c == "site" else c for c in COMMANDS]
)
@pytest.mark.parametrize("name", CASES)
def test_a_hostile_fork_gets_an_answer_or_a_clear_error_from_every_command(
    tmp_path: Path, name: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JDS_TEST_TOKEN", SECRET)  # what CI keeps in its environment
    case = CASES[name]
    where = tmp_path / command
    where.mkdir()
    pkg = copy_package(where, "fork")
    shutil.copy(ROOT / "CITATION.cff", pkg / "CITATION.cff")
    shutil.copy(ROOT / "CHANGELOG.md", pkg / "CHANGELOG.md")
    case.edit(pkg)
    before = _files(where)
    try:
        edited = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    except (ValueError, RecursionError):
        edited = None
    out = where / "out"
    result = CliRunner().invoke(cli, _args(command, pkg, out))
    said = f"{name} / {command}: exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), said
    assert "a bug in jihadistds" not in result.output, said
    assert SECRET not in result.output, said
    assert not CONTROL.search(result.output), said
    assert "##[" not in result.output, said
    written = _files(where) - before
    assert all(p.is_relative_to(out) for p in written), (said, written)
    if out.exists():
        for p in _files(out):
            text = p.read_text("utf-8", "replace")
            assert SECRET not in text, (said, p)  # not in a page, not in a copy of the data
            if p.suffix in (".html", ".js"):  # a planted script is shown as text, never run
                assert PLANTED not in text, (said, p)
                assert str(tmp_path) not in text, (said, p)  # nor a path of the machine
    if command in case.says:
        code, text = case.says[command]
        assert text in result.output, said
        assert result.exit_code == code, said
    if command == "site" and case.site is not None:
        assert result.exit_code == 0, said
        case.site(out)
    if command == "rehash" and result.exit_code == 0:  # only bytes and hash changed
        after = json.loads((pkg / "datapackage.json").read_text("utf-8"))
        for res in after["resources"]:
            del res["bytes"], res["hash"]
        assert after == edited, said

"""A fork cannot plant pages, read secrets or forge output through site, cite, diff and export.

One case per class of issue #23 so far; each builds a hostile copy of the package and states
what must happen to it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from jihadistds import Package
from jihadistds.cli import cli
from jihadistds.errors import json_text, printable_line
from jihadistds.site import build_site

from conftest import copy_package

SECRET = "SECRET-7f3a9c"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def _site_text(out: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())


def test_a_resource_name_cannot_write_outside_the_site_or_replace_a_page(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    data = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    places = next(r for r in data["resources"] if r["name"] == "places")
    places["name"] = "../../escaped"
    (pkg / "datapackage.json").write_text(json.dumps(data), "utf-8")
    out = tmp_path / "site" / "public"
    build_site(out, pkg)
    assert not list(tmp_path.rglob("escaped*"))  # no file named for it, inside or out
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    # The copies of the data sit under files/, by derived names; the descriptor there names them.
    copy = json.loads((out / "files" / "datapackage.json").read_text("utf-8"))
    for res in copy["resources"]:
        assert (out / "files" / res["path"]).is_file() and "/" not in res["path"]
    assert not (out / "data").exists()


def test_page_files_of_two_tables_never_meet(tmp_path: Path) -> None:
    from jihadistds.site.page import file_name, table_page

    assert table_page("places", 2) != table_page("places-2")
    assert file_name("A") != file_name("a") and "~" in file_name("A")
    assert "/" not in file_name("../x") and "." not in file_name("index.html")


def test_a_changelog_linked_out_of_the_package_is_not_read(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    secret = tmp_path / "credentials"
    secret.write_text(f"token={SECRET}\n", "utf-8")
    os.symlink(secret, pkg / "CHANGELOG.md")
    os.symlink(secret, pkg / "CITATION.cff")
    out = tmp_path / "public"
    build_site(out, pkg)
    assert SECRET not in _site_text(out)
    assert "The changelog cannot be shown" in (out / "index.html").read_text("utf-8")
    result = run("cite", str(pkg))
    assert result.exit_code == 1 and SECRET not in result.output
    assert "resolves outside the package folder" in result.output


def test_changelog_markdown_requests_nothing_from_another_host(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    (pkg / "CHANGELOG.md").write_text(
        "# Log\n![pixel](http://tracker.invalid/p.gif) [x](javascript:alert(1)) "
        "[plain](http://example.invalid/) [ok](https://example.invalid/) <script>alert(1)</script>\n",
        "utf-8",
    )
    out = tmp_path / "public"
    build_site(out, pkg)
    home = (out / "index.html").read_text("utf-8")
    assert "<img" not in home and 'href="javascript:' not in home
    assert 'href="http://example.invalid/"' not in home and "plain" in home
    assert '<a href="https://example.invalid/">ok</a>' in home
    assert "<script>alert" not in home


def test_a_billion_laughs_citation_is_refused_at_once(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    lines = ["a: &a ['x','x','x','x','x','x','x','x','x']"]
    for p, c in zip("abcdefgh", "bcdefghi"):  # nine times more at each of nine levels
        lines.append(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]")
    (pkg / "CITATION.cff").write_text("title: x\n" + "\n".join(lines) + "\n", "utf-8")
    result = run("cite", str(pkg))
    assert result.exit_code == 1
    assert "an alias (*name) is not read" in result.output


def test_impossible_values_in_citation_are_errors_not_bugs(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    for text in ("title: x\ndate-released: 2019-02-30\n", f"title: x\nversion: {'9' * 5000}\n",
                 "title: [1, 2]\n", "title: x\nauthors: 5\n", "title: x\n" + "[" * 5000):  # fmt: skip
        (pkg / "CITATION.cff").write_text(text, "utf-8")
        result = run("cite", str(pkg))
        assert result.exit_code == 1, (text[:40], result.output)
        assert "a bug in jihadistds" not in result.output and "CITATION.cff" in result.output


def test_workflow_commands_are_inert_everywhere_in_a_line() -> None:
    assert "##[" not in printable_line("a cell ##[error]forged")
    assert printable_line("::error::x").startswith("./")
    data = {"x": "##[error] \x1b[31m \x9b \ud800"}
    text = json_text(data)
    assert json.loads(text) == data and "##[" not in text and "\x1b" not in text


def test_diff_markdown_mentions_nobody(tmp_path: Path) -> None:
    old = copy_package(tmp_path, "old")
    new = copy_package(tmp_path, "new")
    data = json.loads((new / "datapackage.json").read_text("utf-8"))
    data["title"] = "ping @octocat"
    (new / "datapackage.json").write_text(json.dumps(data), "utf-8")
    result = run("diff", str(old), str(new), "--format", "markdown")
    assert result.exit_code == 0 and "@octocat" not in result.output
    assert "@\u2060octocat" in result.output


def test_json_output_is_strict_json(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    data = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    data["resources"][0]["x-size"] = float("nan")
    (pkg / "datapackage.json").write_text(json.dumps(data), "utf-8")  # writes NaN
    result = run("list", str(pkg), "--format", "json")
    assert result.exit_code == 1 and "NaN is not a JSON value" in result.output


def test_the_site_publishes_no_path_of_the_machine_that_built_it(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)  # no CITATION.cff: the page says so without the path
    out = tmp_path / "public"
    build_site(out, pkg)
    assert "The package has no CITATION.cff; cite the package by its title and version" in (
        out / "index.html"
    ).read_text("utf-8")
    assert str(tmp_path) not in _site_text(out)


def test_the_graph_is_drawn_up_to_its_cap_and_listed_past_it(tmp_path: Path) -> None:
    from jihadistds.site.graph import MAX_NODES, graph_page
    from jihadistds.site.page import Site

    actors = [{"actor_id": f"a{i}", "kind": "armed_group", "name": f"A {i}"} for i in range(99)]
    pkg = copy_package(tmp_path)
    site = Site(Package(pkg).descriptor, {"actors": actors})
    for n in (MAX_NODES, MAX_NODES + 1):  # a chain of n actors: n - 1 relationships
        site.rows["relationships"] = [
            {"relationship_id": f"r{i}", "subject_id": f"a{i}", "object_id": f"a{i + 1}",
             "type": "has_ties_with"}
            for i in range(n - 1)
        ]  # fmt: skip
        page = graph_page(site)
        assert ("<svg" in page) == (n <= MAX_NODES), n
        assert page.count('<li><a href="actors/') == n - 1

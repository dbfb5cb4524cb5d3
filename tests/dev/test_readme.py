"""The README is a welcome, and the reference in docs/ matches what generates it."""

from __future__ import annotations

import re
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
from generate import generated  # docs/generate.py

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_generated_docs_are_up_to_date() -> None:
    for path, text in generated(ROOT).items():
        assert path.is_file() and path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} has drifted: run `python docs/generate.py`"
        )


def test_the_dictionary_lists_every_field(descriptor) -> None:  # type: ignore[no-untyped-def]
    data = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for res in descriptor.resources:
        assert f"### `{res.name}`" in data
        for name in res.field_names:
            assert f"| `{name}` |" in data


def test_the_readme_is_short_and_names_its_source_first() -> None:
    """At most 250 lines, and what a reader needs first (one source, its date) comes first."""
    lines = README.splitlines()
    assert len(lines) <= 250
    head = "\n".join(lines[:15])
    assert "One source today" in head and "21 May 2019" in head


def test_the_readme_counts_the_facts_it_ships(descriptor) -> None:  # type: ignore[no-untyped-def]
    """The number of facts the README states is the number of rows that carry a quote."""
    from jihadistds import Package

    pkg = Package()
    facts = sum(
        len(pkg.load(r.name))  # type: ignore[arg-type]
        for r in descriptor.resources
        if "quote" in r.field_names
    )
    actors, places = len(pkg.load("actors")), len(pkg.load("places"))
    stated = re.search(r"\*\*(\d+) facts\*\*.*?about (\d+) actors and (\d+) places", README, re.S)
    assert stated and tuple(map(int, stated.groups())) == (facts, actors, places)


def test_every_docs_page_the_readme_links_exists() -> None:
    linked = re.findall(r"\]\((docs/[^)#]+)", README)
    assert linked and all((ROOT / link).is_file() for link in linked)


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    """A link in the README or docs/ that is not a URL or an anchor names a file of the checkout."""
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            path = target.split("#", 1)[0]
            if path and not re.match(r"^[a-z]+:", path) and not (page.parent / path).exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_readme_cites_this_release_as_cite_does() -> None:
    from jihadistds.citation import as_text, read_citation

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## How to cite", 1)[1].split("\n\n")[1]
    quoted = " ".join(line.removeprefix("> ").strip() for line in block.splitlines())
    assert quoted == as_text(read_citation(ROOT)).strip()

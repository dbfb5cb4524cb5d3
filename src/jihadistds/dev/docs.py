"""The generated reference in ``docs/``: the CLI reference, the rules, the data dictionary, the
relationship graph and the recipes for reading the data without Python.

A page holds a generated part between ``<!-- BEGIN name -->`` and ``<!-- END name -->``
markers; a recipe is a whole file. ``python -m jihadistds.dev.docs`` rewrites them and
``--check`` fails when any has drifted (a test runs it too).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..check import RULES
from ..check.registry import KINDS
from ..cli import CONTEXT_SETTINGS, cli
from ..read.csv import read_strict
from ..read.descriptor import Descriptor, Field, read_descriptor
from ..site.graph import relationship_graph
from .recipes import recipes


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraints(field: Field) -> str:
    c = field.constraints
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in c:
            parts.append(f"{word} {c[key]}")
    for key, word in (("minLength", "at least"), ("maxLength", "at most")):
        if key in c:
            parts.append(f"{word} {c[key]} characters")
    if field.format != "default":
        parts.append(f"format {field.format}")
    if field.type == "list":
        parts.append(f"items separated by `{field.delimiter}`")
    return "; ".join(parts)


def data_dictionary(descriptor: Descriptor) -> str:
    """Markdown describing every table and field, from the descriptor and its schemas."""
    out: list[str] = []
    titles = {r["name"]: r for r in descriptor.data["resources"]}
    for res in descriptor.resources:
        meta = titles[res.name]
        out.append(f"### `{res.name}`: {meta.get('title', res.name)}\n")
        out.append(f"{meta.get('description', '')}\n")
        keys = [f"File `{res.path}`", "primary key " + ", ".join(f"`{k}`" for k in res.primary_key)]
        for fk in res.foreign_keys:
            keys.append(f"`{', '.join(fk.fields)}` → `{fk.resource}.{', '.join(fk.reference)}`")
        out.append("; ".join(keys) + ".\n")
        out.append("| field | type | required | constraints | description |")
        out.append("| --- | --- | --- | --- | --- |")
        for f in res.fields:
            required = "yes" if f.required else ""
            out.append(
                f"| `{f.name}` | {f.type} | {required} | "
                f"{_cell(_constraints(f))} | {_cell(f.description)} |"
            )
        out.append("")
        for f in res.fields:
            categories = [c for c in f.spec.get("categories") or [] if isinstance(c, dict)]
            if categories:
                symmetric = set(f.spec.get("symmetricCategories", []))
                out.append(f"Values of `{f.name}`:")
                out.append("")
                for c in categories:
                    mark = " (symmetric)" if c["value"] in symmetric else ""
                    out.append(f"- `{c['value']}`{mark}: {c['label'].rstrip('.')}.")
                out.append("")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def mermaid_graph(descriptor: Descriptor) -> str:
    """The relationship graph as a Mermaid block (GitHub draws it): one arrow per relationship row."""
    rows = {
        r.name: read_strict(r).rows()
        for r in descriptor.resources
        if r.name in ("actors", "relationships")
    }
    if "relationships" not in rows:
        return "This package has no relationships table.\n"
    nodes, edges = relationship_graph(
        descriptor.resource("relationships"), rows["relationships"], rows.get("actors", [])
    )
    node = {n.id: f"n{i + 1}" for i, n in enumerate(nodes)}

    def label(text: str) -> str:  # Mermaid's quoted labels take no double quote; #quot; is one
        return text.replace('"', "#quot;")

    lines = ["```mermaid", "graph LR"]
    lines += [f'  {node[n.id]}["{label(n.label)}"]' for n in nodes]
    for e in edges:
        arrow = "<-->" if e.symmetric else "-->"
        kind = label(e.type.replace("_", " "))
        lines.append(f'  {node[e.subject]} {arrow}|"{kind}"| {node[e.object]}')
    lines.append("```")
    return "\n".join(lines) + "\n"


def rules_table() -> str:
    """Markdown table of every rule in the registry: its id, what it checks and where it applies, by kind."""
    rows = ["| rule | what it checks | applies to |", "| --- | --- | --- |"]
    for kind, title in KINDS.items():
        listed = sorted((r for r in RULES.values() if r.kind == kind), key=lambda r: r.id)
        if listed:
            rows.append(f"| | **{_cell(title)}** | |")
        rows += [f"| `{r.id}` | {_cell(r.summary)} | {_cell(r.scope)} |" for r in listed]
    return "\n".join(rows) + "\n"


def cli_reference() -> str:
    """Markdown of ``--help`` for the command line and each command, as a user sees it."""
    settings: dict[str, Any] = dict(CONTEXT_SETTINGS)
    root = click.Context(cli, info_name="jihadistds", **settings)
    out = ["```text", "$ jihadistds --help", cli.get_help(root), "```", ""]
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        ctx = click.Context(command, info_name=name, parent=root, **settings)
        out += [f"#### `jihadistds {name}`", "", "```text", command.get_help(ctx), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with the body between the markers for ``name`` replaced by ``body``."""
    pattern = re.compile(
        rf"(<!-- BEGIN {re.escape(name)} -->\n)(.*?)(<!-- END {re.escape(name)} -->)", re.DOTALL
    )
    if not pattern.search(text):
        raise ValueError(f"no <!-- BEGIN {name} --> ... <!-- END {name} --> section")
    return pattern.sub(lambda m: m.group(1) + "\n" + body + "\n" + m.group(3), text, count=1)


def sections(root: Path) -> dict[str, tuple[str, Callable[[], str]]]:
    """The generated sections, by marker name: the page under ``docs/`` and what writes it."""
    return {
        "cli": ("cli.md", cli_reference),
        "rules": ("checks.md", rules_table),
        "data-dictionary": ("data.md", lambda: data_dictionary(read_descriptor(root))),
        "graph": ("site.md", lambda: mermaid_graph(read_descriptor(root))),
    }


def generated(root: Path) -> dict[Path, str]:
    """Every generated file under ``root/docs`` and the text it should hold."""
    docs = root / "docs"
    pages: dict[Path, str] = {}
    for name, (page, make) in sections(root).items():
        path = docs / page
        text = pages.get(path) or path.read_text(encoding="utf-8")
        pages[path] = replace_section(text, name, make())
    for name, text in recipes(read_descriptor(root)).items():
        pages[docs / "recipes" / name] = text
    return pages


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated docs, or with ``--check`` report which have drifted."""
    args = sys.argv[1:] if argv is None else argv
    root = Path.cwd()
    stale = {
        path: text
        for path, text in generated(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    }
    if "--check" in args:
        for path in stale:
            print(
                f"{path.relative_to(root)} is out of date: run `python -m jihadistds.dev.docs`",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Everything generated: the reference in ``docs/`` (the CLI reference, the rules, the data
dictionary, the relationship graph, the recipes for reading the data without Python) and the typed
code in ``src/jihadistds/_generated`` (one pydantic model per table, the table names).

    python docs/generate.py           # rewrite what has drifted
    python docs/generate.py --check   # exit 1 and name each file that has drifted

A page holds a generated part between ``<!-- BEGIN name -->`` and ``<!-- END name -->``
markers; a recipe is a whole file. The recipes (sqlite3, DuckDB, R) give every column the type
its Table Schema field has, a blank cell as a missing value, and ``period_start`` and
``period_end`` as dates, the first and last day at ``period_precision``, as ``load()`` does;
``tests/data/test_without_python.py`` runs them and compares every value with ``load()``.
Maintainers' tooling: it is not part of the installed package.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from jihadistds.check import RULES
from jihadistds.check.registry import KINDS
from jihadistds.cli import CONTEXT_SETTINGS, cli
from jihadistds.export.sqlite import quote_name, sql_literal
from jihadistds.loaders.models import annotation_source, class_name, field_spec, fingerprint
from jihadistds.read.csv import read_strict
from jihadistds.read.descriptor import Descriptor, Field, Resource, read_descriptor
from jihadistds.read.fields import PERIOD_FIELDS, false_values, is_period, true_values, type_info
from jihadistds.site.graph import relationship_graph


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
    if field.spec.get("format", "default") != "default":
        parts.append(f"format {field.spec['format']}")
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
    """Every generated file under ``root`` and the text it should hold."""
    docs = root / "docs"
    pages: dict[Path, str] = {}
    for name, (page, make) in sections(root).items():
        path = docs / page
        text = pages.get(path) or path.read_text(encoding="utf-8")
        pages[path] = replace_section(text, name, make())
    for name, text in recipes(read_descriptor(root)).items():
        pages[docs / "recipes" / name] = text
    code = root / "src" / "jihadistds" / "_generated"
    pages[code / "models.py"] = models_source(read_descriptor(root))
    pages[code / "tables.py"] = tables_source(read_descriptor(root))
    return pages


# -- recipes -----------------------------------------------------------------------------------


def _periods(res: Resource) -> list[Field]:
    return [f for f in res.fields if is_period(res, f)]


def _sqlite_bound(f: Field, precision: str) -> str:
    """SQL for a period bound as 'YYYY-MM-DD': the first day of a start, the last of an end."""
    col, p = quote_name(f.name), quote_name(precision)
    if f.name == "period_end":
        return (
            f"CASE {p} WHEN 'year' THEN {col} || '-12-31' "
            f"WHEN 'month' THEN date({col} || '-01', '+1 month', '-1 day') ELSE {col} END"
        )
    return f"CASE {p} WHEN 'year' THEN {col} || '-01-01' WHEN 'month' THEN {col} || '-01' ELSE {col} END"


def sqlite3_script(descriptor: Descriptor) -> str:
    """A script for the ``sqlite3`` shell that builds a typed database from the CSVs."""
    out = [
        "-- From the folder that holds datapackage.json:  sqlite3 jihadistds.sqlite < sqlite3.sql",
        ".bail on",
    ]
    for res in descriptor.resources:
        columns = [f"  {quote_name(f.name)} {type_info(f).sql}" for f in res.fields]
        if res.primary_key:
            columns.append(f"  PRIMARY KEY ({', '.join(map(quote_name, res.primary_key))})")
        table = quote_name(res.name)
        out.append("")
        out.append(f"CREATE TABLE {table} (\n" + ",\n".join(columns) + "\n);")
        out.append(f".import --csv --skip 1 {res.path} {res.name}")
        blanks = ",\n".join(
            f"  {quote_name(f.name)} = NULLIF({quote_name(f.name)}, '')" for f in res.fields
        )
        out.append(f"UPDATE {table} SET  -- a blank cell is NULL\n{blanks};")
        sets = []
        for f in res.fields:
            if f.type == "boolean":
                cases = [f"WHEN {sql_literal(v)} THEN 1" for v in sorted(true_values(f))]
                cases += [f"WHEN {sql_literal(v)} THEN 0" for v in sorted(false_values(f))]
                sets.append(
                    f"{quote_name(f.name)} = CASE {quote_name(f.name)} {' '.join(cases)} END"
                )
        sets += [
            f"{quote_name(f.name)} = {_sqlite_bound(f, PERIOD_FIELDS[f.name])}"
            for f in _periods(res)
        ]
        if sets:  # booleans as 1 and 0, period bounds as days
            out.append(f"UPDATE {table} SET\n" + ",\n".join(f"  {s}" for s in sets) + ";")
    return "\n".join(out) + "\n"


def _duckdb_bound(f: Field, precision: str) -> str:
    col, p = quote_name(f.name), quote_name(precision)
    first = f"CAST(CASE {p} WHEN 'year' THEN {col} || '-01-01' WHEN 'month' THEN {col} || '-01' ELSE {col} END AS DATE)"
    if f.name == "period_end":
        return (
            f"CASE {p} WHEN 'year' THEN CAST({col} || '-12-31' AS DATE) "
            f"WHEN 'month' THEN last_day(CAST({col} || '-01' AS DATE)) ELSE CAST({col} AS DATE) END"
        )
    return first


def duckdb_script(descriptor: Descriptor) -> str:
    """SQL for DuckDB that reads each CSV with every column's type stated, nothing guessed."""
    out = ["-- From the folder that holds datapackage.json:  duckdb jihadistds.duckdb < duckdb.sql"]
    for res in descriptor.resources:
        # Read as text what becomes a date (a period bound) or a list (split below).
        text = {f.name for f in _periods(res)} | {f.name for f in res.fields if f.type == "list"}
        columns = ",\n".join(
            f"    {sql_literal(f.name)}: '{'VARCHAR' if f.name in text else type_info(f).duckdb}'"
            for f in res.fields
        )
        replace = [
            f"{_duckdb_bound(f, PERIOD_FIELDS[f.name])} AS {quote_name(f.name)}"
            for f in _periods(res)
        ]
        replace += [
            f"string_split({quote_name(f.name)}, {sql_literal(f.delimiter)}) AS {quote_name(f.name)}"
            for f in res.fields
            if f.type == "list"
        ]
        select = "* REPLACE (\n" + ",\n".join(f"  {r}" for r in replace) + "\n)" if replace else "*"
        out.append("")
        out.append(
            f"CREATE TABLE {quote_name(res.name)} AS SELECT {select}\n"
            f"FROM read_csv({sql_literal(res.path)}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"',\n  columns = {{\n{columns}\n  }});"
        )
    return "\n".join(out) + "\n"


def r_script(descriptor: Descriptor) -> str:
    """Base R (no packages) that reads each CSV into a data frame with its columns typed."""
    out = [
        '# From the folder that holds datapackage.json: source("load.R"), or Rscript load.R',
        "# A period bound as a Date: the first day of a start, the last day of an end.",
        "start_date <- function(x, precision) {",
        '  full <- ifelse(precision == "year", paste0(x, "-01-01"),',
        '                 ifelse(precision == "month", paste0(x, "-01"), x))',
        '  as.Date(ifelse(is.na(x), NA_character_, full), format = "%Y-%m-%d")',
        "}",
        "end_date <- function(x, precision) {",
        "  first <- start_date(x, precision)",
        '  after <- ifelse(precision == "year", paste0(as.integer(substr(x, 1, 4)) + 1L, "-01-01"),',
        '                  ifelse(precision == "month", format(first + 31, "%Y-%m-01"), format(first + 1)))',
        '  as.Date(ifelse(is.na(x), NA_character_, after), format = "%Y-%m-%d") - 1',
        "}",
        "read_table <- function(path, types) {",
        '  read.csv(path, colClasses = types, na.strings = "", fileEncoding = "UTF-8",',
        "           check.names = FALSE, strip.white = FALSE)",
        "}",
    ]
    for res in descriptor.resources:
        types = ", ".join(f"{f.name} = {_r_text(type_info(f).r)}" for f in res.fields)
        out.append("")
        out.append(f"{res.name} <- read_table({_r_text(res.path)}, c({types}))")
        for f in _periods(res):
            helper = "end_date" if f.name == "period_end" else "start_date"
            precision = PERIOD_FIELDS[f.name]
            out.append(
                f"{res.name}${f.name} <- {helper}({res.name}${f.name}, {res.name}${precision})"
            )
    return "\n".join(out) + "\n"


def _r_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def recipes(descriptor: Descriptor) -> dict[str, str]:
    """Each recipe's file name under ``docs/recipes/`` and its text."""
    return {
        "sqlite3.sql": sqlite3_script(descriptor),
        "duckdb.sql": duckdb_script(descriptor),
        "load.R": r_script(descriptor),
    }


# -- the typed code ------------------------------------------------------------------------------

HEADER = "# GENERATED by `python docs/generate.py`: do not edit by hand.\n"


def models_source(descriptor: Descriptor) -> str:
    lines = [
        HEADER,
        '"""One frozen pydantic model per table, generated from the Table Schemas in ``schemas/``."""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime as dt",
        "from typing import Annotated, ClassVar, Literal",
        "",
        "from pydantic import Field, StringConstraints",
        "",
        "from ..loaders.record import Record",
        "",
        '__all__ = ["MODELS", "SCHEMA_FINGERPRINTS", '
        + ", ".join(f'"{class_name(r.name)}"' for r in descriptor.resources)
        + "]",
    ]
    titles = {r["name"]: r for r in descriptor.data["resources"]}
    for res in descriptor.resources:
        lines += ["", "", f"class {class_name(res.name)}(Record):"]
        lines.append(f'    """{titles[res.name].get("description", "")}"""')
        lines += ["", f"    table: ClassVar[str] = {res.name!r}", ""]
        for f in res.fields:
            spec = field_spec(f)
            default = "None, " if spec.optional else ""
            lines.append(
                f"    {spec.name}: {annotation_source(spec)} = Field({default}description={spec.description!r})"
            )
    lines += ["", "", "MODELS: dict[str, type[Record]] = {"]
    lines += [f"    {r.name!r}: {class_name(r.name)}," for r in descriptor.resources]
    lines += [
        "}",
        "# What each model was generated from; a copy whose schema differs gets a model of its own.",
        "SCHEMA_FINGERPRINTS: dict[str, str] = {",
    ]
    lines += [f"    {r.name!r}: {fingerprint(r)!r}," for r in descriptor.resources]
    lines += ["}", ""]
    return "\n".join(lines)


def tables_source(descriptor: Descriptor) -> str:
    names = [r.name for r in descriptor.resources]
    classes = [class_name(n) for n in names]
    lines = [
        HEADER,
        '"""The table names, and ``records`` typed per table, without importing pydantic."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any, Literal, overload",
        "",
        "if TYPE_CHECKING:",
        "    from .models import " + ", ".join(classes),
        "",
        "TableName = Literal[" + ", ".join(repr(n) for n in names) + "]",
        "TABLE_NAMES: tuple[TableName, ...] = (" + ", ".join(repr(n) for n in names) + ",)",
        "",
        "",
        "class TypedRecords:",
        '    """``records(name)`` typed by table: ``records("actors")`` is a ``list[Actor]``."""',
        "",
    ]
    for name, cls in zip(names, classes):
        lines += [
            "    @overload",
            f"    def records(self, name: Literal[{name!r}]) -> list[{cls}]: ...",
            "",
        ]
    lines += [
        "    def records(self, name: TableName) -> list[Any]:",
        '        """The rows of table ``name`` as frozen pydantic records, in file order."""',
        "        return self._records(name)",
        "",
        "    def _records(self, name: str) -> list[Any]:",
        "        raise NotImplementedError",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated files, or with ``--check`` report which have drifted."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    stale = {
        path: text
        for path, text in generated(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    }
    if "--check" in args:
        for path in stale:
            print(
                f"{path.relative_to(root)} is out of date: run `python docs/generate.py`",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

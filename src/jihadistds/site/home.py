"""The home page, the dataset card: what it is and is not, sources, citation, licence, downloads, datasheet."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..citation import as_bibtex, as_text, read_citation
from ..errors import PackageError
from ..read.descriptor import Resource
from .page import QUOTE, Site, file_name, page_html


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).render(text))


def home_page(site: Site, files: list[tuple[Resource, int, str]], ld: dict[str, Any]) -> str:
    d = site.descriptor.data
    root = site.descriptor.root
    title = str(d.get("title") or d.get("name") or "Data package")
    sources = "".join(
        f"<li>{escape(r.get('title', ''))}"
        + (f", {escape(r['author'])}" if r.get("author") else "")
        + (f", {escape(r['publisher'])}" if r.get("publisher") else "")
        + (f", {escape(r['published'])}" if r.get("published") else "")
        + (
            f' (<a href="{escape(r["url"])}" rel="nofollow noreferrer">{escape(r["url"])}</a>)'
            if r.get("url", "").startswith("https://")
            else ""
        )
        + "</li>"
        for r in site.rows.get("sources", [])
    )
    downloads = "".join(
        f'<tr><td><a href="tables/{escape(res.name)}.html">{escape(res.name)}</a></td>'
        f"<td>{len(site.rows[res.name])}</td>"
        f'<td><a href="{escape(res.path)}" download>{escape(res.path)}</a></td>'
        f'<td>{size:,} bytes</td><td><code class="hash">{digest}</code></td></tr>'
        for res, size, digest in files
    )
    try:
        citation = read_citation(root)
        cite = (
            f"<p>{escape(as_text(citation))}</p><details><summary>BibTeX</summary>"
            f"<pre>{escape(as_bibtex(citation))}</pre></details>"
        )
    except PackageError as exc:  # none, or one that cannot be read: say which
        cite = f"<p>{escape(exc.reason)}; cite the package by its title and version.</p>"
    licences = "".join(
        f"<li>{escape(str(lic.get('title') or lic.get('name', '')))}"
        + (
            f' (<a href="{escape(str(lic["path"]))}" rel="license">{escape(str(lic["path"]))}</a>)'
            if str(lic.get("path", "")).startswith("https://")
            else ""
        )
        + "</li>"
        for lic in d.get("licenses", [])
        if isinstance(lic, dict)
    )
    changelog_file = root / "CHANGELOG.md"
    changelog = (
        '<details><summary>Changelog</summary><div class="changelog">'
        f"{_markdown(changelog_file.read_text(encoding='utf-8'))}</div></details>"
        if changelog_file.is_file()
        else "<p>This copy of the package has no changelog.</p>"
    )
    facts = sum(len(site.rows[r.name]) for r in site.descriptor.resources if QUOTE in r.field_names)
    persons = [r for r in site.rows.get("actors", []) if r.get("kind") == "person"]
    n_sources = len(site.rows.get("sources", []))
    person_list = ", ".join(
        f'<a href="actors/{escape(file_name(r["actor_id"]))}.html">{escape(r["name"])}</a>'
        for r in persons
    )
    fact_tables = ", ".join(
        f'<a href="tables/{escape(r.name)}.html">{escape(r.name)}</a>'
        for r in site.descriptor.resources
        if QUOTE in r.field_names
    )
    coverage = (
        "All facts come from one source, so the package shows that source\u2019s view and "
        "coverage only."
        if n_sources == 1
        else f"The facts come from {n_sources} sources; each row names its own."
    )
    datasheet = f"""
<h2 id="datasheet">Datasheet</h2>
<h3>Motivation</h3><p>To publish facts about jihadist groups so that every number can be traced
to the sentence it came from: each fact keeps the source's own words, its uncertainty and the
period it covers.</p>
<h3>Composition</h3><p>{len(site.descriptor.resources)} tables, {facts} facts with quotes, from
{n_sources} source{"s" if n_sources != 1 else ""}. A fact is a claim its source makes, not an
established truth; where a claim conflicts with well-established fact, its note says so.
Tables of facts: {fact_tables}.</p>
<h3>Collection</h3><p>Facts were read from the published analyses listed under Sources, by
hand, sentence by sentence; each row carries a verbatim quote of one or two sentences, which
the package's tests check against the source's text. Dates the source does not give are
derived from its publication date, and each row's <code>period_basis</code> says how.</p>
<h3>Intended uses</h3><p>Research, journalism and teaching about armed groups; checking a
claim against its source; comparing sources as more are added.</p>
<h3>Uses it is not fit for</h3><p>Operational or targeting decisions, or judgements about
individuals; treating a count as a measured total; any conclusion from a single source's
coverage about what is absent from it.</p>
<h3>Named persons and single-source coverage</h3><p>{len(persons)} actor{"s are" if len(persons) != 1 else " is"}
a person{": " + person_list if persons else ""}; each is named only as the source names them, for
what the source says of them. {coverage}</p>
<h3>Maintenance</h3><p>Version {escape(str(d.get("version", "")))}. Every change is listed in
the changelog, each data change by table and id. To report an error, open an issue on the
repository that publishes this package, naming the table, the id and what the source says.</p>
"""
    body = (
        f"<h1>{escape(title)}</h1><p>{escape(str(d.get('description', '')))}</p>"
        "<h2>What it is, and what it is not</h2><p>It is a set of facts as published analysis "
        "states them, each with the sentence it came from. It is not a database of events, "
        "not a list of designated persons, and not a judgement of any claim's truth.</p>"
        f'<p><a href="actors.html">Every actor</a>, <a href="graph.html">the relationship '
        f'graph</a> and <a href="search.html">search</a>.</p>'
        f"<h2>Sources</h2><ul>{sources or '<li>None listed.</li>'}</ul>"
        f"<h2>How to cite</h2>{cite}"
        f"<h2>Licence</h2><ul>{licences or '<li>No licence is declared.</li>'}</ul>"
        f"<h2>Version</h2><p>{escape(str(d.get('version', '')))}</p>{changelog}"
        '<h2 id="tables">Tables and downloads</h2><div class="scroll"><table class="data"><caption>'
        'Each table as CSV, with its size and SHA-256</caption><thead><tr><th scope="col">table</th>'
        '<th scope="col">rows</th><th scope="col">CSV</th><th scope="col">size</th>'
        f'<th scope="col">SHA-256</th></tr></thead><tbody>{downloads}</tbody></table></div>'
        '<p>All of it as one file: <a href="croissant.json">croissant.json</a> (Croissant) '
        'and <a href="datapackage.json">datapackage.json</a> (Data Package).</p>'
        f"{datasheet}"
    )
    head = (
        '<script type="application/ld+json">'
        + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )
    return page_html(title, body, 0, description=str(d.get("description", ""))[:300], head=head)

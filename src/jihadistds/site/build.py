"""``jihadistds site``: a static site built from any copy of the package.

Plain files that work opened from disk and on any static host: no server, no CDN, no request
to another host, no tracking. Every page is readable with scripts off; the one script
(``static/site.js``) adds sorting, filtering and search. The pages:

- ``index.html``, the dataset card: what it is and is not, sources, citation, licence,
  version and changelog, each CSV as a download with its size and SHA-256, the datasheet, and
  the schema.org ``Dataset`` JSON-LD (the Croissant description, also written as
  ``croissant.json``);
- ``tables/<name>.html``, every row of a table, paginated past :data:`PAGE_ROWS` rows, with
  each column's meaning from its schema;
- ``actors.html`` and ``actors/<id>.html``, every fact about each actor across tables;
- ``graph.html``, the relationship graph (:mod:`.graph`);
- ``search.html``, searching every fact and quote in the page, from ``search-index.js``.

The build reads each table once with the strict reader, and is linear in rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from ..errors import PackageError
from ..package import Package
from ..read.descriptor import Field, Resource
from .graph import graph_page
from .home import home_page
from .metadata import croissant
from .page import NOTE, PAGE_ROWS, QUOTE, SOURCE, Site, anchor, file_name, page_html

STATIC = Path(__file__).with_name("static")
LONG_FIELDS = frozenset({QUOTE, NOTE, "description", "title", "claim_as_stated"})
LONG = ' class="long"'


# -- values ----------------------------------------------------------------------------------


def _links(res: Resource) -> dict[str, tuple[str, str]]:
    """For each field that refers to another table: (table, referenced field)."""
    return {
        fk.fields[0]: (fk.resource, fk.reference[0])
        for fk in res.foreign_keys
        if len(fk.fields) == 1
    }


def _value_html(site: Site, res: Resource, f: Field, value: str, depth: int) -> str:
    if value == "":
        return ""
    links = _links(res)
    up = "../" * depth
    if f.name in links:
        table, _ = links[f.name]
        if table == "actors" and (table, value) in site.row_page:  # a known actor has a page
            return f'<a href="{up}actors/{escape(file_name(value))}.html">{escape(value)}</a>'
        href = site.row_page.get((table, value))
        if href:
            return f'<a href="{up}{escape(href)}">{escape(value)}</a>'
    if f.type == "string" and f.spec.get("format") == "uri" and value.startswith("https://"):
        return f'<a href="{escape(value)}" rel="nofollow noreferrer">{escape(value)}</a>'
    return escape(value)


# -- pages -----------------------------------------------------------------------------------


def _columns(res: Resource) -> str:
    items = "".join(
        f'<dt><code>{escape(f.name)}</code> <span class="type">{escape(f.type)}</span></dt>'
        f"<dd>{escape(f.description) or '&#8212;'}</dd>"
        for f in res.fields
    )
    return f'<details class="columns"><summary>What each column means</summary><dl>{items}</dl></details>'


def table_pages(site: Site, res: Resource) -> dict[str, str]:
    rows = site.rows[res.name]
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    names = [f"{res.name}.html"] + [f"{res.name}-{i}.html" for i in range(2, pages + 1)]
    meta: dict[str, Any] = next(
        (r for r in site.descriptor.data["resources"] if r.get("name") == res.name), {}
    )
    out = {}
    head = "".join(
        f'<th scope="col" title="{escape(f.description)}"><button type="button" class="sort">'
        f"{escape(f.name)}</button></th>"
        for f in res.fields
    )
    for p, name in enumerate(names):
        chunk = rows[p * PAGE_ROWS : (p + 1) * PAGE_ROWS]
        body_rows = []
        for row in chunk:
            key = site.key(res, row)
            cells = "".join(
                f"<td{LONG if f.name in LONG_FIELDS else ''}>"
                f"{_value_html(site, res, f, row[f.name], 1)}</td>"
                for f in res.fields
            )
            body_rows.append(
                f'<tr id="{escape(anchor(key))}">{cells}</tr>' if key else f"<tr>{cells}</tr>"
            )
        nav = ""
        if pages > 1:
            current = ' aria-current="page"'
            links = " ".join(
                f'<a href="{n}"{current if i == p else ""}>{i + 1}</a>' for i, n in enumerate(names)
            )
            nav = f'<nav class="pages" aria-label="Pages of {escape(res.name)}">Page: {links}</nav>'
        first, last = p * PAGE_ROWS + 1, p * PAGE_ROWS + len(chunk)
        shown = f"rows {first} to {last} of {len(rows)}" if pages > 1 else f"{len(rows)} rows"
        body = (
            f"<h1>{escape(str(meta.get('title') or res.name))} <code>{escape(res.name)}</code></h1>"
            f"<p>{escape(str(meta.get('description', '')))}</p>"
            f'<p>{shown}; download <a href="../{escape(res.path)}">{escape(res.path)}</a>.</p>'
            f"{_columns(res)}{nav}"
            '<p class="needs-script" hidden><label>Filter the rows on this page: '
            '<input type="search" class="filter" data-table="rows"></label> '
            '<span class="shown" aria-live="polite"></span></p>'
            f'<div class="scroll"><table id="rows" class="data"><caption>{escape(res.name)}, {shown}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>{nav}"
        )
        out[f"tables/{name}"] = page_html(
            f"{res.name}: {shown} — jihadistds",
            body,
            1,
            description=str(meta.get("description", "")),
        )
    return out


def _fact(
    site: Site,
    res: Resource,
    row: dict[str, str],
    depth: int,
    parent: tuple[Resource, dict[str, str]] | None = None,
) -> str:
    """One fact as an article: its fields, the quote and source (its parent's, for a row that
    has none, such as an event_actors row's event), and its note."""
    key = site.key(res, row)
    shown = [
        f
        for f in res.fields
        if row[f.name] and f.name not in (QUOTE, NOTE, SOURCE) and f.name not in res.primary_key
    ]
    items = "".join(
        f"<dt>{escape(f.name)}</dt><dd>{_value_html(site, res, f, row[f.name], depth)}</dd>"
        for f in shown
    )
    quoted_res, quoted = parent if parent is not None and not row.get(QUOTE) else (res, row)
    part_of = ""
    if parent is not None:
        pres, prow = parent
        title = escape(prow.get("title", ""))
        part_of = f"<p>Part of {pres.name} {_fact_link(site, pres, prow, depth)}: {title}</p>"
    out = f'<article class="fact"><h3>{_fact_link(site, res, row, depth, f"{res.name} {key}")}</h3>'
    out += f"{part_of}<dl>{items}</dl>"
    if quoted.get(QUOTE):
        out += f"<blockquote>{escape(quoted[QUOTE])}</blockquote>"
    if row.get(NOTE):
        out += f'<p class="note">Note: {escape(row[NOTE])}</p>'
    if quoted.get(SOURCE):
        out += f'<p class="source">Source: {_source_html(site, quoted_res, quoted, depth)}</p>'
    return out + "</article>"


def _source_html(site: Site, res: Resource, row: dict[str, str], depth: int) -> str:
    f = next(f for f in res.fields if f.name == SOURCE)
    return _value_html(site, res, f, row[SOURCE], depth)


def _fact_link(
    site: Site, res: Resource, row: dict[str, str], depth: int, text: str | None = None
) -> str:
    """A link to the row on its table page, reading ``text`` (the row's key by default)."""
    key = site.key(res, row)
    href = site.row_page.get((res.name, key))
    shown = escape(text if text is not None else key)
    return f'<a href="{"../" * depth}{escape(href)}">{shown}</a>' if href else shown


def actor_pages(site: Site) -> dict[str, str]:
    actors_res = site.resource("actors")
    # actor -> table -> the rows that name it, each with its parent row (an event_actors row's event)
    Named = list[tuple[dict[str, str], tuple[Resource, dict[str, str]] | None]]
    facts: dict[str, dict[str, Named]] = defaultdict(lambda: defaultdict(list))
    for res in site.descriptor.resources:
        if res.name == "actors":
            continue
        refs = [fk for fk in res.foreign_keys if fk.resource == "actors" and len(fk.fields) == 1]
        if not refs:
            continue
        parents = {
            fk.fields[0]: fk.resource
            for fk in res.foreign_keys
            if fk.resource != "actors"
            and len(fk.fields) == 1
            and QUOTE in site.resource(fk.resource).field_names
        }
        parent_rows = {
            name: {site.key(site.resource(name), r): r for r in site.rows[name]}
            for name in set(parents.values())
        }
        for row in site.rows[res.name]:
            parent = None
            for local, table in parents.items():
                found = parent_rows[table].get(row[local])
                if found is not None:
                    parent = (site.resource(table), found)
            for actor in dict.fromkeys(row[fk.fields[0]] for fk in refs if row[fk.fields[0]]):
                facts[actor][res.name].append((row, parent))
    out = {}
    listing = []
    for row in site.rows["actors"]:
        actor = row["actor_id"]
        by_table = facts.get(actor, {})
        sections = "".join(
            f'<section><h2>{escape(t)} <span class="count">({len(items)})</span></h2>'
            + "".join(
                _fact(site, site.resource(t), r, 1, parent) for r, parent in items[:PAGE_ROWS]
            )
            + (
                f"<p>The first {PAGE_ROWS} of {len(items)} are shown here; every one is on the "
                f'<a href="../tables/{escape(t)}.html">{escape(t)} pages</a>, whose filter finds '
                "them by this actor's id.</p>"
                if len(items) > PAGE_ROWS
                else ""
            )
            + "</section>"
            for t, items in by_table.items()
        )
        details = "".join(
            f"<dt>{escape(f.name)}</dt><dd>{_value_html(site, actors_res, f, row[f.name], 1)}</dd>"
            for f in actors_res.fields
            if row[f.name] and f.name != "actor_id"
        )
        total = sum(len(v) for v in by_table.values())
        body = (
            f"<h1>{escape(row['name'])}</h1><p><code>{escape(actor)}</code>, {escape(row['kind'])}; "
            f"{total} facts name it.</p><dl>{details}</dl>"
            + (sections or "<p>No fact names this actor.</p>")
        )
        out[f"actors/{file_name(actor)}.html"] = page_html(
            f"{row['name']} — jihadistds",
            body,
            1,
            description=f"Every fact in the data package about {row['name']}, with its quote.",
        )
        listing.append(
            f'<tr><td><a href="actors/{escape(file_name(actor))}.html">{escape(row["name"])}</a></td>'
            f"<td>{escape(row['kind'])}</td><td>{escape(row.get('aliases', ''))}</td><td>{total}</td></tr>"
        )
    out["actors.html"] = page_html(
        "Actors — jihadistds",
        "<h1>Actors</h1><p>Every actor in the package, with the number of facts that name it.</p>"
        '<p class="needs-script" hidden><label>Filter: <input type="search" class="filter" '
        'data-table="actors"></label> <span class="shown" aria-live="polite"></span></p>'
        '<div class="scroll"><table id="actors" class="data"><caption>Actors</caption><thead><tr>'
        + "".join(
            f'<th scope="col"><button type="button" class="sort">{h}</button></th>'
            for h in ("name", "kind", "aliases", "facts")
        )
        + f"</tr></thead><tbody>{''.join(listing)}</tbody></table></div>",
        0,
        description="Every actor in the data package, each with a page of every fact about it.",
    )
    return out


def search_page() -> str:
    body = (
        "<h1>Search</h1><p>Every fact and quote, searched in this page: nothing is sent anywhere.</p>"
        "<noscript><p>Search needs scripts; every table is on its own page, and each "
        "actor's facts on the actor's page.</p></noscript>"
        '<p class="needs-script" hidden><label>Search: <input type="search" id="search" '
        'autocomplete="off"></label> <span id="search-count" aria-live="polite"></span></p>'
        '<ol id="results"></ol>'
    )
    return page_html(
        "Search — jihadistds",
        body,
        0,
        head='<script src="search-index.js" defer></script>',
        description="Search every fact and quote of the data package.",
    )


def search_index(site: Site) -> str:
    """``search-index.js``: each fact's table, key, page and searchable text; quotes stored once."""
    quotes: dict[str, int] = {}
    entries = []
    for res in site.descriptor.resources:
        text_fields = [
            f.name
            for f in res.fields
            if f.name.endswith("_as_stated") or f.name in ("name", "aliases", "title", NOTE)
        ]
        for row in site.rows[res.name]:
            key = site.key(res, row)
            q = row.get(QUOTE, "")
            qi = quotes.setdefault(q, len(quotes)) if q else -1
            text = " ".join(row[f] for f in text_fields if row[f])
            href = (
                f"actors/{file_name(key)}.html"
                if res.name == "actors"
                else site.row_page.get((res.name, key), "")
            )
            entries.append([res.name, key, href, text, qi])
    data = {"quotes": list(quotes), "facts": entries}
    return (
        "window.JDS_SEARCH = " + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + ";\n"
    )


MARKER = ".jihadistds-site"  # written into every site, so that --force replaces only a site


def _check_output(out: Path, root: Path, force: bool) -> None:
    """Refuse to write where it would overwrite what is not a site: the package, its parents,
    a folder of other files (``--force`` replaces only a folder a build wrote, with MARKER)."""
    target, package = out.resolve(), root.resolve()
    if target == package or target in package.parents:
        raise PackageError(f"{out} holds the package itself; choose another folder", file=str(out))
    if target.exists() and not target.is_dir():
        raise PackageError(f"{out} is a file, not a folder", file=str(out))
    if not target.exists() or not any(target.iterdir()):
        return
    if not force:
        raise PackageError(
            f"{out} is not empty; choose an empty folder or pass --force", file=str(out)
        )
    if not (target / MARKER).is_file():
        raise PackageError(
            f"{out} holds files that are not a site built by jihadistds, so --force leaves it "
            "alone; choose an empty folder",
            file=str(out),
        )


def build_site(
    output: str | os.PathLike[str],
    path: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> list[Path]:
    """Build the site for the package at ``path`` (the installed copy by default) into ``output``."""
    pkg = Package(path)
    descriptor = pkg.descriptor
    out = Path(output)
    _check_output(out, descriptor.root, force)
    rows = {res.name: pkg.text_rows(res.name) for res in descriptor.resources}
    if "actors" not in rows:
        raise PackageError("the site needs an actors table", file=str(descriptor.path))
    site = Site(pkg, descriptor, rows)
    for res in descriptor.resources:
        for i, row in enumerate(rows[res.name]):
            key = site.key(res, row)
            page = f"{res.name}.html" if i < PAGE_ROWS else f"{res.name}-{i // PAGE_ROWS + 1}.html"
            site.row_page[(res.name, key)] = f"tables/{page}#{anchor(key)}"
    files: list[tuple[Resource, int, str]] = []
    for res in descriptor.resources:
        data = res.file.read_bytes()
        files.append((res, len(data), hashlib.sha256(data).hexdigest()))
    ld = croissant(descriptor, files)
    pages: dict[str, str] = {}
    for res in descriptor.resources:
        pages.update(table_pages(site, res))
    pages.update(actor_pages(site))
    pages["graph.html"] = graph_page(site)
    pages["search.html"] = search_page()
    pages["index.html"] = home_page(site, files, ld)
    written = []
    if out.exists() and any(out.iterdir()):  # a site built before: _check_output made sure
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Built by `jihadistds site`; --force may replace this folder.\n", encoding="utf-8"
    )
    for relative, text in {
        **pages,
        "search-index.js": search_index(site),
        "croissant.json": json.dumps(ld, indent=2, ensure_ascii=False) + "\n",
    }.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    # The CSVs and schemas beside the pages, so that downloads and croissant.json resolve.
    copies = [(res.file, res.path) for res in descriptor.resources]
    copies += [
        (descriptor.root / res.schema_path, res.schema_path)
        for res in descriptor.resources
        if res.schema_path
    ]
    for source, relative in copies:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    shutil.copyfile(descriptor.path, out / "datapackage.json")
    written.append(out / "datapackage.json")
    for asset in ("site.css", "site.js"):
        target = out / "static" / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STATIC / asset, target)
        written.append(target)
    return written


__all__ = ["PAGE_ROWS", "build_site"]

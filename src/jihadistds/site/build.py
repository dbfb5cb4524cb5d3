"""``jihadistds site``: a static site built from any copy of the package (docs/site.md).

Every file name is derived (:func:`~.page.file_name`), so a fork's names and paths cannot
replace a page or write outside the output folder. The build reads each table once with the
strict reader, and is linear in rows.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import PackageError, json_text
from ..package import Package
from ..read.descriptor import Descriptor, Resource
from ..read.integrity import file_stats
from ..read.locate import DESCRIPTOR
from .facts import headline
from .graph import graph_page
from .home import home_page
from .metadata import croissant
from .page import PAGE_ROWS, QUOTE, Site, anchor, download, file_name, render, table_page

STATIC = Path(__file__).with_name("static")


def table_pages(site: Site, res: Resource) -> dict[str, str]:
    """Every row of a table, :data:`PAGE_ROWS` to a page, with what each column means."""
    rows = site.rows[res.name]
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    names = [table_page(res.name, i) for i in range(1, pages + 1)]
    meta: dict[str, Any] = next(
        (r for r in site.descriptor.data["resources"] if r.get("name") == res.name), {}
    )
    out = {}
    for p, name in enumerate(names):
        chunk = rows[p * PAGE_ROWS : (p + 1) * PAGE_ROWS]
        first, last = p * PAGE_ROWS + 1, p * PAGE_ROWS + len(chunk)
        shown = f"rows {first} to {last} of {len(rows)}" if pages > 1 else f"{len(rows)} rows"
        out[name] = render(
            "table.html",
            up="../",
            title=f"{res.name}: {shown} — jihadistds",
            description=str(meta.get("description", "")),
            site=site,
            res=res,
            meta=meta,
            rows=chunk,
            shown=shown,
            names=names,
            page=p,
        )
    return out


def actor_pages(site: Site) -> dict[str, str]:
    """A page for each actor with every fact that names it, and ``actors.html`` listing them."""
    # actor -> table -> the rows that name it, each with its parent row (an event_actors row's event)
    Named = list[tuple[dict[str, str], tuple[Resource, dict[str, str]] | None]]
    facts: dict[str, dict[str, Named]] = defaultdict(lambda: defaultdict(list))
    for res in site.descriptor.resources:
        refs = [fk for fk in res.foreign_keys if fk.resource == "actors" and len(fk.fields) == 1]
        if res.name == "actors" or not refs:
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
        by_table = facts.get(row["actor_id"], {})
        total = sum(len(v) for v in by_table.values())
        out[f"actors/{file_name(row['actor_id'])}.html"] = render(
            "actor.html",
            up="../",
            title=f"{row['name']} — jihadistds",
            description=f"Every fact in the data package about {row['name']}, with its quote.",
            site=site,
            res=site.resource("actors"),
            row=row,
            by_table=by_table,
            total=total,
            page_rows=PAGE_ROWS,
        )
        listing.append((row, total))
    out["actors.html"] = render(
        "actors.html",
        up="",
        title="Actors — jihadistds",
        description="Every actor in the data package, each with a page of every fact about it.",
        actors=listing,
    )
    return out


def search_index(site: Site) -> str:
    """``search-index.js``: each fact's table (by its title), key, page, searchable text and
    sentence; quotes stored once."""
    quotes: dict[str, int] = {}
    entries = []
    for res in site.descriptor.resources:
        text_fields = [
            f.name
            for f in res.fields
            if f.name.endswith("_as_stated") or f.name in ("name", "aliases", "title", "note")
        ]
        for row in site.rows[res.name]:
            key = site.key(res, row)
            q = row.get(QUOTE, "")
            qi = quotes.setdefault(q, len(quotes)) if q else -1
            text = " · ".join(row[f] for f in text_fields if row[f])
            href = (
                f"actors/{file_name(key)}.html"
                if res.name == "actors"
                else site.row_page.get((res.name, key), "")
            )
            said = "".join(t for t, _ in headline(site, res, row)) if res.name != "actors" else ""
            table = site.titles.get(res.name, res.name)  # "Group sizes", not group_sizes
            entries.append([table, key, href, text, qi, said or row.get("name", key)])
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


def _downloads_descriptor(descriptor: Descriptor) -> dict[str, Any]:
    """The descriptor of the copies under ``files/``: each path and schema path its copy's name."""
    data = copy.deepcopy(descriptor.data)
    for raw, res in zip(data["resources"], descriptor.resources):
        raw["path"] = download(res).removeprefix("files/")
        if res.schema_path:
            raw["schema"] = download(res, ".schema.json").removeprefix("files/")
    return data


# The columns the pages are drawn from, beyond each table's primary key.
NEEDED = {
    "actors": ("actor_id", "kind", "name"),
    "relationships": ("relationship_id", "subject_id", "object_id", "type"),
}


def _check_columns(descriptor: Descriptor) -> None:
    """Refuse, naming the schema file, a package whose pages could not be drawn: no actors
    table, or a primary key or needed column that is not a field of its table."""
    if "actors" not in {res.name for res in descriptor.resources}:
        raise PackageError("the site needs an actors table", file=DESCRIPTOR)
    for res in descriptor.resources:
        missing = [
            k
            for k in dict.fromkeys((*res.primary_key, *NEEDED.get(res.name, ())))
            if k not in res.field_names
        ]
        if missing:
            raise PackageError(
                f"the site needs the field{'s' * (len(missing) > 1)} {', '.join(missing)} "
                f"in table {res.name!r} (its primary key and the columns its pages show)",
                file=res.schema_file,
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
    _check_columns(descriptor)
    rows = {res.name: pkg.text_rows(res.name) for res in descriptor.resources}
    site = Site(descriptor, rows)
    for res in descriptor.resources:
        for i, row in enumerate(rows[res.name]):
            key = site.key(res, row)
            page = table_page(res.name, i // PAGE_ROWS + 1)
            site.row_page[(res.name, key)] = f"{page}#{anchor(key)}"
    files = [(res, *file_stats(res.file)) for res in descriptor.resources]
    ld = croissant(descriptor, files)
    pages: dict[str, str] = {}
    for res in descriptor.resources:
        pages.update(table_pages(site, res))
    pages.update(actor_pages(site))
    pages["graph.html"] = graph_page(site)
    pages["search.html"] = render(
        "search.html",
        up="",
        title="Search — jihadistds",
        description="Search every fact and quote of the data package.",
    )
    pages["index.html"] = home_page(site, files, ld)
    written = []
    if out.exists() and any(out.iterdir()):  # a site built before: _check_output made sure
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Built by `jihadistds site`; --force may replace this folder.\n", encoding="utf-8"
    )
    pages["search-index.js"] = search_index(site)
    pages["croissant.json"] = json_text(ld) + "\n"
    pages["files/datapackage.json"] = json_text(_downloads_descriptor(descriptor)) + "\n"
    # Copies of the CSVs and schemas, under files/ by names the build derived (never a
    # package's path as given), so that downloads and croissant.json resolve.
    copies = [(res.file, download(res)) for res in descriptor.resources]
    copies += [
        (descriptor.root / res.schema_path, download(res, ".schema.json"))
        for res in descriptor.resources
        if res.schema_path
    ]
    copies += [(STATIC / asset, f"static/{asset}") for asset in ("site.css", "site.js")]
    contents: list[tuple[str, str | Path]] = [*pages.items(), *((r, s) for s, r in copies)]
    for relative, content in contents:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written

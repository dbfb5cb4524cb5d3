"""What every page of the site shares: the :class:`Site` being built, the page frame, safe names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from ..read.descriptor import Descriptor, Resource

if TYPE_CHECKING:
    from ..package import Package

PAGE_ROWS = 500  # rows per table page; a longer table is split into pages
QUOTE, NOTE, SOURCE = "quote", "note", "source_id"


@dataclass
class Site:
    """What the pages share: the package, its rows as text, and where each row is shown."""

    pkg: Package
    descriptor: Descriptor
    rows: dict[str, list[dict[str, str]]]
    row_page: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) -> href

    def resource(self, name: str) -> Resource:
        return self.descriptor.resource(name)

    def key(self, res: Resource, row: dict[str, str]) -> str:
        return "|".join(row[f] for f in res.primary_key) if res.primary_key else ""


def anchor(key: str) -> str:
    return "row-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


def file_name(key: str) -> str:
    """A file name for an id: the id itself when it is plain, else a safe spelling of it."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key).strip(".")
    if safe == key and safe:
        return safe
    return f"{safe[:60]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def page_html(title: str, body: str, depth: int, *, description: str = "", head: str = "") -> str:
    up = "../" * depth
    nav = (
        f'<nav aria-label="Site"><a href="{up}index.html">Home</a> '
        f'<a href="{up}actors.html">Actors</a> <a href="{up}graph.html">Graph</a> '
        f'<a href="{up}search.html">Search</a> <a href="{up}index.html#tables">Tables</a></nav>'
    )
    meta = f'<meta name="description" content="{escape(description)}">' if description else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{meta}"
        # An inline, empty icon: a browser would otherwise ask for /favicon.ico.
        f'<link rel="icon" href="data:,"><link rel="stylesheet" href="{up}static/site.css">'
        f"{head}</head>"
        f'<body><header>{nav}</header><main id="main">{body}</main>'
        "<footer><p>Built by <code>jihadistds site</code> from the data package. Every fact "
        "is a claim of its source, quoted beside it.</p></footer>"
        f'<script src="{up}static/site.js" defer></script></body></html>\n'
    )


def actor_name(names: dict[str, dict[str, str]], actor: str) -> str:
    return names[actor]["name"] if actor in names else actor

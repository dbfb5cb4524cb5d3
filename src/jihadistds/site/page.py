"""What every page of the site shares: the :class:`Site` being built, its templates, safe names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..read.descriptor import Descriptor, Resource

PAGE_ROWS = 500  # rows per table page; a longer table is split into pages
QUOTE = "quote"
LONG_FIELDS = frozenset({QUOTE, "note", "description", "title", "claim_as_stated"})  # wrap, wide


@cache
def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("jihadistds.site"),
        autoescape=True,  # every value is text in its context unless a template says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # JSON in a page keeps the package's key order and its letters; `tojson` escapes <, >, &, '.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    env.globals["file_name"] = file_name
    env.globals["anchor"] = anchor
    return env


def render(template: str, **context: Any) -> str:
    """A page from its template in ``templates/``."""
    return _templates().get_template(template).render(**context)


@dataclass
class Site:
    """What the pages share: the descriptor, its rows as text, and where each row is shown."""

    descriptor: Descriptor
    rows: dict[str, list[dict[str, str]]]
    row_page: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) -> href
    link_fields: dict[str, dict[str, tuple[str | None, bool]]] = field(default_factory=dict)

    def resource(self, name: str) -> Resource:
        return self.descriptor.resource(name)

    def key(self, res: Resource, row: dict[str, str]) -> str:
        return "|".join(row[f] for f in res.primary_key) if res.primary_key else ""

    def href(self, res: Resource, name: str, value: str) -> str | None:
        """Where a cell links: the actor's page or the row it refers to, relative to the site's
        root; an ``https`` URL for a ``uri`` field; else nowhere."""
        table, uri = self._links(res.name).get(name, (None, False))
        if table == "actors" and ("actors", value) in self.row_page:
            return f"actors/{file_name(value)}.html"
        if table is not None and (table, value) in self.row_page:
            return self.row_page[(table, value)]
        return value if uri and value.startswith("https://") else None

    def cells(
        self, res: Resource, row: dict[str, str], up: str
    ) -> list[tuple[str, str | None, bool]]:
        """A row's cells in field order, each with where it links (``up`` before a page's own)
        and whether it holds long text."""
        links = self._links(res.name)
        out: list[tuple[str, str | None, bool]] = []
        for f in res.fields:
            v = row[f.name]
            href = self.href(res, f.name, v) if v and f.name in links else None
            if href and not href.startswith("https://"):
                href = up + href
            out.append((v, href, f.name in LONG_FIELDS))
        return out

    def _links(self, table: str) -> dict[str, tuple[str | None, bool]]:
        """The fields of a table that may link: (the table a key refers to, is a ``uri``)."""
        if table in self.link_fields:
            return self.link_fields[table]
        res = self.resource(table)
        refs = {fk.fields[0]: fk.resource for fk in res.foreign_keys if len(fk.fields) == 1}
        return self.link_fields.setdefault(
            table,
            {
                f.name: (refs.get(f.name), f.type == "string" and f.spec.get("format") == "uri")
                for f in res.fields
                if f.name in refs or f.spec.get("format") == "uri"
            },
        )

    @cached_property
    def names(self) -> dict[str, str]:
        """Each actor's name by its id."""
        return {r["actor_id"]: r["name"] for r in self.rows["actors"]}


def anchor(key: str) -> str:
    return "row-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


def file_name(key: str) -> str:
    """A file name for an id: the id itself when it is plain, else a safe spelling of it."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key).strip(".")
    if safe == key and safe:
        return safe
    return f"{safe[:60]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"

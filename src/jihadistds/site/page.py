"""What every page of the site shares: the :class:`Site` being built, its templates, safe names."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..errors import PackageError
from ..read.descriptor import Descriptor, Field, Resource
from .facts import headline, long_date, period

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
    env.globals["table_page"] = table_page
    env.globals["download"] = download
    env.globals["anchor"] = anchor
    env.filters["long_date"] = long_date
    env.globals["headline"] = headline
    env.globals["period"] = period
    return env


def render(template: str, **context: Any) -> str:
    """A page from its template in ``templates/``."""
    return _templates().get_template(template).render(**context)


@dataclass(frozen=True)
class Cell:
    """One cell of a table page."""

    field: str
    text: str
    href: str | None
    long: bool  # long text, set wide
    number: bool  # a number, set right and grouped
    name: str  # an actor's or a place's name, shown beside its id


@dataclass
class Site:
    """What the pages share: the descriptor, its rows as text, and where each row is shown."""

    descriptor: Descriptor
    rows: dict[str, list[dict[str, str]]]
    row_page: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) -> href

    def resource(self, name: str) -> Resource:
        return self.descriptor.resource(name)

    def key(self, res: Resource, row: dict[str, str]) -> str:
        return "|".join(row[f] for f in res.primary_key) if res.primary_key else ""

    def href(self, res: Resource, name: str, value: str) -> str | None:
        """Where a cell links: the actor's page or the row it refers to, relative to the site's
        root; an ``https`` URL for a ``uri`` field; else nowhere."""
        table, uri = self.links[res.name].get(name, (None, False))
        if table == "actors" and ("actors", value) in self.row_page:
            return f"actors/{file_name(value)}.html"
        if table is not None and (table, value) in self.row_page:
            return self.row_page[(table, value)]
        return value if uri and value.startswith("https://") else None

    def columns(self, res: Resource) -> list[Field]:
        """A table's fields in the order a page shows them: the key, then the quote, then the
        rest in the schema's order (the CSV keeps the schema's order)."""
        first = [f for f in res.fields if f.name in res.primary_key]
        quote = [f for f in res.fields if f.name == QUOTE]
        return first + quote + [f for f in res.fields if f not in first and f not in quote]

    def cells(self, res: Resource, row: dict[str, str], up: str) -> list[Cell]:
        """A row's cells in :meth:`columns` order: the text shown (an actor's or a place's
        name, beside its id), where it links (``up`` before a page's own), and how it is set."""
        links = self.links[res.name]
        out: list[Cell] = []
        for f in self.columns(res):
            v = row[f.name]
            href = self.href(res, f.name, v) if v and f.name in links else None
            if f.name == QUOTE and v:  # the quote opens the publisher's page where it sits
                href = self.at_publisher(row)
            if href and not href.startswith("https://"):
                href = up + href
            number = f.type in ("integer", "number") and v.lstrip("-").isdigit()
            shown = f"{int(v):,}" if number and f.type == "integer" else v
            name = self.name(res, f.name, v)
            out.append(Cell(f.name, shown, href, f.name in LONG_FIELDS, number, name))
        return out

    @cached_property
    def links(self) -> dict[str, dict[str, tuple[str | None, bool]]]:
        """Each table's fields that may link: (the table a key refers to, is a ``uri``)."""
        out = {}
        for res in self.descriptor.resources:
            refs = {fk.fields[0]: fk.resource for fk in res.foreign_keys if len(fk.fields) == 1}
            out[res.name] = {
                f.name: (refs.get(f.name), f.type == "string" and f.spec.get("format") == "uri")
                for f in res.fields
                if f.name in refs or f.spec.get("format") == "uri"
            }
        return out

    def at_publisher(self, row: dict[str, str]) -> str | None:
        """The original publication of the row's source, opened at its quote by a URL text
        fragment; ``None`` when the source has no ``https`` address or the row no quote."""
        source = self.sources.get(row.get("source_id", ""), {})
        url = source.get("original_url") or source.get("url") or ""
        if not url.startswith("https://") or not row.get("quote"):
            return None
        return url.split("#")[0] + text_fragment(
            row["quote"], row.get("quote_prefix", ""), row.get("quote_suffix", "")
        )

    @cached_property
    def sources(self) -> dict[str, dict[str, str]]:
        return {r["source_id"]: r for r in self.rows.get("sources", []) if "source_id" in r}

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each table's title, as the descriptor gives it ("Group sizes")."""
        return {
            str(r.get("name")): str(r["title"])
            for r in self.descriptor.data.get("resources", [])
            if isinstance(r, dict) and isinstance(r.get("title"), str)
        }

    def name(self, res: Resource, field: str, value: str) -> str:
        """The name (or title) of the row a cell refers to by a foreign key: the actor's, the
        place's, the event's; "" where the cell refers to nothing that has one."""
        table = self.links[res.name].get(field, (None, False))[0]
        return self.names_of.get(table or "", {}).get(value, "") if value else ""

    @cached_property
    def names_of(self) -> dict[str, dict[str, str]]:
        """For each table keyed by one field that has a ``name`` or ``title``: key -> it."""
        out = {}
        for res in self.descriptor.resources:
            label = next((f for f in ("name", "title") if f in res.field_names), None)
            if label and len(res.primary_key) == 1 and res.name in self.rows:
                key = res.primary_key[0]
                out[res.name] = {r[key]: r[label] for r in self.rows[res.name]}
        return out

    @cached_property
    def names(self) -> dict[str, str]:
        """Each actor's name by its id."""
        return self.names_of.get("actors", {})


def listed(owner: Mapping[str, Any], key: str, *, file: str) -> list[Any]:
    """``owner[key]``, a list, or ``[]`` when it is absent: a :class:`PackageError` naming the
    file and the property when it is anything else (``"licenses": 5``)."""
    value = owner.get(key, [])
    if not isinstance(value, list):
        raise PackageError(f"must be a list, not {type(value).__name__}", file=file, field=key)
    return value


FRAGMENT_WORDS = 4  # a longer quote is found by its first and last words (textStart,textEnd)


def _term(text: str) -> str:
    return urllib.parse.quote(" ".join(text.split()), safe="").replace("-", "%2D")


def text_fragment(quote: str, prefix: str = "", suffix: str = "") -> str:
    """A URL fragment that opens a page at ``quote`` and highlights it (WICG's Text Fragments:
    ``#:~:text=[prefix-,]textStart[,textEnd][,-suffix]``), each term percent-encoded, ``-``, ``,``
    and ``&`` included, as the specification requires.

    >>> text_fragment("up to 20,000 fighters")
    '#:~:text=up%20to%2020%2C000%20fighters'
    >>> text_fragment(
    ...     "a private jihadist mercenary group led by an ex-Russian soldier", "Tactical,"
    ... )
    '#:~:text=Tactical%2C-,a%20private%20jihadist%20mercenary,by%20an%20ex%2DRussian%20soldier'
    """
    words = quote.split()
    if len(words) > 2 * FRAGMENT_WORDS:
        words = [" ".join(words[:FRAGMENT_WORDS]), " ".join(words[-FRAGMENT_WORDS:])]
    else:
        words = [" ".join(words)]
    encoded = [_term(t) for t in words]
    if prefix.strip():
        encoded.insert(0, _term(prefix) + "-")
    if suffix.strip():
        encoded.append("-" + _term(suffix))
    return "#:~:text=" + ",".join(encoded)


def anchor(key: str) -> str:
    return "row-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


def file_name(key: str) -> str:
    """A file name for a table's name or an actor's id, never a package's text as given: the
    name itself when it is only lower-case letters, digits, ``-`` and ``_`` (so no dot, no
    path, and no two names that differ only in case, which some file systems conflate), else
    a safe spelling with ``~`` and a hash, which no plain name holds."""
    if key and len(key) <= 100 and re.fullmatch(r"[a-z0-9_-]+", key):
        return key
    safe = re.sub(r"[^a-z0-9_-]+", "_", key.lower())[:60]
    return f"{safe}~{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def table_page(name: str, page: int = 1) -> str:
    """Where page ``page`` of table ``name`` is: ``tables/<name>.html``, then
    ``tables/<name>.<page>.html``; a file name holds no dot, so each page belongs to one table."""
    stem = f"tables/{file_name(name)}"
    return f"{stem}.html" if page == 1 else f"{stem}.{page}.html"


def download(res: Resource, suffix: str = ".csv") -> str:
    """Where the site's copy of a table's CSV (or, with ``.schema.json``, its schema) is: under
    ``files/``, by a name derived from the table's."""
    return f"files/{file_name(res.name)}{suffix}"

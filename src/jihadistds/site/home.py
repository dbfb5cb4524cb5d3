"""The home page, the dataset card: what it is and is not, sources, citation, licence, downloads, datasheet."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..citation import as_bibtex, as_text, read_citation
from ..errors import PackageError
from ..read.descriptor import Resource
from .page import QUOTE, Site, render


def _markdown(text: str) -> Markup:
    from markdown_it import MarkdownIt

    # Raw HTML in the Markdown is escaped, so what markdown-it writes is markup of its own.
    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


def home_page(site: Site, files: list[tuple[Resource, int, str]], ld: dict[str, Any]) -> str:
    d = site.descriptor.data
    citation: dict[str, Any] = {"citation_error": None}
    try:
        cff = read_citation(site.descriptor.root)
        citation.update(citation_text=as_text(cff), bibtex=as_bibtex(cff))
    except PackageError as exc:  # none, or one that cannot be read: say which
        citation["citation_error"] = exc.reason
    changelog = site.descriptor.root / "CHANGELOG.md"
    return render(
        "home.html",
        up="",
        title=str(d.get("title") or d.get("name") or "Data package"),
        description=str(d.get("description", ""))[:300],
        site=site,
        d=d,
        ld=ld,
        files=files,
        sources=site.rows.get("sources", []),
        licences=[lic for lic in d.get("licenses", []) if isinstance(lic, dict)],
        changelog=_markdown(changelog.read_text(encoding="utf-8")) if changelog.is_file() else None,
        facts=sum(
            len(site.rows[r.name]) for r in site.descriptor.resources if QUOTE in r.field_names
        ),
        fact_tables=[r for r in site.descriptor.resources if QUOTE in r.field_names],
        persons=[r for r in site.rows.get("actors", []) if r.get("kind") == "person"],
        **citation,
    )

"""The home page, the dataset card: what it is and is not, sources, citation, licence, downloads, datasheet."""

from __future__ import annotations

import os
import re
from typing import Any

from markupsafe import Markup

from ..citation import CITATION, as_bibtex, as_text, read_citation
from ..errors import PackageError
from ..read.confine import side_file
from ..read.descriptor import Resource
from ..read.locate import DESCRIPTOR
from .metadata import dataset
from .page import QUOTE, Site, listed, render


def _relative(url: str) -> bool:
    return not re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|//|\\)", url.strip())


def _markdown(text: str) -> Markup:
    """The changelog's Markdown as HTML: raw HTML escaped, a link only when relative or
    ``https`` (else its Markdown, as text), an image only when relative (one from another host
    would be a request to it; else its alt text)."""
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml

    class Changelog(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return _relative(url) or url.startswith("https://")

    def image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        if _relative(str(tokens[idx].attrGet("src") or "")):
            return str(self.image(tokens, idx, options, env))
        return escapeHtml(tokens[idx].content)

    md = Changelog("commonmark", {"html": False})
    md.add_render_rule("image", image)
    # Raw HTML in the Markdown is escaped, so what markdown-it writes is markup of its own.
    return Markup(md.render(text))


def home_page(site: Site, files: list[tuple[Resource, int, str]], ld: dict[str, Any]) -> str:
    d = site.descriptor.data
    citation: dict[str, Any] = {"citation_error": None}
    try:
        cff = read_citation(site.descriptor.root)
        citation.update(citation_text=as_text(cff), bibtex=as_bibtex(cff))
    except PackageError as exc:  # none, or one that cannot be read: say which
        citation["citation_error"] = (
            exc.reason
            if os.path.lexists(site.descriptor.root / CITATION)
            else f"The package has no {CITATION}"  # not the build machine's path to it
        )
    try:  # read as every file of a package is: never through a link out of it
        changelog: str | None = side_file(site.descriptor.root, "CHANGELOG.md")
    except PackageError as exc:
        changelog = f"The changelog cannot be shown: {exc}"
    return render(
        "home.html",
        up="",
        title=str(d.get("title") or d.get("name") or "Data package"),
        description=str(d.get("description", ""))[:300],
        site=site,
        d=d,
        ld=dataset(ld, site.rows.get("sources", [])),
        files=files,
        sources=site.rows.get("sources", []),
        licences=[lic for lic in listed(d, "licenses", file=DESCRIPTOR) if isinstance(lic, dict)],
        changelog=None if changelog is None else _markdown(changelog),
        facts=sum(
            len(site.rows[r.name]) for r in site.descriptor.resources if QUOTE in r.field_names
        ),
        fact_tables=[r for r in site.descriptor.resources if QUOTE in r.field_names],
        persons=[r for r in site.rows.get("actors", []) if r.get("kind") == "person"],
        maintainers=", ".join(
            str(c["title"])
            for c in listed(d, "contributors", file=DESCRIPTOR)
            if isinstance(c, dict) and isinstance(c.get("title"), str)
        ),
        **citation,
    )

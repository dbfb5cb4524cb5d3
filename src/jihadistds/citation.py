"""How to cite a copy of the data package: its ``CITATION.cff``, as text or BibTeX.

The citation file sits beside ``datapackage.json`` (in a checkout, and in the wheel's
``_data`` folder). ``jihadistds cite`` prints it; nothing here invents a field the file does
not hold, except the year, which comes from the file's ``date-released`` or else from the
descriptor's ``created``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .errors import PackageError
from .read.confine import side_file
from .read.descriptor import read_descriptor
from .read.locate import installed_root

CITATION = "CITATION.cff"
# Characters BibTeX reads as commands, and how to write them literally.
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\^{}"}  # fmt: skip


def _root(path: str | os.PathLike[str] | None) -> Path:
    root = Path(path) if path is not None else installed_root()
    return root.parent if root.is_file() else root


def citation_text(path: str | os.PathLike[str] | None = None) -> str:
    """The text of the ``CITATION.cff`` beside the package's descriptor, read as every file of a
    package is (:func:`~jihadistds.read.confine.side_file`); the installed copy's by default."""
    root = _root(path)
    text = side_file(root, CITATION)
    if text is None:
        raise PackageError(f"no {CITATION} beside datapackage.json in {root}", file=CITATION)
    return text


def _yaml_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """YAML without aliases: ``*name`` could expand a small file into gigabytes."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "an alias (*name) is not read; write the value out",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )  # fmt: skip
            return super().compose_node(parent, index)

    return Loader


def read_citation(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The package's ``CITATION.cff`` as data, with ``year`` added; the installed copy's by default."""
    import yaml

    text = citation_text(path)
    try:
        data = yaml.load(text, Loader=_yaml_loader())  # a SafeLoader without aliases
    except yaml.YAMLError as exc:  # its words and place, never the file's own lines
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        why = getattr(exc, "problem", None) or exc
        raise PackageError(f"{CITATION} is not valid YAML{at}: {why}", file=CITATION) from None
    except RecursionError:
        raise PackageError(f"{CITATION} is nested too deeply", file=CITATION) from None
    except ValueError as exc:  # an impossible date, an integer of thousands of digits
        raise PackageError(
            f"{CITATION} holds a value that cannot be read: {exc}", file=CITATION
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"]:
        raise PackageError(f"{CITATION} has no title (a line `title: ...`)", file=CITATION)
    for key in ("version", "license", "url", "type", "date-released"):
        if isinstance(data.get(key), (dict, list)):
            raise PackageError(
                f"{CITATION}: {key} must be one value, not a list or mapping", file=CITATION
            )
    if not isinstance(data.get("authors", []), list):
        raise PackageError(f"{CITATION}: authors must be a list", file=CITATION)
    released = str(data.get("date-released") or "")
    created = str(read_descriptor(_root(path)).data.get("created") or "")
    year = (released or created)[:4]
    data["year"] = year if year.isdigit() else ""
    return data


def _authors(data: dict[str, Any]) -> list[str]:
    names = []
    for a in data.get("authors") or []:
        if isinstance(a, dict):
            person = " ".join(str(a[k]) for k in ("given-names", "family-names") if a.get(k))
            names.append(person or str(a.get("name", "")))
    return [n for n in names if n]


def as_text(data: dict[str, Any]) -> str:
    """One paragraph, APA-like: authors (year). Title (Version v) [Data set]. Licence."""
    authors = ", ".join(_authors(data)) or "Anonymous"
    year = f" ({data['year']})" if data.get("year") else ""
    version = f" (Version {data['version']})" if data.get("version") else ""
    kind = " [Data set]" if data.get("type") == "dataset" else ""
    licence = f" Licensed {data['license']}." if data.get("license") else ""
    url = f" {data['url']}" if data.get("url") else ""
    return f"{authors}{year}. {data['title']}{version}{kind}.{licence}{url}\n"


def _bibtex(value: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in value)


def as_bibtex(data: dict[str, Any]) -> str:
    """A ``@misc`` entry; an organisation's name is braced so BibTeX keeps it whole."""
    authors = " and ".join("{" + _bibtex(a) + "}" for a in _authors(data))
    key = re.sub(
        r"[^a-z0-9]+", "_", f"{data['title'].split(':')[0]} {data.get('version', '')}".lower()
    )
    fields = [
        ("author", authors),
        ("title", "{" + _bibtex(str(data["title"])) + "}"),
        ("year", str(data.get("year", ""))),
        ("version", _bibtex(str(data.get("version", "")))),
        ("howpublished", "Data package" if data.get("type") == "dataset" else ""),
        ("note", f"Licensed {_bibtex(str(data['license']))}" if data.get("license") else ""),
        ("url", str(data.get("url", ""))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key.strip('_')},\n{body}\n}}\n"


def original(row: dict[str, str]) -> tuple[str, str, str, str]:
    """A source's title, publisher, date and address: the original publication's, where the
    sources table records one, else the copy's."""
    return (
        row.get("original_title") or row.get("title", ""),
        row.get("original_publisher") or row.get("publisher", ""),
        row.get("original_published") or row.get("published", ""),
        row.get("original_url") or row.get("url", ""),
    )


def sources_as_text(rows: list[dict[str, str]]) -> str:
    """Each source the facts are drawn from, one paragraph each: its author when the table
    names one, else its title first (APA's order for a work without an author)."""
    out = []
    for row in rows:
        title, publisher, published, url = original(row)
        title += "" if title.endswith((".", "?", "!")) else "."
        author = row.get("author")
        lead = f"{author} ({published}). {title}" if author else f"{title} ({published})."
        out.append(" ".join(p for p in (lead, f"{publisher}." if publisher else "", url) if p))
    return "".join(line + "\n" for line in out)


def sources_as_bibtex(rows: list[dict[str, str]]) -> str:
    """A ``@misc`` entry for each source, keyed by its ``source_id``; no author where the
    table names none."""
    entries = []
    for row in rows:
        title, publisher, published, url = original(row)
        fields = [
            ("author", "{" + _bibtex(row["author"]) + "}" if row.get("author") else ""),
            ("title", "{" + _bibtex(title) + "}"),
            ("howpublished", _bibtex(publisher)),
            ("year", published[:4]),
            ("note", f"Published {published}" if published else ""),
            ("url", url),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{re.sub(r'[^A-Za-z0-9_-]+', '_', row['source_id'])},\n{body}\n}}\n")
    return "\n".join(entries)


__all__ = [
    "CITATION",
    "as_bibtex",
    "as_text",
    "citation_text",
    "read_citation",
    "sources_as_bibtex",
    "sources_as_text",
]

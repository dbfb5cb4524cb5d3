"""Checking quotes against the texts they were taken from (JDS201-JDS203).

The texts are not part of the package (it carries only quotes and each text's SHA-256); a
maintainer or CI points at a folder that holds them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from .tabular import Table
from .problems import Problem
from .rules import collapse, row_rule

# A source text larger than this is not an article; it is skipped with a problem, not read.
MAX_TEXT_BYTES = 64 * 1024 * 1024


def _index(folder: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """The folder's files by stem and by SHA-256 (regular files only, of bounded size)."""
    by_stem: dict[str, Path] = {}
    by_hash: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            continue
        by_stem.setdefault(path.stem, path)
        by_hash.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    return by_stem, by_hash


def check_source_texts(tables: Mapping[str, Table], folder: Path) -> list[Problem]:
    """Find each source's text in ``folder``, check its hash, and check every quote is in it."""
    problems: list[Problem] = []
    sources = tables.get("sources")
    if sources is None:
        return [Problem("datapackage.json", None, None, "the package has no sources table to check texts against", "JDS201")]
    by_stem, by_hash = _index(folder)
    texts: dict[str, str] = {}
    for i, row in enumerate(sources.rows()):
        if not row:
            continue
        n = sources.row_number(i)
        source_id, recorded = row.get("source_id", ""), row.get("sha256", "")
        path = by_stem.get(source_id) or by_hash.get(recorded)
        if path is None:
            problems.append(Problem(sources.path, n, "source_id", f"no text for {source_id!r} in {folder}: neither {source_id}.txt nor a file with SHA-256 {recorded[:12]}...", "JDS201"))
            continue
        raw = path.read_bytes()
        actual = hashlib.sha256(raw).hexdigest()
        if actual != recorded:
            problems.append(Problem(sources.path, n, "sha256", f"{path.name} has SHA-256 {actual}, not the {recorded} recorded", "JDS202"))
        texts[source_id] = collapse(raw.decode("utf-8", errors="replace"))
    def rule(source_id: str, quote: str) -> str | None:
        text = texts.get(source_id)
        if text is None or not quote.strip() or collapse(quote) in text:
            return None
        return f"the quote is not verbatim in the text of {source_id!r}"

    for table in tables.values():
        if "quote" in table.fields and "source_id" in table.fields:
            for i, message in row_rule(table, ["source_id", "quote"], rule):
                problems.append(Problem(table.path, table.row_number(i), "quote", message, "JDS203"))
    return problems

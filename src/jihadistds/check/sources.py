"""The source rules (JDS201-JDS203): the quotes against the texts they were taken from.

The texts are not part of the package (it carries only quotes and each text's SHA-256); a
maintainer or CI points at a folder that holds them. :class:`SourceTexts` finds and hashes
each source's text once; each rule then reads what it needs from it.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..read.csv import Table
from ..read.descriptor import Descriptor
from ..read.locate import DESCRIPTOR
from .problems import Problem
from .registry import Edit, Findings, rule, run_on_tables
from .vocabulary import collapse

# A source text larger than this is not an article; it is skipped, not read.
MAX_TEXT_BYTES = 64 * 1024 * 1024
SOURCES_CSV = "data/sources.csv"


@dataclass
class SourceTexts:
    """Every source's text, looked up once in a folder by ``<source_id>.txt`` or by SHA-256."""

    folder: Path
    tables: Mapping[str, Table]  # every table being checked
    descriptor: Descriptor
    paths: dict[str, Path] = field(default_factory=dict)  # source_id -> the file found for it
    sha256: dict[str, str] = field(default_factory=dict)  # source_id -> that file's SHA-256
    raw: dict[str, str] = field(default_factory=dict)  # source_id -> text as captured
    texts: dict[str, str] = field(default_factory=dict)  # source_id -> text, white space collapsed
    refused: set[str] = field(default_factory=set)  # files not read: links out, not regular

    @classmethod
    def read(cls, tables: Mapping[str, Table], folder: Path, descriptor: Descriptor) -> SourceTexts:
        out = cls(folder, tables, descriptor)
        by_stem, by_hash, out.refused = _index(folder)
        for row in tables["sources"].rows():
            source_id = row.get("source_id", "")
            path = by_stem.get(source_id) or by_hash.get(row.get("sha256", ""))
            if path is not None:
                raw = path.read_bytes()
                out.paths[source_id], out.sha256[source_id] = path, hashlib.sha256(raw).hexdigest()
                out.raw[source_id] = raw.decode("utf-8", errors="replace")
                out.texts[source_id] = collapse(out.raw[source_id])
        return out


def _index(folder: Path) -> tuple[dict[str, Path], dict[str, Path], set[str]]:
    """The folder's files by stem and by SHA-256, and the names of those not read.

    Only regular files inside the folder, of bounded size, are read: a symlink out of it (to
    /proc/self/environ, say) would let JDS203 reveal what that file holds.
    """
    by_stem: dict[str, Path] = {}
    by_hash: dict[str, Path] = {}
    refused: set[str] = set()
    inside = folder.resolve()
    for path in sorted(folder.iterdir()):
        try:
            readable = path.resolve().is_relative_to(inside) and path.is_file()
            readable = readable and path.stat().st_size <= MAX_TEXT_BYTES
        except (OSError, RuntimeError):  # a symlink loop, a file that went away
            readable = False
        if not readable:
            refused.add(path.name)
            continue
        by_stem.setdefault(path.stem, path)
        by_hash.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    return by_stem, by_hash, refused


def check_source_texts(
    tables: Mapping[str, Table], folder: Path, descriptor: Descriptor
) -> list[Problem]:
    """Every source rule: find each source's text in ``folder``, check its hash and every quote."""
    return source_problems(tables, folder, descriptor)[0]


def source_problems(
    tables: Mapping[str, Table], folder: Path, descriptor: Descriptor
) -> tuple[list[Problem], int]:
    """:func:`check_source_texts`, and how many sources' texts were found to check quotes against."""
    if not folder.is_dir() or "sources" not in tables:
        where, what = (str(folder), "the sources folder does not exist")
        if folder.is_dir():
            where, what = DESCRIPTOR, "the package has no sources table to check texts against"
        return [Problem(where, None, None, what, "JDS201")], 0
    texts = SourceTexts.read(tables, folder, descriptor)
    return run_on_tables("sources", tables.values(), texts), len(texts.paths)


@rule(
    "JDS201",
    "Every source's text is found in the sources folder, by `<source_id>.txt` or by its SHA-256.",
    kind="sources",
    tables=("sources",),
    fields=("source_id", "sha256"),
    example=(
        Edit(SOURCES_CSV, "\nexample-analysis,", "\nno-such-text,"),
        Edit(SOURCES_CSV, ",e3ef8cf26d1d", ",000000000000"),
    ),
)
def text_found(sources: Table, texts: SourceTexts) -> Findings:
    for row, (source_id, recorded) in sources.select("source_id", "sha256"):
        if source_id not in texts.paths:
            message = (
                f"no text for {source_id!r} in {texts.folder}: neither {source_id}.txt "
                f"nor a file with SHA-256 {recorded[:12]}..."
            )
            if f"{source_id}.txt" in texts.refused:
                message += (
                    f" ({source_id}.txt is not read: it links out of the folder, is not "
                    f"a regular file, or is over {MAX_TEXT_BYTES:,} bytes)"
                )
            yield row, "source_id", message


@rule(
    "JDS202",
    "A source's text has the SHA-256 the sources table records.",
    kind="sources",
    tables=("sources",),
    fields=("source_id", "sha256"),
    example=Edit(SOURCES_CSV, ",e3ef8cf26d1d", ",000000000000"),
)
def text_hash(sources: Table, texts: SourceTexts) -> Findings:
    for row, (source_id, recorded) in sources.select("source_id", "sha256"):
        actual = texts.sha256.get(source_id, recorded)
        if actual != recorded:
            message = (
                f"{texts.paths[source_id].name} has SHA-256 {actual}, not the {recorded} recorded"
            )
            yield row, "sha256", message


@rule(
    "JDS203",
    "Every quote appears verbatim in its source's text (white space collapsed).",
    kind="sources",
    fields=("source_id", "quote"),
    example=Edit("data/counts.csv", "million people live under", "million people lives under"),
)
def quotes_verbatim(table: Table, texts: SourceTexts) -> Findings:
    for row, (source_id, quote) in table.select("source_id", "quote"):
        text = texts.texts.get(source_id)
        if text is not None and quote.strip() and collapse(quote) not in text:
            where = first_difference(text, collapse(quote))
            yield row, "quote", f"the quote is not verbatim in the text of {source_id!r}{where}"


# Past this size a text is not searched for the passage closest to a quote.
MAX_SEARCHED = 1 << 20
CONTEXT = 30


def _char(c: str) -> str:
    """A character as a reader can tell it apart from its look-alikes: its code point too."""
    return f"{c!r} (U+{ord(c):04X})" if c else "nothing"


def first_difference(text: str, quote: str) -> str:
    """Where the passage of ``text`` closest to ``quote`` first differs from it, in words; "" if none is close.

    The passage is anchored at the longest run the quote shares with the text; the first
    character where they part is named with its code point, since the usual slip is a
    straight apostrophe typed for the source's typographic one (U+2019).

    >>> print(first_difference("It said it\u2019s over.", "it's over"))
    : at character 3 the quote has "'" (U+0027) where the text has '’' (U+2019), in "It said it’s over."
    """  # noqa: RUF002 (the example shows the typographic apostrophe it is about)
    if len(text) > MAX_SEARCHED:
        return ""
    match = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    if match.size < min(20, len(quote) // 2):
        return "; no passage of the text is close to it"
    start = match.a - match.b
    for i, q in enumerate(quote):
        t = text[start + i] if 0 <= start + i < len(text) else ""
        if q != t:
            break
    else:
        return ""
    at = max(0, start + i)
    before = "..." if at > CONTEXT else ""
    after = "..." if at + CONTEXT < len(text) else ""
    passage = text[max(0, at - CONTEXT) : at + CONTEXT]
    return (
        f": at character {i + 1} the quote has {_char(q)} where the text has {_char(t)}, "
        f'in "{before}{passage}{after}"'
    )

"""The names rule (JDS207): every actor and place a row names is named in the sentence its
quote sits in, or inferred.

A quote is the few words that state a fact, and often does not name its actor where the
sentence around it does: the rule looks for each id's name and aliases (from the table its
foreign key points at) in that sentence of the source's text. A child table without quotes
(``event_actors``) is read against its parent's sentence. It runs with ``--sources``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import quoted
from ..read.csv import Table
from .positions import located, sentence_bounds
from .registry import Edit, Findings, rule
from .sources import SourceTexts
from .vocabulary import named_in


def _sentences(table: Table, texts: SourceTexts) -> list[str | None]:
    """Each row's words to look for names in, in the row order of :meth:`Table.select`: the
    sentence around its quote's position (a row without one: around where the quote is first
    found); ``None`` where that cannot be read (no text: JDS201; not in it: JDS203)."""
    out: list[str | None] = []
    for row in filter(None, table.rows()):  # a blank line is no row of select()
        text = texts.raw.get(row.get("source_id", ""))
        at = located(text, row) if text is not None else None
        out.append(None if text is None or at is None else text[slice(*sentence_bounds(text, *at))])
    return out


def _name_lists(table: Table, key: str) -> dict[str, tuple[str, ...]]:
    """Each row's names, by its ``key``, in a table of named things: its ``name`` (brackets off) and aliases."""
    out: dict[str, tuple[str, ...]] = {}
    for row in table.rows():
        if row:
            aliases = [a for a in row.get("aliases", "").split("|") if a]
            out[row.get(key, "")] = (row.get("name", "").strip("[]"), *aliases)
    return out


@rule(
    "JDS207",
    "Every actor and place a row names is named in the sentence its quote sits in, by name or "
    "alias, or listed in `inferred` with a note that says where it comes from; a field listed "
    "there is one that sentence does not name.",
    kind="sources",
    fields=("inferred",),
    example=(
        Edit("data/relationships.csv", ",object_id,example-analysis,", ",,example-analysis,"),
        Edit(
            "data/relationships.csv",
            ",northern-front,affiliated_with,eastern-movement,",
            ",northern-front,affiliated_with,coastal-brigade,",
        ),
    ),
    where="tables with `inferred`; a child table without quotes (`event_actors`) is read against its parent's sentence",
)
def inferred_fields(table: Table, data: SourceTexts) -> Findings:
    named: dict[str, dict[str, tuple[str, ...]]] = {}  # field -> id -> names
    parent: dict[str, str | None] | None = None  # parent key -> sentence, for a child table
    parent_field = ""
    unread: set[str] = set()  # fields naming a table that could not be read: not checked here
    for fk in data.descriptor.resource(table.name).foreign_keys:
        target = data.tables.get(fk.resource)
        if len(fk.fields) != 1:
            continue
        if target is None:
            unread.add(fk.fields[0])
        elif "name" in target.fields:
            named[fk.fields[0]] = _name_lists(target, fk.reference[0])
        elif "quote" not in table.fields and "quote" in target.fields:
            parent_field, key = fk.fields[0], fk.reference[0]
            keys = (k for _, (k,) in target.select(key))
            parent = dict(zip(keys, _sentences(target, data)))
    if "quote" not in table.fields and parent is None:
        return
    checked = sorted(named)
    note = ["note"] if "note" in table.fields else []
    if parent is None:
        words: Iterator[str | None] = iter(_sentences(table, data))
    else:
        words = (parent.get(k) for _, (k,) in table.select(parent_field))
    for (row, (inferred, *values)), sentence in zip(
        table.select("inferred", *checked, *note), words
    ):
        note_text = values.pop() if note else "-"
        if inferred.strip() and not note_text.strip():
            yield (
                row,
                "note",
                "the row lists inferred fields, so the note must say where they come from",
            )
        if sentence is None or not sentence.strip():  # JDS105, JDS201 or JDS203 says why
            continue
        listed = [f for f in inferred.split("|") if f]
        for f in listed:
            if f not in named and f not in unread:
                yield (
                    row,
                    "inferred",
                    f"{f!r} is not a field of this table that names an actor or place",
                )
        for f, value in zip(checked, values):
            names = named[f].get(value)
            if names is None:  # blank, or an unknown id, which its foreign key reports
                if not value and f in listed:
                    yield row, "inferred", f"{f} is listed as inferred, but it is blank"
                continue
            if not any(names):  # a row with no name: its required constraint reports it
                continue
            shown, found = names[0] or value, named_in(sentence, names)
            if found and f in listed:
                yield (
                    row,
                    "inferred",
                    f"{f} is listed as inferred, but the quote's sentence names {quoted(shown)}",
                )
            elif not found and f not in listed:
                yield (
                    row,
                    f,
                    (
                        f"the quote's sentence does not name {quoted(shown)} ({value}) by name or "
                        f"alias: list {f} in inferred and say in the note where it comes from"
                    ),
                )

"""The names rule (JDS116): every actor and place a row names is named in its quote, or inferred.

A row names actors and places by id (``subject_id``, ``place_id``, ...); its quote names them
in words. The rule reads each id's name and aliases from the table the foreign key points at
and looks for them in the quote (a child table without quotes, such as ``event_actors``, is
read against its parent's). What the words do not name must be listed in ``inferred``, with
a note that says where it comes from.
"""

from __future__ import annotations

from ..read.csv import Table
from .dataset import Dataset, Findings
from .registry import Edit, rule
from .vocabulary import named_in


def _name_lists(table: Table, key: str) -> dict[str, tuple[str, ...]]:
    """Each row's names, by its ``key``, in a table of named things: its ``name`` (brackets off) and aliases."""
    out: dict[str, tuple[str, ...]] = {}
    for row in table.rows():
        if row:
            aliases = [a for a in row.get("aliases", "").split("|") if a]
            out[row.get(key, "")] = (row.get("name", "").strip("[]"), *aliases)
    return out


@rule(
    "JDS116",
    "Every actor and place a row names is named in its quote, by name or alias, or listed in "
    "`inferred` with a note that says where it comes from; a field listed there is one the quote "
    "does not name.",
    kind="dataset",
    fields=("inferred",),
    example=(
        Edit("data/relationships.csv", ",object_id,example-analysis,", ",,example-analysis,"),
        Edit(
            "data/relationships.csv",
            ",northern-front,affiliated_with,eastern-movement,",
            ",northern-front,affiliated_with,coastal-brigade,",
        ),
    ),
    where="tables with `inferred`; a child table without quotes (`event_actors`) is read against its parent's quote",
)
def inferred_fields(table: Table, data: Dataset) -> Findings:
    named: dict[str, dict[str, tuple[str, ...]]] = {}  # field -> id -> names
    quotes: dict[str, str] | None = None  # parent key -> quote, for a child table
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
            quotes = {r.get(key, ""): r.get("quote", "") for r in target.rows() if r}
    if "quote" not in table.fields and quotes is None:
        return
    checked = sorted(named)
    note = ["note"] if "note" in table.fields else []
    quote_field = "quote" if quotes is None else parent_field
    for row, (inferred, quote, *values) in table.select("inferred", quote_field, *checked, *note):
        note_text = values.pop() if note else "-"
        if inferred.strip() and not note_text.strip():
            yield (
                row,
                "note",
                "the row lists inferred fields, so the note must say where they come from",
            )
        if quotes is not None:
            quote = quotes.get(quote, "")
        if not quote.strip():  # no quote to read: JDS105 says so, once
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
            shown, found = names[0] or value, named_in(quote, names)
            if found and f in listed:
                yield row, "inferred", f"{f} is listed as inferred, but the quote names {shown!r}"
            elif not found and f not in listed:
                yield (
                    row,
                    f,
                    (
                        f"the quote does not name {shown!r} ({value}) by name or alias: grow the quote to "
                        f"the sentence that does, or list {f} in inferred and say in the note where it comes from"
                    ),
                )

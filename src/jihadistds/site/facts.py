"""Each fact as a reader says it: a sentence of names and values, with links on the names.

"Hayat Tahrir al-Sham — up to 20,000 fighters (at most) — as of 21 May 2019";
"Al Qaeda is a rival of Islamic State". The words come from the row's fields and its
schema's category labels, so a fork's own tables read the same way: a table with
``subject_id``, ``type`` and ``object_id`` reads as a relationship, one with
``designator_id`` and ``designated_id`` as a designation, one with a ``*_as_stated`` value as
an amount or a claim, and anything else by its title or its key.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..read.descriptor import Resource

if TYPE_CHECKING:
    from .page import Site

Part = tuple[str, str | None]  # text, and where it links (relative to the site's root)

QUALIFIERS = {
    "exact": "",
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
}


def _label(res: Resource, field: str, value: str) -> str:
    """A value's category label in its schema, else the value with spaces for ``_``."""
    spec = next((f.spec for f in res.fields if f.name == field), {})
    for c in spec.get("categories", []) if isinstance(spec.get("categories"), list) else []:
        if isinstance(c, dict) and c.get("value") == value and isinstance(c.get("label"), str):
            return str(c["label"])
    return value.replace("_", " ")


def verb(res: Resource, value: str) -> str:
    """A relationship type as the verb between its subject and object: the category label's
    words between "subject" and "object" ("is a rival of") when it ends there, else the
    value's words."""
    label = _label(res, "type", value).split(" (")[0]
    if label.startswith("subject ") and label.endswith(" object"):
        return label[len("subject ") : -len(" object")]
    return value.replace("_", " ")  # a fork's label that goes on past "object"


def _name(site: Site, res: Resource, field: str, row: dict[str, str]) -> Part:
    """The row a cell refers to, by its name or title and linked; the cell where it has none."""
    value = row.get(field, "")
    return site.name(res, field, value) or value, site.href(res, field, value) if value else None


def long_date(text: str) -> str:
    """An ISO date as a reader writes it; anything else as it is.

    >>> long_date("2019-05-21"), long_date("2019-05"), long_date("soon")
    ('21 May 2019', 'May 2019', 'soon')
    """
    for form, shown in (("%Y-%m-%d", "{d.day} {d:%B %Y}"), ("%Y-%m", "{d:%B %Y}")):
        try:
            return shown.format(d=dt.datetime.strptime(text, form))
        except ValueError:
            continue
    return text


def period(row: dict[str, str]) -> str:
    """The period a fact covers, in words: "as of 21 May 2019", "1 January 2019 to 21 May 2019"."""
    start, end = row.get("period_start", ""), row.get("period_end", "")
    if start and start == end:
        return ("as of " if row.get("period_basis") == "present" else "") + long_date(start)
    if start and end:
        return f"{long_date(start)} to {long_date(end)}"
    if end:
        return f"by {long_date(end)}"
    return f"from {long_date(start)}" if start else ""


def _amount(row: dict[str, str]) -> str:
    """An amount in the source's words with its unit, and how it is read where that says more:
    "up to 20,000 fighters (at most)"; "at least five groups (at least 5)" when the words do
    not give the number in digits; "thousands of fighters"."""
    amount = row.get("value_as_stated") or row.get("value", "")
    unit = row.get("unit", "").replace("_", " ")
    if unit and unit not in amount:
        vague = not any(c.isdigit() for c in amount) and amount.lower().endswith("s")
        amount = f"{amount} {'of ' if vague else ''}{unit}"
    qualifier, value = QUALIFIERS.get(row.get("qualifier", ""), ""), row.get("value", "")
    stated = row.get("value_as_stated") or ""
    if value.isdigit() and qualifier != "":
        given = f"{int(value):,}" in stated or value in stated  # the number, in digits
        if not given:  # "at least five groups (at least 5)"
            amount += f" ({qualifier} {int(value):,})"
        elif qualifier not in stated:  # "up to 20,000 fighters (at most)"
            amount += f" ({qualifier})"
    return amount


def headline(site: Site, res: Resource, row: dict[str, str]) -> list[Part]:
    """The fact as a sentence of parts: names (linked) and the source's words."""
    fields = set(res.field_names)
    if {"subject_id", "type", "object_id"} <= fields:
        return [
            _name(site, res, "subject_id", row),
            (f" {verb(res, row['type'])} ", None),
            _name(site, res, "object_id", row),
        ]
    if {"designator_id", "designated_id"} <= fields:
        parts = [_name(site, res, "designator_id", row), (" designates ", None)]
        parts.append(_name(site, res, "designated_id", row))
        if row.get("designation_as_stated"):
            parts.append((f" as {row['designation_as_stated']}", None))
        return parts
    subject = next((f for f in ("actor_id", "place_id") if f in fields and row.get(f)), None)
    parts = [_name(site, res, subject, row)] if subject else []
    if row.get("claim_as_stated"):
        hedge = (
            f' (the source hedges: "{row["hedge_as_stated"]}")'
            if row.get("hedge_as_stated")
            else ""
        )
        said = f"{row['aspect'].replace('_', ' ')}: " if row.get("aspect") else ""
        parts.append((f" — {said}{row['claim_as_stated']}{hedge}", None))
    elif row.get("value_as_stated") or row.get("value"):
        parts.append((f" — {_amount(row)}", None))
    elif row.get("origin_place_id"):
        parts += [(" — fighters from ", None), _name(site, res, "origin_place_id", row)]
    elif row.get("position_as_stated"):
        parts.append((f" — {row['position_as_stated']}", None))
    elif row.get("title"):
        parts = [(row["title"], None)]
    elif row.get("role"):  # an actor's part in an event: "Turkey — carried out: <the event>"
        parts.append((f" — {row['role'].replace('_', ' ')}", None))
        if row.get("event_id"):
            parts += [(": ", None), _name(site, res, "event_id", row)]
    if not parts:
        parts = [(site.key(res, row), None)]
    if row.get("attributed_to"):  # whose claim the source reports
        parts += [(" — according to ", None), _name(site, res, "attributed_to", row)]
    when = period(row)
    if when:
        parts.append((f" — {when}", None))
    return parts

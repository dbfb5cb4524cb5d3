"""The catalogue of the dataset's own rules: a stable id and one line for each.

The ids are part of the public interface (they appear in every report and may be used to
filter them), so a rule keeps its id for ever and a retired id is never reused.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    id: str
    summary: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        # File rules: what every CSV of the package must look like on disk.
        Rule("JDS001", "A CSV is UTF-8 without a byte-order mark, and is not empty."),
        Rule("JDS002", "Lines end in LF alone (no CR), and the file ends with one."),
        Rule("JDS003", "The header row is the schema's field names, in the schema's order."),
        Rule("JDS004", "No cell, header included, has leading or trailing white space."),
        Rule("JDS005", "No text cell starts with `=`, `+`, `-` or `@`, which a spreadsheet would run as a formula."),
        Rule("JDS006", "Rows are in primary-key order, with no blank lines."),
        Rule("JDS007", "Double quotes are balanced: every quoted cell is closed, and no quote stands inside an unquoted cell."),
        # Dataset rules: what the data model needs that a Table Schema cannot say.
        Rule("JDS101", "A period's start and end are real dates written at its precision (`day` YYYY-MM-DD, `month` YYYY-MM, `year` YYYY); the precision is blank exactly when both are."),
        Rule("JDS102", "A period's start is not after its end."),
        Rule("JDS103", "`value` and `qualifier` are both given or both blank (blank for a vague amount)."),
        Rule("JDS104", "Every `*_as_stated` cell appears verbatim in the row's quote."),
        Rule("JDS105", "Every fact has a source and a quote that is not blank."),
        Rule("JDS106", "No fact is recorded twice: two rows of a table differ in more than their id and note."),
        Rule("JDS107", "An actor of kind `state` has a country code, and no other kind has one."),
        Rule("JDS108", "A count's unit is the one its measure takes."),
        Rule("JDS109", "No relationship runs from an actor to itself."),
        Rule("JDS110", "No period ends after its source was published."),
        Rule("JDS111", "`value` is the number `value_as_stated` states (\"two dozen\" is 24, \"2.7 million\" 2700000), and is blank only when the words state no number."),
        Rule("JDS112", "`qualifier` agrees with the hedge in `value_as_stated`: \"up to\" is `at_most`, \"more than\" `more_than`, \"at least\" `at_least`, \"an estimated\" or \"some\" `approximately`, and no hedge `exact`."),
        Rule("JDS113", "Every source, actor and place is referred to by some other table."),
        # Source rules, checked with --sources: the quotes against the texts they came from.
        Rule("JDS201", "Every source's text is found in the sources folder, by `<source_id>.txt` or by its SHA-256."),
        Rule("JDS202", "A source's text has the SHA-256 the sources table records."),
        Rule("JDS203", "Every quote appears verbatim in its source's text (white space collapsed)."),
        # Reading: what stops a package from being checked at all.
        Rule("JDS900", "The descriptor, its schemas and its files can be found and read inside the package folder."),
    ]
}

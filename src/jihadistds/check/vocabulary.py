"""What the dataset rules read words by: units, number words, hedges, period bases, names, registries."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

# The unit each count measure takes (JDS108).
MEASURE_UNITS = {
    "attacks": "attacks",
    "deaths": "deaths",
    "people_displaced": "people",
    "people_in_need": "people",
    "population_controlled": "people",
    "towns_and_villages_controlled": "towns_and_villages",
    "groups_commanded": "groups",
}

# Number words a source may spell out, and the words that multiply them (JDS111).
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen twenty"
NUMBER_WORDS = {word: i for i, word in enumerate(f"{_UNITS} {_TEENS}".split())} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MAX_STATED = Decimal(10) ** 30  # more than any count could be: words stating more state no count
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Hedge words and the qualifiers they allow (JDS112); words with none of these are `exact`.
HEDGES: list[tuple[str, set[str]]] = [
    ("up to", {"at_most"}),
    ("at most", {"at_most"}),
    ("as many as", {"at_most"}),
    ("no more than", {"at_most"}),
    ("more than", {"more_than"}),
    ("over", {"more_than"}),
    ("upwards of", {"more_than"}),
    ("in excess of", {"more_than"}),
    ("at least", {"at_least"}),
    ("a minimum of", {"at_least"}),
    ("less than", {"less_than"}),
    ("fewer than", {"less_than"}),
    ("under", {"less_than"}),
    ("nearly", {"approximately", "less_than"}),
    ("almost", {"approximately", "less_than"}),
    ("an estimated", {"approximately"}),
    ("estimated", {"approximately"}),
    ("some", {"approximately"}),
    ("about", {"approximately"}),
    ("around", {"approximately"}),
    ("approximately", {"approximately"}),
    ("roughly", {"approximately"}),
    ("circa", {"approximately"}),
]

# How each period basis bounds a period, against the source's publication date P (JDS115):
# (start, end) where "given" is any date, "blank" none, and "P" a date at its precision that
# contains P; then whether period_as_stated or the note must say something.
BASIS_BOUNDS: dict[str, tuple[str, str, str]] = {
    "stated": ("given", "given", "period_as_stated"),
    "relative": ("given", "given", "period_as_stated"),
    "recent": ("blank", "P", "period_as_stated"),
    "present": ("P", "P", ""),
    "past": ("blank", "P", ""),
    "established": ("given", "given", "note"),
    "unknown": ("blank", "blank", ""),
}

# Where each registry's pages are, and the form of its identifiers (JDS117).
REGISTRIES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "wikidata": (("www.wikidata.org", "m.wikidata.org"), re.compile(r"^Q[1-9][0-9]*$")),
    "un_sanctions": (("un.org",), re.compile(r"^\S(.*\S)?$")),
    "us_fto": (("state.gov",), re.compile(r"^\S(.*\S)?$")),
}


def collapse(text: str) -> str:
    """White space folded to single spaces, for comparing quotes with their sources."""
    return " ".join(text.split())


def stated_number(words: str) -> int | None:
    """The number a phrase states, or ``None`` when it states none.

    >>> [
    ...     stated_number(w)
    ...     for w in [
    ...         "more than two dozen",
    ...         "some 2.7 million",
    ...         "up to 20,000",
    ...         "thousands",
    ...         "Some",
    ...     ]
    ... ]
    [24, 2700000, 20000, None, None]
    """
    tokens = re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?|[a-z]+", words.lower())
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            number = Decimal(token.replace(",", ""))
        elif token in NUMBER_WORDS:
            number = Decimal(NUMBER_WORDS[token])
        else:
            continue
        for following in tokens[i + 1 :]:
            if following not in MULTIPLIERS:
                break
            number *= MULTIPLIERS[following]
            if number > MAX_STATED:  # "a billion billion billion ...": no count, no int to print
                return None
        return int(number) if number == number.to_integral_value() else None
    return None


def hedge(stated: str) -> tuple[str | None, set[str]]:
    """The hedge ``stated`` opens with (``None``: none), and the qualifiers it allows."""
    words = f" {' '.join(re.findall(r'[a-z]+', stated.lower()))} "
    for cue, qualifiers in HEDGES:
        if f" {cue} " in words:
            return cue, qualifiers
    return None, {"exact"}


def _names(text: str) -> str:
    """Text as names are matched in it: typographic apostrophes made straight."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


@functools.lru_cache(maxsize=1 << 12)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` as whole words, or followed by -n (Syria: "Syrian"), case as written."""
    alternatives = "|".join(re.escape(_names(n)) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})n?(?!\w)")


def named_in(quote: str, names: tuple[str, ...]) -> bool:
    """Whether ``quote`` names an actor or place by one of ``names`` (a name or an alias).

    >>> (
    ...     named_in("Russia\u2019s military involvement", ("Russia",)),
    ...     named_in("Syrian leader", ("Syria",)),
    ... )
    (True, True)
    >>> named_in("the group\u2019s leader", ("Hayat Tahrir al-Sham", "HTS"))
    False
    """
    text = _names(quote)
    names = tuple(n for n in names if n and _names(n) in text)  # a name not in it at all: no search
    return bool(names) and _name_pattern(names).search(text) is not None


def article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"

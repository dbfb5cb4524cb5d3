"""Patterns: what translate() accepts, RE2 matches exactly as Python's re does, in linear time."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jihadistds.read.patterns import PatternError, matches, translate

ATOMS = ["a", "b", "-", ".", "[ab]", "[^a]", "[a-c]", r"\d", r"\.", "(a|b)", "(?:ab)", "[]a]"]
QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "+?"]


@st.composite
def patterns(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        atom = draw(st.sampled_from(ATOMS))
        if draw(st.booleans()) and parts:  # a group around what came before
            atom = "(" + "".join(parts) + ")"
            parts = []
        parts.append(atom + draw(st.sampled_from(QUANTIFIERS)))
    body = "".join(parts)
    if draw(st.booleans()):
        body = body + "|" + draw(st.sampled_from(ATOMS))
    return draw(st.sampled_from(["", "^"])) + body + draw(st.sampled_from(["", "$"]))


@settings(max_examples=300, deadline=None)
@given(patterns(), st.lists(st.text(alphabet="ab-.9\n٣", max_size=6), min_size=1, max_size=20))
def test_re2_decides_as_python_does(pattern: str, cells: list[str]) -> None:
    compiled = re.compile(f"^{pattern}$")
    expected = [bool(compiled.match(c)) for c in cells]
    assert matches(translate(pattern), cells) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        "a{,2}",  # a repeat in Python, three characters in RE2
        "[[:alpha:]]+",  # a POSIX class in RE2, a nested set in Python
        r"\w+",  # Unicode in Python, ASCII in RE2
        r"\bx",
        "(?=a)a",  # lookahead
        r"(a)\1",  # back-reference
        "(?i)a",  # flags
        "a*+",  # possessive
        "a$b",  # $ before more pattern
        "[a--b]",  # a set operation to be
        "a{1001}",  # over RE2's repeat limit
        "(",  # Python cannot read it
        "x" * 1001,
    ],
)
def test_what_the_engines_read_differently_is_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        translate(pattern)


def test_nested_quantifiers_run_in_linear_time() -> None:
    """``(a+)+`` against a's and a '!': Python's re takes exponential time; RE2 does not."""
    expression = translate("(a+)+")
    start = time.perf_counter()
    assert matches(expression, ["a" * 5000 + "!", "a" * 5000]) == [False, True]
    assert time.perf_counter() - start < 5  # exponential would be astronomically more


def test_dollar_matches_before_a_final_newline_as_in_python() -> None:
    assert matches(translate("a"), ["a\n", "a\n\n", "a"]) == [True, False, True]
    assert bool(re.compile("^a$").match("a\n")) and not re.compile("^a$").match("a\n\n")


def test_a_pattern_re2_cannot_compile_is_refused_before_matching() -> None:
    """Both engines read ``(a{1000}){1000}`` alike, but it is too large for RE2 to compile."""
    with pytest.raises(PatternError, match="RE2 cannot read it"):
        translate("(a{1000}){1000}")

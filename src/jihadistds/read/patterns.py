"""Table Schema ``pattern`` constraints, read once and matched in linear time.

Frictionless matches a pattern with Python's ``re`` (``re.compile("^" + pattern + "$").match``),
a backtracking engine: ``(a+)+`` against thirty-odd ``a`` and a ``!`` takes minutes. A
package from a stranger must not be able to do that, so every pattern is matched by RE2
(google-re2), which runs in time linear in the cell.

RE2 and Python read most patterns the same way, not all: ``a{,2}`` is a quantifier in
Python and three literal characters in RE2; ``[[:alpha:]]`` is a POSIX class in RE2 and a
nested set in Python; ``\\d`` and ``\\w`` are Unicode in Python and ASCII in RE2; Python's
``$`` also matches before a final newline. :func:`translate` accepts the part of the syntax
where the two agree, rewrites the few constructs that need it (``\\d``, ``$``), and refuses
the rest with a reason, so a refused pattern is a clear problem and never a second reading.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

import re2

MAX_PATTERN = 1_000  # characters; a longer pattern is not one a schema needs
MAX_REPEAT = 1_000  # RE2's own limit on {n,m}

# Escapes that mean the same character in both engines.
_LITERAL_ESCAPES = set(".^$*+?()[]{}|\\/-_:;,'\"!#%&<>=@`~ ")
# Escapes that mean a class: the same in both (\d, \D become Unicode digits for RE2).
_CLASS_ESCAPES = {"d": r"\p{Nd}", "D": r"\P{Nd}", "n": r"\n", "t": r"\t", "r": r"\r", "f": r"\f"}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")


class PatternError(ValueError):
    """A pattern outside the syntax both engines read the same way; the message says what."""


def _escape(pattern: str, i: int) -> str:
    """The RE2 text for the escape at ``pattern[i]`` (a backslash), in a class or out of one."""
    if i + 1 >= len(pattern):
        raise PatternError("the pattern ends with a lone backslash")
    e = pattern[i + 1]
    if e in _LITERAL_ESCAPES:
        return "\\" + e
    if e in _CLASS_ESCAPES:
        return _CLASS_ESCAPES[e]
    raise PatternError(
        f"the escape \\{e} is read differently by Python and RE2, or not at all "
        "(write the characters out, as in [0-9] or [A-Za-z_])"
    )


def _class(pattern: str, i: int) -> tuple[str, int]:
    """The character class starting at ``pattern[i] == "["``: its RE2 text and the index after it."""
    out = ["["]
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), i + 1
        if c == "[":
            raise PatternError(
                "a '[' inside a character class (a POSIX class such as [[:alpha:]], or a "
                "nested set) is read differently by Python and RE2; escape it as \\["
            )
        if c == "]":  # first character: a literal ] in both
            out.append(r"\]")
        elif c == "\\":
            out.append(_escape(pattern, i))
            i += 1
        elif pattern.startswith(("--", "&&", "~~", "||"), i):
            raise PatternError(
                f"{pattern[i : i + 2]!r} inside a character class is a set operation in a "
                "future Python; escape it"
            )
        else:
            out.append(c)
        first = False
        i += 1
    raise PatternError("a character class '[' is never closed")


@functools.lru_cache(maxsize=1024)
def translate(pattern: str) -> str:
    """The RE2 expression for Python's ``re.compile("^" + pattern + "$").match``, checked to
    compile; raises :class:`PatternError`."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"the pattern is {len(pattern)} characters; at most {MAX_PATTERN}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's FutureWarning on "[[": refused below
            re.compile(f"^{pattern}$")
    except re.error as exc:
        raise PatternError(f"Python cannot read it: {exc}") from None
    out: list[str] = []
    depth = 0
    atom = False  # whether the last thing may take a quantifier
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(_escape(pattern, i))
            i += 2
            atom = True
        elif c == "[":
            text, i = _class(pattern, i)
            out.append(text)
            atom = True
        elif c == "(":
            if pattern.startswith("(?:", i):
                out.append("(?:")
                i += 3
            elif pattern.startswith("(?", i):
                raise PatternError(
                    "group extensions other than (?:...) (lookaround, flags, names, "
                    "back-references) are read differently by Python and RE2, or not at all"
                )
            else:
                out.append("(")
                i += 1
            depth += 1
            atom = False
        elif c == ")":
            depth -= 1
            out.append(")")
            i += 1
            atom = True
        elif c in "|^":
            out.append(c)
            i += 1
            atom = False
        elif c == "$":
            # Python's $ matches at the end or before a final newline. Where nothing follows
            # but the end of an alternative, (?:\n?\z) says the same to RE2.
            if not (i + 1 == n or (pattern[i + 1] == "|" and depth == 0)):
                raise PatternError(
                    "'$' may stand only at the end of the pattern or of a top-level alternative"
                )
            out.append(r"(?:\n?\z)")
            i += 1
            atom = False
        elif c in "*+?{":
            start = i
            m = _REPEAT.match(pattern, i) if c == "{" else None
            if c == "{" and m is None:
                raise PatternError(
                    "'{' must start a repeat {n}, {n,} or {n,m}; Python and RE2 read "
                    "other braces (such as {,m}) differently: escape a literal one as \\{"
                )
            if not atom:
                raise PatternError(f"{c!r} has nothing to repeat")
            if m and any(int(x) > MAX_REPEAT for x in (m.group(1), m.group(3)) if x):
                raise PatternError(f"a repeat count is over {MAX_REPEAT}")
            i = m.end() if m else i + 1
            if i < n and pattern[i] == "+":
                raise PatternError("possessive quantifiers are not read by RE2")
            if i < n and pattern[i] == "?":
                i += 1
            out.append(pattern[start:i])
            atom = False
        elif c == "}" or c == "]":
            out.append("\\" + c)
            i += 1
            atom = True
        else:
            out.append(c)
            i += 1
            atom = True
    # Python's trailing $ as frictionless adds it: at the end or before a final newline.
    expression = rf"\A(?:^{''.join(out)}(?:\n?\z))"
    try:
        _re2(expression)
    except Exception as exc:  # re2.error: RE2 cannot read what Python can
        raise PatternError(f"RE2 cannot read it: {exc}") from None
    return expression


@functools.lru_cache(maxsize=1 << 10)
def _re2(expression: str) -> Any:
    return re2.compile(expression)


def matches(compiled: str, cells: list[str]) -> list[bool]:
    """Whether each cell matches, as frictionless' ``re.match`` would decide, in linear time."""
    match = _re2(compiled).match  # on UTF-8 bytes: the wrapper's str path costs twice as much
    return [match(cell.encode("utf-8", "surrogatepass")) is not None for cell in cells]

"""What frictionless guesses about a CSV that declares no dialect or encoding, guessed the same way.

Frictionless does not read an undeclared CSV as plain comma-separated UTF-8 with a header in
row 1: it detects the encoding (chardet over the first 100,000 bytes), sniffs the dialect
(Python's ``csv.Sniffer`` over the first 100 lines, delimiters ``,\\t;|``) and looks for the
header row (the first of the first 100 rows whose width is near their average). The fast
engine reads plain CSV only, so :func:`difference` replays those three guesses, with the same
libraries and constants, and says where frictionless would read the file otherwise; the
package then goes to frictionless (``Report.handover`` gives the reason).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from ..read.descriptor import Resource

BUFFER_SIZE = 100_000  # frictionless' settings.DEFAULT_BUFFER_SIZE
SAMPLE_SIZE = 100  # formats/csv/parser.py SAMPLE_SIZE and settings.DEFAULT_SAMPLE_SIZE
ENCODING_CONFIDENCE = 0.5  # settings.DEFAULT_ENCODING_CONFIDENCE
DELIMITERS = ",\t;|"
MAX_LINE = 1 << 16  # characters of one line the sample keeps


class _LongLine(Exception):
    pass


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """The text's lines; :class:`_LongLine` for one of more than :data:`MAX_LINE` characters."""
    while line := text.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE:
            raise _LongLine
        yield line


def detect_encoding(buffer: bytes) -> str:
    """The encoding frictionless' Detector.detect_encoding gives for ``buffer``."""
    import chardet  # frictionless' own detector (frictionless.platform.chardet); 55 ms to import

    detector = chardet.UniversalDetector()
    for line in buffer.splitlines():
        detector.feed(line)
    detector.close()
    encoding = detector.result["encoding"] or "utf-8"
    confidence = detector.result["confidence"] or 0
    if confidence < ENCODING_CONFIDENCE:
        detected, encoding = encoding, "utf-8"
        try:
            buffer.decode(encoding)
        except UnicodeDecodeError:
            encoding = detected
    if encoding == "ascii":
        encoding = "utf-8"
    encoding = codecs.lookup(encoding).name
    if encoding == "utf-8" and buffer.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return encoding


def _codec(name: str) -> str | None:
    """The codec's canonical name, or ``None`` when Python has no such codec."""
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None


@dataclass(frozen=True)
class Guess:
    """How frictionless would read a CSV: what the reader can follow, and what it cannot."""

    delimiter: str = ","
    skip_initial_space: bool = False
    unsupported: str | None = None  # why the fast engine cannot read it as frictionless would


PLAIN = Guess()


def guess(resource: Resource, encoding: str | None = None) -> Guess:
    """How frictionless would read ``resource``'s CSV, which declares no dialect.

    ``encoding`` is the one the resource declares, if any: frictionless then detects none.

    The delimiter and ``skipInitialSpace`` the reader follows; another encoding, other
    quoting or a header below row 1 it does not (``unsupported`` says which). A file that
    cannot be opened or decoded is left to the reader, which reports it as frictionless does.
    """
    try:
        with open(resource.file, "rb") as fh:
            buffer = fh.read(BUFFER_SIZE)
    except OSError:
        return PLAIN
    # Nothing to guess, or a binary file: the reader reports it as frictionless does.
    if not buffer or b"\x00" in buffer:
        return PLAIN
    if encoding is None:
        encoding = detect_encoding(buffer)
    codec = _codec(encoding)
    if codec is None:  # "\x00", "no-such-codec": frictionless says what it makes of it
        return Guess(unsupported=f"{resource.path} declares an encoding Python does not know")
    if codec == "utf-8" and buffer.startswith(codecs.BOM_UTF8):
        encoding = codec = "utf-8-sig"  # frictionless reads a declared utf-8 past its BOM too
    if codec not in ("utf-8", "utf-8-sig"):
        return Guess(
            unsupported=f"frictionless would read {resource.path} as {encoding}, not UTF-8"
        )
    try:
        with open(resource.file, encoding=encoding, newline="") as text:
            # 100 lines, as frictionless samples them; a line too long to sniff quickly
            # (csv.Sniffer is slow on megabytes) leaves the guess to frictionless itself.
            sample = list(islice(_lines(text), SAMPLE_SIZE))
    except (OSError, UnicodeDecodeError):
        return PLAIN
    except _LongLine:
        return Guess(
            unsupported=f"a line of {resource.path} among its first {SAMPLE_SIZE} is longer "
            f"than {MAX_LINE:,} characters, too long to guess its dialect as frictionless does"
        )
    try:
        config: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff("".join(sample), DELIMITERS)
    except csv.Error:
        config = csv.excel
    quote = '"' if config.quotechar == "'" else config.quotechar
    read = Guess(config.delimiter, bool(config.skipinitialspace))
    if quote != '"' or config.escapechar is not None:
        return Guess(unsupported=f"frictionless would read {resource.path} with other quoting")
    try:
        rows = list(
            islice(
                csv.reader(
                    io.StringIO("".join(sample)),
                    delimiter=read.delimiter,
                    skipinitialspace=read.skip_initial_space,
                ),
                SAMPLE_SIZE,
            )
        )
    except csv.Error:
        return read
    widths = [len(cells) for cells in rows]
    if widths:
        width = round(sum(widths) / len(widths))
        drift = max(round(width * 0.1), 1)
        near = range(width - drift, width + drift + 1)
        # No row near the average: frictionless keeps its default, row 1.
        header = next((n for n, w in enumerate(widths, start=1) if w in near), 1)
        if header != 1:
            return Guess(
                unsupported=f"frictionless would take row {header} of {resource.path} as its header"
            )
    return read


__all__ = ["PLAIN", "Guess", "detect_encoding", "guess"]

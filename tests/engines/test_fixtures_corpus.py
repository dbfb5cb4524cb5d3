"""The fast engine agrees with frictionless on packages built from frictionless-py's own fixtures and tests.

The corpus (tests/fixtures_corpus.py) is built from the fixtures in the source distribution
of the frictionless version installed. On every package both engines must give the same
verdict and the same problems (file, row, field, rule); the fast engine must really run,
not hand over, on at least 90% of the packages either engine checks; and every handover
must be for a reason documented in the README's list of what the fast engine leaves to
frictionless.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_corpus import Entry, Outcome, build, compare

Compared = tuple[Entry, Outcome, Outcome]

# Packages on which the two engines may disagree, with the reason: none today.
DELIBERATE: dict[str, str] = {}
# Why the fast engine may hand a package over (README: "What the fast engine leaves to frictionless").
HANDOVER_REASONS = (
    "frictionless would read",  # another encoding or quoting than UTF-8 and '"'
    "frictionless would take",  # a header row below row 1
    "the descriptor is invalid or uses what the fast engine leaves to frictionless",
    "a schema feature the fast engine leaves to frictionless",
    "too long to guess its dialect",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Compared]:
    entries = build(tmp_path_factory.mktemp("fixtures"))
    return list(compare(entries))


def test_the_corpus_is_the_fixtures(corpus: list[Compared]) -> None:
    # 130-odd fixture CSVs in three schemas each, the fixture packages of local CSVs, and
    # the tables and schemas written in frictionless' own tests.
    assert len(corpus) > 900
    assert sum(e.name.startswith("package:") for e, _, _ in corpus) >= 20
    assert sum(e.name.startswith("test:") for e, _, _ in corpus) >= 500


def test_both_engines_report_the_same(corpus: list[Compared]) -> None:
    differ = {
        entry.name: (fast[:2], reference[:2])
        for entry, fast, reference in corpus
        if fast[:2] != reference[:2] and entry.name not in DELIBERATE
    }
    assert not differ, "\n".join(f"{k}:\n  fast {f}\n  ref  {r}" for k, (f, r) in differ.items())


def test_the_fast_engine_runs_on_nine_in_ten(corpus: list[Compared]) -> None:
    checked = [(e, f) for e, f, _ in corpus if f[2] in ("fast", "frictionless")]
    ran = sum(f[2] == "fast" for _, f in checked)
    assert ran / len(checked) >= 0.9, f"the fast engine ran on {ran} of {len(checked)}"


def test_every_handover_has_a_documented_reason(
    corpus: list[Compared],
) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for reason in HANDOVER_REASONS:
        assert reason in readme, f"the README does not document {reason!r}"
    for entry, fast, _ in corpus:
        if fast[2] == "frictionless":
            assert fast[3] and fast[3].startswith(HANDOVER_REASONS), (entry.name, fast[3])

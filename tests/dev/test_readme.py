"""The README's generated sections match what generates them."""

from __future__ import annotations

from jihadistds.dev.docs import render_readme

from conftest import ROOT


def test_readme_is_up_to_date() -> None:
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(current, ROOT) == current, (
        "README.md has drifted: run `python -m jihadistds.dev.docs`"
    )


def test_readme_dictionary_lists_every_field(descriptor) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for res in descriptor.resources:
        assert f"### `{res.name}`" in readme
        for name in res.field_names:
            assert f"| `{name}` |" in readme

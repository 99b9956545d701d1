"""The generated pages match the committed golden files (``make golden`` regenerates them)."""

from __future__ import annotations

import pytest

from tests.golden import PAGES, render_goldens

RENDERED = render_goldens()


def test_golden_set_is_complete() -> None:
    assert sorted(RENDERED) == sorted(p.name for p in PAGES.glob("*.md"))


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_page_matches_golden(name: str) -> None:
    expected = (PAGES / name).read_text(encoding="utf-8")
    assert RENDERED[name] == expected, f"{name} changed: review, then run `make golden`"

"""Languages' names (render/alternates.py)."""

from __future__ import annotations

import pytest

from generator.render.alternates import language_name


@pytest.mark.parametrize(("code", "name"), [("es", "Español"), ("en", "English"), ("zz", "zz")])
def test_a_language_is_named_in_itself(code: str, name: str) -> None:
    assert language_name(code) == name

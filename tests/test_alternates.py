"""A page's versions in the site's languages (render/alternates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.catalog.selection import Catalog
from generator.render.alternates import language_name, page_alternates


@pytest.mark.parametrize(("code", "name"), [("es", "Español"), ("en", "English"), ("zz", "zz")])
def test_a_language_is_named_in_itself(code: str, name: str) -> None:
    assert language_name(code) == name


def test_every_language_leads_to_the_same_page() -> None:
    catalog = Catalog((), {}, dt.date(2026, 11, 18), languages=("es",))
    found = page_alternates("cases/a.md", catalog, "es/cases/a.md", directory_urls=True)
    assert [(a.code, a.url) for a in found] == [("en", "../../../cases/a/"), ("es", "./")]
    flat = page_alternates("cases/a.md", catalog, "cases/a.md", directory_urls=False)
    assert [(a.code, a.url) for a in flat] == [("en", "a.html"), ("es", "../es/cases/a.html")]


def test_a_site_in_one_language_has_nothing_to_switch_to() -> None:
    catalog = Catalog((), {}, dt.date(2026, 11, 18))
    assert page_alternates("cases/a.md", catalog, "cases/a.md", directory_urls=True) == []

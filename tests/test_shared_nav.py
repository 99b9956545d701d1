"""One navigation sidebar for the pages outside the nav: the same bytes as rendering each."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from generator.engine.shared_nav import SharedNav, folder_key, reach_material
from tests.conftest import BUILD_EPOCH, build_in_process


def test_pages_of_one_folder_share_a_key_and_other_forms_do_not() -> None:
    assert folder_key("cases/ana-t4/") == folder_key("cases/bo-c5/") == ("cases", True)
    assert folder_key("cases/page/2/") == ("cases/page", True)
    assert folder_key("cases/ana-t4.html") == ("cases", False)
    assert folder_key("") == ("", True)


def test_a_page_in_the_nav_renders_its_own_sidebar() -> None:
    shared = SharedNav()
    assert shared.context("cost/", in_nav=True)["casebook_nav_key"] is None
    outside = shared.context("cases/ana-t4/", in_nav=False)
    assert outside["casebook_nav_key"] == ("cases", True)
    assert outside["casebook_navs"] is shared.rendered
    shared.rendered[("cases", True)] = "<nav></nav>"
    shared.clear()
    assert shared.rendered == {}


def test_the_theme_reaches_materials_own_partials_once() -> None:
    env = Environment(loader=DictLoader({"partials/nav.html": "ours"}))
    reach_material(env)
    reach_material(env)  # a second build's on_env: no second layer
    assert env.get_template("partials/nav.html").render() == "ours"
    source, _, _ = env.loader.get_source(env, "material/partials/nav.html")  # type: ignore[union-attr]
    assert 'class="md-nav__list"' in source
    assert len(env.loader.loaders) == 2  # type: ignore[union-attr]


def _build(site: Path, output: Path) -> dict[str, bytes]:
    built = build_in_process(site, output)
    return {name: data for name, data in built.items() if name.endswith(".html")}


@pytest.mark.slow
def test_shared_sidebars_are_byte_for_byte_the_pages_own(
    site: Path, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None
) -> None:
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", BUILD_EPOCH)
    shared = _build(site, site / "shared")
    rendered: list[Any] = []
    own = SharedNav.context

    def never_shared(self: SharedNav, url: str, in_nav: bool) -> dict[str, Any]:
        context = own(self, url, in_nav)
        rendered.append(context["casebook_nav_key"])
        return {**context, "casebook_nav_key": None}

    monkeypatch.setattr(SharedNav, "context", never_shared)
    each = _build(site, site / "each")
    assert ("cases", True) in rendered  # the case pages would have shared one
    themed = [name for name in each if name != "404.html" and not name.startswith("admin/")]
    assert len(rendered) == len(themed)  # every page but the theme's 404 and the web editor
    assert shared == each

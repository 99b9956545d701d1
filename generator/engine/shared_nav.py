"""One rendering of Material's navigation sidebar for all the pages outside the nav.

Material renders the whole site navigation into every page, and at 2,000 cases that is a tenth
of a build. A page the nav does not list (every case page) has no active item in it, so its
sidebar differs from another such page's only through relative links: pages in the same folder
share one. ``theme/partials/nav.html`` renders Material's own partial, reached through the
``material/`` prefix this module adds to the theme's loader, once per folder, and reuses it.
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

# The prefix under which the theme's templates reach Material's own, even those they override.
MATERIAL_PREFIX = "material"


def reach_material(env: Environment) -> None:
    """Let templates include Material's own partials as ``material/partials/...``."""
    if env.loader is None or _reaches_material(env):
        return
    material = PrefixLoader({MATERIAL_PREFIX: PackageLoader("material", "templates")})
    env.loader = ChoiceLoader([env.loader, material])


def _reaches_material(env: Environment) -> bool:
    loader = env.loader
    return isinstance(loader, ChoiceLoader) and any(
        isinstance(part, PrefixLoader) and MATERIAL_PREFIX in part.mapping
        for part in loader.loaders
    )


class SharedNav:
    """The sidebars rendered during one build, by the folder of the pages that share them."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[str, bool], Any] = {}

    def clear(self) -> None:
        """Forget every sidebar: the next build may have another nav."""
        self.rendered = {}

    def context(self, url: str, in_nav: bool) -> dict[str, Any]:
        """Return the template variables for the page at ``url`` (its site-relative URL).

        A page in the nav gets no key: its sidebar shows where it is, and is its own.
        """
        key = None if in_nav else folder_key(url)
        return {"casebook_nav_key": key, "casebook_navs": self.rendered}


def folder_key(url: str) -> tuple[str, bool]:
    """Return what a page's relative links depend on: its folder, and its URL's form.

    ``cases/a/`` and ``cases/b/`` link to every other page alike; ``cases/a.html`` does not
    link like ``cases/a/`` (one folder less deep).
    """
    return posixpath.dirname(url.rstrip("/")), url.endswith("/") or url == ""

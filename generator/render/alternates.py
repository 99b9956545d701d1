"""The same page in the site's other languages: the language switcher and ``hreflang`` links.

Every case page and every page listing cases exists in every language of the site (translated,
or in the case file's words where no translation is), so the switcher of a case page leads to
the same case.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from generator.catalog.selection import Catalog
from generator.render.links import relative_url


@dataclass(frozen=True)
class Alternate:
    """One language version of a page.

    Attributes:
        code: The language code, such as ``es``.
        name: The language's name in that language (``Español``).
        url: The link to it from the page that shows it.
    """

    code: str
    name: str
    url: str


@functools.lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """Return the name of the language ``code`` in that language, capitalised: ``Español``."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    return (name[:1].upper() + name[1:]) if name else code


def page_alternates(
    base: str, catalog: Catalog, src_uri: str, directory_urls: bool
) -> list[Alternate]:
    """Return the page ``base`` (a docs path in the source language) in every language.

    The source's first; each link leads there from the page ``src_uri``. Empty for a site in
    one language: there is nothing to switch to.
    """
    if not catalog.languages:
        return []
    found = []
    for code in (catalog.language, *catalog.languages):
        target = catalog.prefix(code) + base
        url = relative_url(src_uri, target, directory_urls)
        found.append(Alternate(code, language_name(code), url))
    return found

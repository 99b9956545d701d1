"""Front matter of pages as data: every text value made safe to print into HTML.

Themes print front matter values into the page as they are: Material puts ``title``,
``description`` and ``author`` into ``<title>``, ``<meta>`` tags and the header without
escaping. Front matter is data like a case field, so every text in it is escaped once,
whether it was written plain (``A & B``) or with entities (``A &amp; B``).
"""

from __future__ import annotations

import html
from typing import Any


def safe_meta(value: Any) -> Any:
    """Return ``value`` with every string in it, at any depth, HTML-escaped exactly once.

    Entities already in a string are decoded first, so escaping is idempotent: the generated
    pages' entity-encoded titles and a hand-written ``A & B`` both end up as ``A &amp; B``.

    Args:
        value: Parsed front matter: mappings, lists, strings and other scalars.

    Returns:
        The same structure with escaped strings; other values are unchanged.
    """
    if isinstance(value, str):
        return html.escape(html.unescape(value), quote=True)
    if isinstance(value, dict):
        return {key: safe_meta(item) for key, item in value.items()}
    if isinstance(value, list):
        return [safe_meta(item) for item in value]
    return value

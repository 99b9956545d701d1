"""The error banner `mkdocs serve` puts on every page while a case or protocol file is invalid."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from generator.content.errors import Problem

BANNER_ID = "casebook-problems"
# Inside Material's article the banner gets the admonition styling; any theme has a <body>.
_ANCHORS = (re.compile(r"<article\b[^>]*>"), re.compile(r"<body\b[^>]*>"))


def render_banner(problems: Sequence[Problem]) -> str:
    """Return the banner listing every problem as ``FILE:LINE:COL: FIELD: message``.

    Problems quote the editor's own text, so every one is HTML-escaped. Without problems there
    is no banner (``""``): an empty one would still tell editors that nothing is published.
    """
    if not problems:
        return ""
    count = len(problems)
    title = f"{count} error{'s' if count != 1 else ''} in case or protocol files"
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        f'<div id="{BANNER_ID}" class="admonition failure" role="alert">\n'
        f'<p class="admonition-title">{title}: invalid files are left out of this preview '
        "and mkdocs build publishes nothing until they are fixed.</p>\n"
        f"<ul>\n{items}\n</ul>\n</div>\n"
    )


def inject_banner(page_html: str, banner: str) -> str:
    """Insert ``banner`` at the top of the page's main content (or of its body)."""
    for anchor in _ANCHORS:
        match = anchor.search(page_html)
        if match:
            return page_html[: match.end()] + banner + page_html[match.end() :]
    return banner + page_html

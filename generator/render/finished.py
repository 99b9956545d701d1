"""Pages written as finished HTML: Markdown parses only their front matter and a placeholder.

A case page is mostly tables, a chart and text that is already sanitized HTML. Giving all of
it to Python-Markdown made it parse every table and SVG again (half of a large site's build
time), so case pages are rendered as HTML and put in place after Markdown has run. Their
headings are recorded as they are written, for the table of contents Markdown would have made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify, unique
from markupsafe import Markup

from generator.content.i18n import _
from generator.render.escape import escape_text

# What Markdown is given instead of the body; an HTML comment, which it passes through as it is.
PLACEHOLDER = "<!-- casebook:finished-page -->"


@dataclass(frozen=True)
class Heading:
    """A heading of a finished page, as the table of contents lists it.

    Attributes:
        level: 1 for the page title, 2 for a section...
        id: The heading's ``id``, the anchor the contents link to.
        title: Its text, escaped for HTML.
    """

    level: int
    id: str
    title: Markup


@dataclass
class Headings:
    """Writes the headings of one page and remembers them, in order.

    Each gets an id made from its text and a permanent link, as Python-Markdown's ``toc``
    extension (with ``permalink: true``) writes them.
    """

    written: list[Heading] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def __call__(self, level: int, text: str, lang: str = "") -> Markup:
        """Return the HTML of a heading of ``level`` showing ``text`` (plain text).

        ``lang`` is a ``lang`` attribute (`` lang="en"``) for a text in another language than
        the page's.
        """
        if not 1 <= level <= 6:
            raise ValueError(f"not a heading level: {level}")
        shown = escape_text(text)
        anchor = unique(slugify(str(text), "-") or "section", self._ids)
        self.written.append(Heading(level, anchor, shown))
        title = escape_text(_("Permanent link"))
        link = f'<a class="headerlink" href="#{anchor}" title="{title}">&para;</a>'
        return Markup(f'<h{level} id="{anchor}"{_lang(lang)}>{shown}{link}</h{level}>')


def _lang(attribute: str) -> str:
    # Only ever a `lang` attribute the renderer wrote, with a language code.
    if attribute and not _LANG_ATTRIBUTE.fullmatch(attribute):
        raise ValueError(f"not a lang attribute: {attribute!r}")
    return attribute


_LANG_ATTRIBUTE = re.compile(r' lang="[a-z]{2,3}(-[a-z0-9]{2,8})?"')


@dataclass(frozen=True)
class FinishedPage:
    """A generated page rendered to HTML.

    Attributes:
        front_matter: The page's YAML front matter, values escaped (without the ``---`` lines).
        body: The page's content HTML, every value from a file escaped or sanitized.
        headings: Its headings, in order, for the table of contents.
    """

    front_matter: str
    body: Markup
    headings: Sequence[Heading]

    def skeleton(self) -> str:
        """Return what Markdown is given: the front matter and :data:`PLACEHOLDER`."""
        return f"---\n{self.front_matter}---\n\n{PLACEHOLDER}\n"

    def text(self) -> str:
        """Return the page as one Markdown file of raw HTML (``casebook export``, goldens)."""
        return f"---\n{self.front_matter}---\n\n{self.body}"

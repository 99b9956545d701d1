"""Making case text safe to publish: escaping plain text, sanitizing rendered Markdown."""

from __future__ import annotations

import string

import markdown as md
import nh3
from markupsafe import Markup

# Every ASCII punctuation character becomes a numeric entity. Entities mean the same in
# Markdown, in HTML text and in attribute values, so one escape is safe in all three, and no
# Markdown, attribute-list, emoji, snippet or template syntax can form from case text.
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in string.punctuation}
# Plain text is one line wherever it is shown; YAML and JavaScript also break lines at U+2028/9.
_ENTITIES.update({ord(c): " " for c in "\n\r\t\u2028\u2029"})

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a", "code", "pre", "hr",
     "h3", "h4", "h5", "h6", "sub", "sup"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def escape_text(value: object) -> Markup:
    """Escape plain text for any place in a generated Markdown page.

    Args:
        value: The text (or number) to show as written.

    Returns:
        Text whose punctuation is entity-encoded, marked safe for the templates.
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES))


def render_markdown(source: str) -> Markup:
    """Render case Markdown to HTML and keep only an allow-list of harmless markup.

    No raw HTML, script, style, iframe, event handler, or URL other than http, https, mailto and
    relative links survives; the result is one block of HTML safe to embed in a page.

    Args:
        source: Markdown written in a case file.

    Returns:
        Sanitized HTML.
    """
    rendered = md.markdown(source, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # Curly braces would be read as template or attribute-list syntax by later tools.
    return Markup(cleaned.replace("{", "&#123;").replace("}", "&#125;"))

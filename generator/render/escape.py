"""Escaping plain text for every place a generated page puts it, and no more than that.

A value from a case file or front matter lands in Markdown text, in HTML text and attribute
values, in SVG and in YAML front matter. A numeric entity means the same in all of them, so the
characters that could start markup in any of them become entities and nothing else does:
"hands-on, 2.5 m (with a frame)" stays readable in the generated Markdown and the export.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

# Anywhere in a value: HTML (& < > "), Markdown inline syntax (\ ` * _ [ ] | and the ~ ^ =
# of common extensions), attribute lists and templates ({ }), math ($), and the @ and # that
# auto-link extensions turn into links.
_ALWAYS = '&<>"\\`*_[]{}|~^=$@#'
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in _ALWAYS}
# Plain text is one line wherever it is shown; YAML and JavaScript also break lines at U+2028/9.
_ENTITIES.update({ord(c): " " for c in "\n\r\t\u2028\u2029"})
# At the start of a line, where a value may stand: lists, quotes, headings, rules, definition
# lists, admonitions and indented code begin with one of these, or with "1." or "1)".
_LINE_START = re.compile(r"^(?:[-+>:!= ]|[0-9]{1,9}[.)])")


def escape_text(value: object) -> Markup:
    """Escape plain text for any place in a generated page.

    Args:
        value: The text (or number) to show as written.

    Returns:
        The text with markup characters entity-encoded, marked safe for the templates.
    """
    if isinstance(value, Markup):
        return value
    return _escaped(str(value))


# Pages repeat most of their values (labels, grades, weeks, "improved"): a page of a large
# site asks for about 440 escapes, most of them seen before.
@functools.lru_cache(maxsize=16384)
def _escaped(value: str) -> Markup:
    text = value.translate(_ENTITIES)
    start = _LINE_START.match(text)
    if start:
        last = start.end() - 1  # the character that makes the construct: "-", ">", "." ...
        text = f"{text[:last]}&#{ord(text[last])};{text[last + 1 :]}"
    return Markup(text)

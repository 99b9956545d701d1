"""The theme's own words written out in English, for a site built without the plugin.

The theme's templates say their words as messages (``_("...")`` and ``{% trans %}`` blocks),
which the casebook plugin translates into each page's language. ``casebook export`` writes a
project for plain MkDocs or Zensical, which have no such messages (Zensical's templates have no
``trans`` statement at all): there, every message becomes its English text.
"""

from __future__ import annotations

import re

# `_("text")` or `_('text')`, with no values: its text, quoted as it was.
_CALL = re.compile(r"""\b_\((["'])((?:(?!\1).)*)\1\)""")
# `{% trans name=value, ... %}text{% endtrans %}`, with `{{ name }}` in the text.
_BLOCK = re.compile(r"{%-?\s*trans\b(.*?)-?%}(.*?){%-?\s*endtrans\s*-?%}", re.DOTALL)
_VALUE = re.compile(r"\s*(\w+)\s*=\s*([^,]+?)\s*(?:,|$)")


def english(template: str) -> str:
    """Return ``template`` with every message replaced by its English text."""
    template = _BLOCK.sub(_block, template)
    return _CALL.sub(lambda match: match.group(1) + match.group(2) + match.group(1), template)


def _block(match: re.Match[str]) -> str:
    values = {name: value for name, value in _VALUE.findall(match.group(1))}
    body = match.group(2)
    for name, value in values.items():
        body = re.sub(r"{{\s*" + name + r"\s*}}", "{{ " + value + " }}", body)
    return body

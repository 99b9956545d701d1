"""Languages as visitors read them: each language's name, in that language.

The language switcher (theme/partials/casebook-languages.html) lists a page's versions by these
names; engine/language_nav.py finds the versions.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """Return the name of the language ``code`` in that language, capitalised: ``Español``."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    return (name[:1].upper() + name[1:]) if name else code

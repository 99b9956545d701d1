"""The site's own words in the visitor's language: gettext catalogs read with Babel.

Every word the generator writes (labels, disclosures, chart legends, results text) is an
English message marked with ``_()`` (or ``N_()`` where it is defined, ``_()`` where it is
shown). The catalogs are ``generator/locale/<lang>/LC_MESSAGES/casebook.po``; ``make messages``
extracts the messages and updates them. Which language is spoken is a context variable, so
the same code and the same template environment render every language: ``with speaking("es"):``.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
from collections.abc import Iterator
from contextvars import ContextVar, Token
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "casebook"
SOURCE_LANGUAGE = "en"
_NULL = _gettext.NullTranslations()
_spoken: ContextVar[tuple[str, _gettext.NullTranslations]] = ContextVar(
    "casebook_language", default=(SOURCE_LANGUAGE, _NULL)
)


def catalog_path(language: str) -> Path:
    """Return where the message catalog of ``language`` is kept."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """Return every language with a message catalog, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """Return the compiled catalog of ``language`` (English: the messages as written).

    The ``.po`` file is compiled in memory: no build step, and no compiled file to keep in
    step with it. Fuzzy entries are left out, as ``msgfmt`` leaves them out.
    """
    if language == SOURCE_LANGUAGE:
        return _NULL
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language.replace("-", "_"), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def languages_problem(source: str, others: object) -> str | None:
    """Say what is wrong with a site's other ``languages``, or ``None``.

    Each needs a message catalog, and none may be the site's own language, ``source``.
    """
    if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
        return f"languages must be a list of language codes such as [es], not {others!r}"
    known = available()
    for code in others:
        if code == source:
            return f"languages lists {code!r}, the site's own language (theme.language)"
        if code not in known:
            return (
                f"languages: no message catalog for {code!r} (there are: {', '.join(known)}); "
                f"add {catalog_path(code).relative_to(LOCALE_DIR.parent.parent)}"
            )
    if len(set(others)) != len(others):
        return "languages lists a language twice"
    return None


def language() -> str:
    """Return the language being spoken."""
    return _spoken.get()[0]


Speaking = Token[tuple[str, _gettext.NullTranslations]]


def speak(language: str) -> Speaking:
    """Speak ``language`` until :func:`stop` (where a ``with`` block cannot span the work)."""
    return _spoken.set((language, translations(language)))


def stop(token: Speaking | None) -> None:
    """Go back to the language spoken before :func:`speak` returned ``token``."""
    if token is not None:
        _spoken.reset(token)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` in the block: ``_()`` and the templates translate into it."""
    token = speak(language)
    try:
        yield
    finally:
        stop(token)


def spoken_catalog() -> _gettext.NullTranslations:
    """Return the compiled catalog of the language being spoken."""
    return _spoken.get()[1]


def _(message: str) -> str:
    """Return ``message`` in the language being spoken."""
    return _spoken.get()[1].gettext(message)


def pgettext(context: str, message: str) -> str:
    """Return ``message`` in the language spoken, where ``context`` tells one use from another.

    "Published" as a case's status and as a column of counts are one word in English, two in
    Spanish ("Publicado", "Publicados").
    """
    return _spoken.get()[1].pgettext(context, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the form of a message for ``count`` in the language being spoken."""
    return _spoken.get()[1].ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; ``_()`` translates it when shown."""
    return message


@functools.lru_cache(maxsize=1024)
def _territory(language: str, code: str) -> str | None:
    try:
        names = Locale.parse(language.replace("-", "_")).territories
    except (ValueError, UnknownLocaleError):
        return None
    name = names.get(code)
    return str(name) if name else None


def territory_name(code: str) -> str | None:
    """Return the name of the country ``code`` in the language spoken (Unicode CLDR's)."""
    return _territory(language(), code)

"""The message catalogs (content/i18n.py): complete, consistent, and used by the templates."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from generator.content import i18n
from generator.content.i18n import LOCALE_DIR, catalog_path, languages_problem, speaking
from generator.render.renderer import make_environment

_PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+(?::[^}]*)?\}")
OTHERS = [code for code in i18n.available() if code != "en"]


def test_spanish_is_a_language_of_the_site() -> None:
    assert i18n.available() == ("en", "es")


@pytest.mark.parametrize("language", OTHERS)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    with (LOCALE_DIR / "casebook.pot").open("rb") as pot:
        template = {m.id for m in read_po(pot) if m.id}
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    found = {m.id: m for m in catalog if m.id}
    assert set(found) == template  # `make messages` keeps them in step
    for message in found.values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: not translated: {ids[0]!r}"
        assert not message.fuzzy, ids[0]
        wanted = sorted(_PLACEHOLDER.findall(str(ids[-1])))
        for string in strings:
            assert sorted(_PLACEHOLDER.findall(str(string))) == wanted, (ids[0], string)


def test_messages_escape_their_values_and_keep_their_markup() -> None:
    env = make_environment()
    template = env.from_string(
        "{{ _('Photo of %(name)s', name=name) }} {% trans %}This case is shown only in the "
        "preview. <code>mkdocs build</code> leaves it out until its status is "
        "<code>published</code>.{% endtrans %}"
    )
    with speaking("es"):
        shown = template.render(name="<script>x</script>")
    assert shown.startswith("Foto de &#60;script&#62;x&#60;/script&#62; Este caso")
    assert "<code>mkdocs build</code>" in shown


def test_only_languages_with_a_catalog_may_be_listed() -> None:
    assert languages_problem("en", ["es"]) is None
    assert "no message catalog for 'fr'" in str(languages_problem("en", ["fr"]))
    assert "the site's own language" in str(languages_problem("es", ["es"]))
    assert "list of language codes" in str(languages_problem("en", "es"))


def test_country_names_follow_the_language() -> None:
    from generator.content.vocab import country_label

    with speaking("es"):
        assert country_label("NO") == "Noruega"
    assert country_label("NO") == "Norway"

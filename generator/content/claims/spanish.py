"""The claim rules' words in Spanish, for translations of case files and pages under ``es/``.

The rules are the English ones (rules.py), with the same sources: a promise of a cure or of
walking again, a superlative, a rate without its denominator, read in Spanish wording. The
exceptions follow the English ones: a negation just before the words ("no es una cura"),
someone else's claim reported as a warning ("desconfíe de las clínicas que prometen una
cura"), and everyday phrases ("en el mejor de los casos", "la curación de la herida").
"""

from __future__ import annotations

import dataclasses
import re

from generator.content.claims.rules import (
    CURE,
    SUPERLATIVE,
    WALK_AGAIN,
    Wording,
    word_pairs,
)


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _forms(stems: str, endings: str) -> str:
    """Every stem joined to every ending, space-separated: the forms a pattern spells out."""
    return " ".join(stem + ending for stem in stems.split() for ending in endings.split())


# The forms each pattern matches, spelled out once: the patterns and the first look's words
# are built from the same lists, so the first look cannot miss a form the pattern has.
_CURE_FORMS = _forms("cur", "a as an ar ado ada ados adas ó e en ación aciones ando arse arlo arla")
_MIRACLE_FORMS = _forms("milagr", "o os osa osas oso osos osamente")
_GUARANTEE_FORMS = _forms("garantiz", "a an ar ado ada ados adas amos ó") + " garantía garantías"
_REVERSE_FORMS = "revertir revertida revertido revirtió revertimos revertiría revierte revierten"
_AGAIN_VERBS = _forms("volv", "er ió erá ería í ía ieron eré iendo emos imos")
_WALK_FORMS = _forms("camin and", "a ar ó o aba ando an ará aría")
_LEAVE_FORMS = _forms("dej", "ar ó é a aron ado") + " " + _forms("sal", "ir ió í e en ieron ido")
_NEED_FORMS = _forms("necesit us", "a an ó aba")
_REGAIN_FORMS = _forms("recuper", "ar ó a é ando aron ado ada")
_BEST_FORMS = "mejor mejores"
_FIRST_FORMS = "primer primero primera único única"
_LEADER_FORMS = "líder líderes"
_REVOLUTIONARY_FORMS = _forms("revolucionari", "o a os as")
_UNMATCHED_FORMS = "inigualable inigualables incomparable incomparables"
_ADVANCED_FORMS = _forms("avanzad", "o a os as")


def _any(forms: str) -> str:
    return "(?:" + "|".join(sorted(forms.split(), key=len, reverse=True)) + ")"


SPANISH_CURE = dataclasses.replace(
    CURE,
    pattern=_words(
        rf"\b(?:{_any(_CURE_FORMS)}|{_any(_MIRACLE_FORMS)}|{_any(_GUARANTEE_FORMS)}"
        r"|100\s?%\s+(?:eficaz|efectiv[oa]s?|de\s+éxito|exitos[oa]s?)"
        r"|100\s+por\s*ciento\s+(?:eficaz|efectiv[oa]s?|de\s+éxito|exitos[oa]s?)"
        rf"|solución\s+(?:permanente|definitiva)|{_any(_REVERSE_FORMS)}\s+(?:(?:la|su)\s+)?parálisis)\b"
    ),
)
SPANISH_WALK_AGAIN = dataclasses.replace(
    WALK_AGAIN,
    pattern=_words(
        rf"\b(?:{_any(_AGAIN_VERBS)}\s+a\s+(?:caminar|andar)"
        rf"|{_any(_WALK_FORMS)}\s+(?:de\s+nuevo|otra\s+vez)"
        rf"|{_any(_LEAVE_FORMS)}\s+(?:de\s+)?(?:la|su|mi|sus)\s+sillas?\s+de\s+ruedas"
        rf"|ya\s+no\s+{_any(_NEED_FORMS)}\s+(?:(?:la|su|mi|una)\s+)?silla\s+de\s+ruedas"
        rf"|{_any(_REGAIN_FORMS)}\s+(?:(?:la|el|su|toda\s+la|todo\s+el)\s+)?"
        r"(?:función|movilidad|movimiento|uso)\s+(?:completa|completo|total)"
        r"|recuperación\s+(?:completa|total))\b"
    ),
)
SPANISH_SUPERLATIVE = dataclasses.replace(
    SUPERLATIVE,
    pattern=_words(
        r"(?<![\w#/])#1\b|\b(?:(?:el|la|los|las)\s+(?:mejor|mejores)|líder|líderes"
        r"|(?:de\s+)?(?:clase|categoría|nivel)\s+mundial"
        rf"|{_any(_FIRST_FORMS)}\s+(?:\w+\s+){{0,2}}(?:del|en\s+el)\s+mundo|número\s+uno"
        rf"|{_any(_REVOLUTIONARY_FORMS)}|vanguardia|más\s+{_any(_ADVANCED_FORMS)}"
        rf"|{_any(_UNMATCHED_FORMS)}|sin\s+(?:igual|rival|precedentes))\b"
    ),
)

_UNITS = r"(?:años?|meses|mes|semanas?|días?|horas?|m|cm|kg|mg|ml|millones?|puntos?)\b"
_NOT_A_COUNT = rf"(?!\s*(?:{_UNITS}|%))"
_PEOPLE = r"(?:pacientes|personas|casos|participantes|sujetos|adultos|niños|hombres|mujeres)"

SPANISH = Wording(
    language="es",
    phrases=(SPANISH_CURE, SPANISH_WALK_AGAIN, SPANISH_SUPERLATIVE),
    negations=_word_set("no nunca jamás ni sin tampoco nadie ningún ninguna ninguno"),
    # "nunca pensé que volvería a caminar" is a claim: "pensé" is not a small word.
    small_words=_word_set(
        "un una unos unas el la lo los las es son era eran fue fueron ha han había sido ser "
        "estar está esto eso esta este se le les me nos te que de a puede pueden podemos puedo "
        "podía podrá podría pueda va van iba capaz esperar esperable probable promete prometen "
        "prometemos prometió prometer ofrece ofrecen ofrecemos afirma afirman afirmamos hay "
        "habrá habría"
    ),
    word=re.compile(r"[^\W\d_]+"),
    disowned=_words(
        r"\b(?:me|le|les|nos|te)\s+(?:(?:habían|han|había|ha)\s+)?"
        r"(?:dijeron|dijo|dicho|prometieron|prometió|prometido)\b"
        r"|\b(?:desconf[ií]\w*|cuidado|recelo)\s+(?:de|con)\b"
        r"|\b(?:clínicas?|quien(?:es)?|alguien|gente|personas|sitios?|webs?|páginas|anuncios?"
        r"|empresas?|proveedores?|centros?)\s+que\s+(?:promete|prometen|ofrece|ofrecen|anuncia"
        r"|anuncian|vende|venden|afirma|afirman|asegura|aseguran)\b"
    ),
    turn=_words(r"\b(?:pero|sin\s+embargo|ahora|hasta|hoy|luego|después|en\s+cambio)\b"),
    harmless=_words(
        r"\ben\s+el\s+mejor\s+de\s+los\s+casos\b"
        r"|\b(?:la|las)\s+mejor(?:es)?\s+(?:evidencias?|prácticas?|pruebas?\s+disponibles?)\b"
        r"|\bel\s+cura\b|\bcur(?:a|ación|aciones|as|ar|ó|aron|ado|ada)\s+(?:de\s+)?"
        r"(?:la\s+|las\s+|una\s+|su\s+)?(?:heridas?|úlceras?|escaras?)\b"
        r"|\b(?:entr|sub)\w*\s+y\s+sal\w*\s+de\b"
    ),
    percent=_words(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?%|\b\d+(?:[.,]\d+)?\s*por\s*ciento\b"),
    share=_words(
        r"\b(?:(?:la\s+)?(?:gran\s+)?mayoría\s+de\s+(?:(?:nuestros|nuestras|los|las|estos|estas"
        r"|esos|esas)\s+)?|la\s+mayor\s+parte\s+de\s+(?:(?:nuestros|los|estos|esos)\s+)?"
        r"|casi\s+todos\s+(?:(?:nuestros|los|estos|esos)\s+)?"
        r"|muchos\s+de\s+(?:nuestros|los|estos|esos)\s+)(?:pacientes|personas|casos|clientes)\b"
    ),
    outcome=_words(
        r"\b(?:mejor\w*|benefici\w*|gan\w*|recuper\w*|respond\w*|respuesta\w*|éxito\w*"
        r"|exitos\w*|progres\w*|camin\w*|and(?:a|an|ar|aba|uvo)|de\s+pie|satisf\w*|alivi\w*"
        r"|reduc\w*|restaur\w*|restablec\w*|result\w*|eficaz\w*|funcion\w*|ayud\w*|cambi\w*"
        r"|sient\w*|sint\w*|notific\w*|report\w*|refier\w*)\b"
    ),
    no_effect=_words(
        r"\bpoco\s+o\s+ning[uú]n\w*|\bning[uú]n\w*\s+(?:\w+\s+)?(?:cambio|mejora|mejoría"
        r"|beneficio|efecto|diferencia)\b|\bsin\s+(?:\w+\s+)?(?:cambios?|mejoras?|mejoría"
        r"|beneficio|efecto)\b|\bno\s+(?:mejor\w*|cambi\w*|benefici\w*|recuper\w*)\b"
        r"|\bsigu(?:e|en)\s+igual\b"
    ),
    # "12 de 40", "de los 117", "n = 40", "(12/40)", "en 12 pacientes"; not "9 de cada 10"
    # (a ratio, no count) nor "mayores de 40".
    denominator=_words(
        r"(?<!\bedad )(?<!\bmayores )(?<!\bmenores )\b(?:de|entre)\s+"
        r"(?:(?:los|las|nuestros|nuestras|estos|estas|todos\s+los)\s+)?(?!(?:19|20)\d\d\b)"
        + r"\d[\d.,]*\b"
        + _NOT_A_COUNT
        + r"|\bn\s*=\s*\d|\(\s*\d+\s*/\s*\d+\s*\)|\b\d+\s*/\s*\d+\s+(?:pacientes|personas|casos)\b"
        + rf"|\b(?:en|entre|con|de)\s+\d[\d.,]*\s+{_PEOPLE}\b"
    ),
    citation=re.compile(
        r"\b(?:et\s+al|y\s+col(?:s|aboradores))\.?,?\s*\(?(?:19|20)\d\d"
        r"|\([A-Z][\w'\u2019-]+(?:\s+(?:and|&|y|e)\s+[A-Z][\w'\u2019-]+)?,?\s+"
        r"(?:19|20)\d\d[a-z]?\)|\bdoi:\s*10\.\d+/"
    ),
    confidence=_words(r"\s*(?:\b(?:IC|CI)\b|intervalo\s+de\s+confianza|confianza)"),
    money=_words(
        r"\s*(?:de\s+)?(?:descuento|dto\b|anticipo|depósito|señal|entrada|interés|intereses"
        r"|IVA\b|impuestos?|recargo|reembolso)"
    ),
    money_before=_words(
        r"\b(?:descuento|anticipo|depósito|señal|entrada|interés|IVA|impuestos?|recargo"
        r"|reembolso)\s+(?:del?|de\s+un)\s+$"
    ),
    triggers=_word_set(
        f"{_CURE_FORMS} {_MIRACLE_FORMS} {_GUARANTEE_FORMS} 100 {_BEST_FORMS} {_LEADER_FORMS} "
        f"{_REVOLUTIONARY_FORMS} vanguardia {_UNMATCHED_FORMS} ciento"
    ),
    pairs=word_pairs(
        ("solución", "permanente definitiva"),
        ("parálisis", _REVERSE_FORMS),
        ("caminar andar", _AGAIN_VERBS),
        ("nuevo vez", _WALK_FORMS),
        ("ruedas", f"{_LEAVE_FORMS} {_NEED_FORMS}"),
        (_REGAIN_FORMS, "completa completo total"),
        ("recuperación", "completa total"),
        ("mundial", "clase categoría nivel"),
        ("mundo", _FIRST_FORMS),
        ("número", "uno"),
        ("más", _ADVANCED_FORMS),
        ("sin", "igual rival precedentes"),
        ("mayoría mayor todos muchos", "pacientes personas casos clientes"),
    ),
    trigger_word=re.compile(r"[^\W_]+"),
)

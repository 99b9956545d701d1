"""The claims check in Spanish: the same rules, read in Spanish wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from generator.content.claims import WORDINGS, check_case_text, check_page_text, may_hold_claims
from generator.content.claims.rules import ENGLISH
from generator.content.claims.spanish import SPANISH
from tests.conftest import ROOT
from tests.factories import texts_of


def page_rules(text: str) -> list[str]:
    """Return the rule ids of the problems of ``text`` as a Spanish page, in order."""
    problems = check_page_text(text, "content/es/p.md", language="es")
    return [p.message.split('"')[1] for p in problems]


def test_spanish_is_read_by_the_same_rules_with_their_sources() -> None:
    assert set(WORDINGS) == {"en", "es"}
    english = {(r.id, r.why, r.source) for r in ENGLISH.phrases}
    assert {(r.id, r.why, r.source) for r in SPANISH.phrases} == english


@pytest.mark.parametrize(
    ("sentence", "rules"),
    [
        ("Es un milagro.", ["cure"]),
        ("Los resultados están garantizados.", ["cure"]),
        ("Es 100 % eficaz.", ["cure"]),
        ("Una solución definitiva.", ["cure"]),
        ("El tratamiento revierte la parálisis.", ["cure"]),
        ("Se curó.", ["cure"]),
        ("Volvió a caminar.", ["walk-again"]),
        ("Camina de nuevo.", ["walk-again"]),
        ("Dejó la silla de ruedas.", ["walk-again"]),
        ("Ya no necesita silla de ruedas.", ["walk-again"]),
        ("Recuperó la movilidad completa.", ["walk-again"]),
        ("Un equipo de clase mundial.", ["superlative"]),
        ("La primera clínica del mundo.", ["superlative"]),
        ("Somos el #1 de Europa.", ["superlative"]),
        ("El mejor tratamiento.", ["superlative"]),
        ("Nuestro protocolo más avanzado.", ["superlative"]),
        ("La clínica líder.", ["superlative"]),
        ("Resultados sin igual.", ["superlative"]),
        ("Un tratamiento revolucionario.", ["superlative"]),
        ("El 80 por ciento mejora.", ["no-denominator"]),
        ("Casi todos los pacientes se sienten mejor.", ["no-denominator"]),
        ("La mayoría de los pacientes mejora.", ["no-denominator"]),
        ("El 80 % de los pacientes mayores de 40 mejora.", ["no-denominator"]),
        ("9 de cada 10 pacientes (90 %) mejoran.", ["no-denominator"]),
    ],
)
def test_each_listed_spanish_wording_fires(sentence: str, rules: list[str]) -> None:
    assert page_rules(f"{sentence}\n") == rules
    assert may_hold_claims([sentence], language="es")
    # Spanish wording is not English wording: the English check leaves it alone.
    assert check_page_text(f"{sentence}\n", "p.md") == [] or "%" in sentence or "#1" in sentence


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Sabía que esto no era una cura, y no lo fue.", []),
        ("Aquí no hay ningún milagro.", []),
        ("No podemos garantizar ningún resultado.", []),
        ("Desconfíe de las clínicas que prometen una cura.", []),
        ("No volverá a caminar.", []),
        ("Nunca pensé que volvería a caminar.", ["walk-again"]),
        ("Me habían dicho que nunca caminaría, pero ahora camino de nuevo.", ["walk-again"]),
        ("Entra y sale de la silla de ruedas sola.", []),
        ("En el mejor de los casos, un cambio pequeño.", []),
        ("Usamos la mejor evidencia disponible.", []),
        ("La curación de la herida tardó una semana.", []),
        ("Hace lo mejor que puede.", []),
        ("La mayoría de los pacientes no mejora.", []),
        ("La mayoría de los pacientes hacía rehabilitación al mismo tiempo.", []),
        ("En 12 de 40 pacientes (30 %) la puntuación subió.", []),
        ("La puntuación subió en el 30 % (n = 40).", []),
        ("El AIS mejoró en el 48,9 % (IC del 95 %: 40,8 % a 56,9 %) (Shang et al., 2022).", []),
        ("El AIS mejoró en el 48,9 % (IC del 95 %: 40,8 % a 56,9 %).", ["no-denominator"]),
        ("Pague una señal del 30 % para reservar.", []),
        ("Fiebre de 38,2 °C la tarde de la infusión.", []),
        ("Camina mejor con el andador.", []),
        ("Mejoró la sensibilidad en el tronco.", []),
        ("Nunca pensé que volvería a caminar.", ["walk-again"]),
        ("Me habían dicho que nunca caminaría, pero ahora camino de nuevo.", ["walk-again"]),
        ("El AIS mejoró en el 48,9 % (IC del 95 %: 40,8 % a 56,9 %).", ["no-denominator"]),
    ],
)
def test_wording_around_a_spanish_word_decides(text: str, rules: list[str]) -> None:
    assert page_rules(f"{text}\n") == rules
    assert may_hold_claims([text], language="es") or not rules


def test_a_spanish_claim_in_a_translation_is_located_in_its_field() -> None:
    text = "source_hash: 0123456789abcdef\nafter: |\n  Mejoró. Fue un milagro.\n"
    [problem] = check_case_text(text, "cases/a.es.yml", language="es")
    column = "  Mejoró. Fue un milagro.".index("milagro") + 1
    assert (problem.line, problem.column, problem.field) == (3, column, "after")


@pytest.mark.parametrize("path", sorted(ROOT.glob("cases/*.es.yml")), ids=lambda p: p.name)
def test_no_rule_fires_on_a_sample_translation(path: Path) -> None:
    assert check_case_text(path.read_text(encoding="utf-8"), path.name, language="es") == []


@pytest.mark.parametrize("path", sorted(ROOT.glob("content/es/**/*.md")), ids=lambda p: p.name)
def test_no_rule_fires_on_a_sample_spanish_page(path: Path) -> None:
    assert check_page_text(path.read_text(encoding="utf-8"), path.name, language="es") == []


# The words the Spanish rules are made of, mixed with ordinary ones and punctuation.
_SENTENCE = (
    "cura curó curación milagro milagrosa garantizado garantía 100 % eficaz solución "
    "definitiva revierte la parálisis volvió a caminar andar camina anda de nuevo otra vez dejó "
    "salió su silla ruedas ya no necesita recuperó movilidad completa recuperación total el los "
    "mejor mejores líder clase mundial primera única del en mundo número uno revolucionario "
    "vanguardia más avanzado inigualable sin igual rival 30 por ciento mayoría mayor parte casi "
    "todos muchos de nuestros pacientes personas mejoran mejoró nunca ni ni es fue un una "
    "tratamiento clínica resultados semana con y herida"
)
_VOCABULARY = _SENTENCE.split()


@settings(database=None, derandomize=True, deadline=None, max_examples=300)
@given(texts_of(_VOCABULARY))
def test_the_first_look_never_misses_a_spanish_claim(text: str) -> None:
    problems = check_page_text(text, "p.md", language="es")
    found = [p for p in problems if not p.message.startswith('claim "testimonial"')]
    assert may_hold_claims([text], language="es") or not found

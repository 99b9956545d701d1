"""The vocabularies and the words the site shows for them."""

from __future__ import annotations

from typing import get_args

import pytest

from generator.content import vocab


@pytest.mark.parametrize("level", ["C1", "C8", "T1", "T9", "T10", "T12", "L1", "L5", "S1", "S5"])
def test_levels(level: str) -> None:
    assert vocab.is_level(level)


@pytest.mark.parametrize("level", ["C0", "C9", "T0", "T13", "L6", "S6", "t11", "T011", "X1", ""])
def test_not_levels(level: str) -> None:
    assert not vocab.is_level(level)


@pytest.mark.parametrize(
    ("level", "region"),
    [("C5", "cervical"), ("T11", "thoracic"), ("L2", "lumbar"), ("S3", "sacral")],
)
def test_region(level: str, region: str) -> None:
    assert vocab.region(level) == region


@pytest.mark.parametrize(
    ("code", "name"),
    [("NO", "Norway"), ("AU", "Australia"), ("GB", "United Kingdom"), ("TW", "Taiwan")],
)
def test_country_name(code: str, name: str) -> None:
    assert vocab.country_name(code) == name


@pytest.mark.parametrize("code", ["XX", "NOR", "N", ""])
def test_not_a_country(code: str) -> None:
    assert vocab.country_name(code) is None


@pytest.mark.parametrize("code", ["USD", "EUR", "NOK", "CHF"])
def test_currencies(code: str) -> None:
    assert vocab.is_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "US", "USDD", ""])
def test_not_currencies(code: str) -> None:
    assert not vocab.is_currency(code)


def test_every_value_has_its_words() -> None:
    assert set(vocab.CAUSE_WORDS) == set(get_args(vocab.Cause))
    assert set(vocab.ROUTE_WORDS) == set(get_args(vocab.Route))
    assert set(vocab.CELL_WORDS) == set(get_args(vocab.Cells))
    assert set(vocab.DOMAIN_WORDS) == set(get_args(vocab.Domain)) == set(vocab.DOMAINS)
    assert set(vocab.CHANGE_WORDS) == set(get_args(vocab.Change))
    assert set(vocab.SOURCE_WORDS) == set(get_args(vocab.Source))
    assert set(vocab.AIS_MEANING) == set(get_args(vocab.AssessedAis))
    assert set(vocab.CONNECTION_DISCLOSURES) == set(get_args(vocab.Connection)) - {"none"}


def test_vocabularies_match_the_case_format() -> None:
    assert get_args(vocab.Status) == ("draft", "review", "published", "withdrawn")
    assert get_args(vocab.Sex) == ("female", "male", "other", "undisclosed")
    assert get_args(vocab.InjuryAis) == ("A", "B", "C", "D")
    assert get_args(vocab.Ashworth) == ("0", "1", "1+", "2", "3", "4")
    assert get_args(vocab.Scope) == ("clinical", "name", "photo", "quote", "video")
    assert get_args(vocab.Connection) == ("none", "discount", "free_treatment", "payment")
    assert get_args(vocab.Severity) == ("mild", "moderate", "severe")


def test_scales_match_the_case_format() -> None:
    ranges = {name: (low, high) for name, (_, low, high) in vocab.SCALES.items()}
    assert ranges == {
        "uems": (0, 50),
        "lems": (0, 50),
        "light_touch": (0, 112),
        "pin_prick": (0, 112),
        "scim": (0, 100),
        "wisci": (0, 20),
        "nbd": (0, 47),
    }
    # Every measure is either scored or graded, and listed once.
    assert set(vocab.SCALES) | set(vocab.GRADED) == set(vocab.MEASURES)
    assert not set(vocab.SCALES) & set(vocab.GRADED)


def test_levels_run_from_the_top_of_the_spine_down() -> None:
    assert vocab.LEVELS[0] == "C1" and vocab.LEVELS[-1] == "S5"
    assert len(vocab.LEVELS) == 30
    assert all(vocab.is_level(level) for level in vocab.LEVELS)


def test_country_label_falls_back_to_the_code() -> None:
    assert vocab.country_label("NO") == "Norway"
    assert vocab.country_label("XX") == "XX"


@pytest.mark.parametrize(
    ("ais", "word"), [("A", "complete"), ("B", "incomplete"), ("D", "incomplete")]
)
def test_completeness_follows_the_ais_grade(ais: str, word: str) -> None:
    assert vocab.completeness(ais) == word


def test_countries_and_currencies_list_every_code_with_its_name() -> None:
    from generator.content.vocab import countries, currencies

    assert ("NO", "Norway") in countries()
    assert len(countries()) >= 249
    assert [name for _, name in countries()] == sorted(name for _, name in countries())
    assert ("EUR", "Euro") in currencies()

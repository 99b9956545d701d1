"""Time from injury to treatment, in words and as the acute or chronic phase."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.catalog.timing import months_between, phase, time_to_treatment
from generator.content.fields import PartialDate
from generator.content.i18n import speaking
from generator.content.models import Case
from tests.factories import make_case

START = dt.date(2024, 6, 15)


def _date(text: str) -> PartialDate:
    parts = [int(part) for part in text.split("-")]
    return PartialDate(parts[0], *parts[1:])


def _injured(case: Case, when: str) -> Case:
    injury = case.injury.model_copy(update={"date": _date(when)})
    return case.model_copy(update={"injury": injury})


@pytest.mark.parametrize(
    ("injury", "months"),
    [("2024-02", 4), ("2024-02-20", 3), ("2023-06-15", 12), ("2023-06-16", 11), ("2024", None)],
)
def test_months_between(injury: str, months: int | None) -> None:
    assert months_between(_date(injury), START) == months


@pytest.mark.parametrize(
    ("injury", "words"),
    [("2024-02", "4 months"), ("2023-05", "13 months"), ("2020-01", "4 years"),
     ("2024", "less than a year"), ("2023", "about 1 year"), ("2021", "about 3 years")],
)  # fmt: skip
def test_time_to_treatment(injury: str, words: str) -> None:
    assert time_to_treatment(_date(injury), START) == words


@pytest.mark.parametrize(
    ("injury", "expected"),
    [("2024-02", "acute"), ("2023-07-01", "acute"), ("2023-06-15", "chronic"),
     ("2024", "acute"), ("2023", None), ("2022", "chronic")],
)  # fmt: skip
def test_phase(injury: str, expected: str | None) -> None:
    assert phase(_injured(make_case(start=START), injury)) == expected


def test_time_to_treatment_in_spanish_uses_the_catalog_plurals() -> None:
    start = dt.date(2024, 6, 1)
    with speaking("es"):
        shown = [
            time_to_treatment(PartialDate(2024, 5, 1), start),
            time_to_treatment(PartialDate(2024, 3, 1), start),
            time_to_treatment(PartialDate(2021, 3, 1), start),
            time_to_treatment(PartialDate(2022, None, None), start),
            time_to_treatment(PartialDate(2024, None, None), start),
        ]
    assert shown == ["1 mes", "3 meses", "3 años", "aproximadamente 2 años", "menos de un año"]
    assert time_to_treatment(PartialDate(2021, 3, 1), start) == "3 years"  # English outside

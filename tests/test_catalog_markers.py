from __future__ import annotations

import datetime as dt

import pytest

from generator.catalog.markers import (
    RECENT_DEFAULT,
    marker_problem,
    recent_count,
    results_cases,
)
from generator.catalog.selection import Catalog, build_catalog
from generator.content.markers import Marker
from generator.content.models import Case, Protocol
from tests.factories import valid_case, valid_protocol

TODAY = dt.date(2025, 1, 15)


def _catalog() -> Catalog:
    cases = []
    for index, grade in enumerate("ABC"):
        data = valid_case()
        data["id"] = f"case-{index}"
        data["injury"]["ais"] = grade
        data["assessments"][0]["ais"] = grade
        data["assessments"][1]["ais"] = grade
        cases.append(Case.model_validate(data))
    return build_catalog(cases, [Protocol.model_validate(valid_protocol())], today=TODAY)


def _marker(text: str) -> Marker:
    name, *args = text.split()
    options = dict(arg.split("=", 1) for arg in args if "=" in arg)
    return Marker(name, tuple(args), 7, options)


@pytest.mark.parametrize(
    "text", ["stats", "recent", "recent 1", "recent 100", "results", "results ais=b",
             "results protocol=uc-msc-iv-lp", "results ais=A protocol=uc-msc-iv-lp"],
)  # fmt: skip
def test_valid_markers(text: str) -> None:
    assert marker_problem(_marker(text), _catalog()) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope", "unknown marker (known: recent, references, results, stats)"),
        ("stats 3", "takes no options, got '3'"),
        ("stats x=1", "unknown option 'x' (known: none)"),
        ("recent 0", "expected one whole number from 1 to 100, got ['0']"),
        ("recent 101", "expected one whole number from 1 to 100, got ['101']"),
        ("recent many", "expected one whole number from 1 to 100, got ['many']"),
        ("recent 3 4", "expected one whole number from 1 to 100, got ['3', '4']"),
        ("recent ais=A", "unknown option 'ais' (known: none)"),
        ("results 5", "takes only ais=GRADE and protocol=ID, got '5'"),
        ("results ais=E", "ais must be A, B, C or D, got 'E'"),
        ("results protocol=other", "unknown protocol 'other'"),
        ("results grade=A", "unknown option 'grade' (known: ais, protocol)"),
    ],
)
def test_wrong_markers_say_what_is_wrong(text: str, message: str) -> None:
    assert marker_problem(_marker(text), _catalog()) == message


def test_recent_count() -> None:
    assert recent_count(_marker("recent")) == RECENT_DEFAULT == 5
    assert recent_count(_marker("recent 12")) == 12


def test_results_cases_select_by_grade_and_protocol() -> None:
    catalog = _catalog()
    assert [c.id for c in results_cases(_marker("results ais=b"), catalog)] == ["case-1"]
    assert len(results_cases(_marker("results protocol=uc-msc-iv-lp"), catalog)) == 3
    assert len(results_cases(_marker("results"), catalog)) == 3

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from generator.catalog import aggregates
from generator.content import vocab
from generator.content.models import TimelineEvent
from tests.factories import make_case


def test_spread_of_one_value_is_that_value() -> None:
    assert aggregates.spread([7]) == aggregates.Spread(7, 7, 7)
    assert aggregates.spread([]) is None


def test_spread_interpolates_inclusively() -> None:
    # Positions (n - 1) * p on 4, 8, 12, 26: 0.75 -> 7, 1.5 -> 10, 2.25 -> 15.5
    assert aggregates.spread([26, 4, 12, 8]) == aggregates.Spread(7, 10, 15.5)
    q1, median, q3 = statistics.quantiles([4, 8, 12, 26], n=4, method="inclusive")
    assert (q1, median, q3) == (7, 10, 15.5)


def test_domain_counts_have_every_denominator() -> None:
    cases = [
        make_case("a", events=[("bladder", "improved", 12), ("bladder", "improved", 6)]),
        make_case("b", events=[("bladder", "no_change", 12)]),
        make_case("c", events=[("pain", "worsened", 2), ("pain", "improved", 20)]),
        make_case("d", events=[("motor", "no_change", 26)]),
    ]
    summaries = {s.domain: s for s in aggregates.summarise(cases)}
    bladder = summaries["bladder"]
    assert (bladder.improved, bladder.reported, bladder.total) == (1, 2, 4)
    assert (bladder.no_change, bladder.worsened) == (1, 0)
    assert bladder.weeks == (6,)  # the first improvement, not the later one
    pain = summaries["pain"]
    assert (pain.improved, pain.worsened, pain.no_change, pain.reported) == (1, 1, 0, 1)
    assert summaries["sweating"].reported == 0 and summaries["sweating"].spread is None
    assert [s.domain for s in aggregates.summarise(cases)] == list(vocab.DOMAINS)


def test_week_of_first_improvement_uses_dates_too() -> None:
    dated = TimelineEvent(
        date=dt.date(2024, 1, 22), domain="mood", change="improved", source="patient", text="y"
    )
    case = make_case(events=[("mood", "improved", 30)], start=dt.date(2024, 1, 1))
    case = case.model_copy(update={"timeline": [*case.timeline, dated]})
    assert aggregates.first_improvement_week(case, "mood") == 3


def test_site_counts_and_most_recent() -> None:
    cases = [
        make_case("old", start=dt.date(2022, 1, 1), country="NO"),
        make_case("new", start=dt.date(2025, 1, 1), country="NO"),
        make_case("mid", start=dt.date(2024, 1, 1), country="DE"),
    ]
    counts = aggregates.site_counts(cases, ["p1", "p2"])
    assert (counts.cases, counts.countries, counts.protocols, counts.protocols_used) == (3, 2, 2, 1)
    assert [c.id for c in aggregates.most_recent(cases, 2)] == ["new", "mid"]


@pytest.mark.parametrize(("value", "shown"), [(6.0, "6"), (7.5, "7.5"), (8.25, "8.2"), (10, "10")])
def test_format_week(value: float, shown: str) -> None:
    assert aggregates.format_week(value) == shown

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli.expiry import expiring_consents
from generator.content.load import Sourced
from generator.content.models import Case
from generator.content.sources import Project
from generator.content.strict_yaml import Document
from tests.factories import valid_case

TODAY = dt.date(2026, 3, 10)


def _sourced(
    case_id: str,
    expires: dt.date,
    *,
    status: str = "published",
    revoked: dt.date | None = None,
) -> Sourced[Case]:
    data = valid_case()
    data["id"] = case_id
    data["status"] = status
    data["consent"]["signed"] = "2020-01-01"
    data["consent"]["expires"] = expires.isoformat()
    data["consent"]["revoked"] = revoked.isoformat() if revoked else None
    source = f"cases/{case_id}.yml"
    return Sourced(Case.model_validate(data), source, Path(source), Document(data))


def _in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def _project(*cases: Sourced[Case]) -> Project:
    return Project(cases=list(cases))


def test_lists_consents_within_the_window_soonest_first() -> None:
    project = _project(
        _sourced("later", _in(30)),
        _sourced("far", _in(31)),
        _sourced("soon", _in(5)),
        _sourced("never-mind", _in(400)),
    )
    assert expiring_consents(project, TODAY, 30) == [
        "cases/soon.yml: consent expires in 5 days (2026-03-15)",
        "cases/later.yml: consent expires in 30 days (2026-04-09)",
    ]


@pytest.mark.parametrize(("left", "listed"), [(29, True), (30, True), (31, False)])
def test_window_includes_its_last_day(left: int, listed: bool) -> None:
    lines = expiring_consents(_project(_sourced("a", _in(left))), TODAY, 30)
    assert bool(lines) is listed


def test_one_day_is_singular() -> None:
    assert expiring_consents(_project(_sourced("a", _in(1))), TODAY, 7) == [
        "cases/a.yml: consent expires in 1 day (2026-03-11)"
    ]


@pytest.mark.parametrize("left", [0, -1, -365])
def test_expired_consents_are_listed_whatever_the_window(left: int) -> None:
    expires = _in(left)
    assert expiring_consents(_project(_sourced("old", expires)), TODAY, 0) == [
        f"cases/old.yml: consent expired on {expires}; the case stays off the site until renewed"
    ]


def test_zero_days_lists_only_expired() -> None:
    project = _project(_sourced("tomorrow", _in(1)), _sourced("today", _in(0)))
    assert expiring_consents(project, TODAY, 0) == [
        "cases/today.yml: consent expired on 2026-03-10; the case stays off the site until renewed"
    ]


def test_expired_come_before_expiring() -> None:
    project = _project(_sourced("soon", _in(3)), _sourced("gone", _in(-3)))
    lines = expiring_consents(project, TODAY, 10)
    assert [line.split(":")[0] for line in lines] == ["cases/gone.yml", "cases/soon.yml"]


def test_same_day_ordered_by_file() -> None:
    project = _project(_sourced("b", _in(3)), _sourced("a", _in(3)), _sourced("c", _in(3)))
    lines = expiring_consents(project, TODAY, 10)
    assert [line.split(":")[0] for line in lines] == ["cases/a.yml", "cases/b.yml", "cases/c.yml"]


def test_withdrawn_and_revoked_are_left_out() -> None:
    project = _project(
        _sourced("withdrawn", _in(2), status="withdrawn"),
        _sourced("withdrawn-expired", _in(-2), status="withdrawn"),
        _sourced("revoked", _in(2), revoked=dt.date(2025, 1, 1)),
        _sourced("revoked-expired", _in(-2), revoked=dt.date(2025, 1, 1)),
        _sourced("kept", _in(2)),
    )
    assert expiring_consents(project, TODAY, 10) == [
        "cases/kept.yml: consent expires in 2 days (2026-03-12)"
    ]


@pytest.mark.parametrize("status", ["draft", "review", "published"])
def test_unwithdrawn_statuses_are_listed(status: str) -> None:
    lines = expiring_consents(_project(_sourced("a", _in(2), status=status)), TODAY, 10)
    assert len(lines) == 1


def test_github_annotations() -> None:
    project = _project(_sourced("soon", _in(2)), _sourced("gone", _in(-1)))
    assert expiring_consents(project, TODAY, 10, github=True) == [
        "::warning file=cases/gone.yml::consent expired on 2026-03-09; "
        "the case stays off the site until renewed",
        "::warning file=cases/soon.yml::consent expires in 2 days (2026-03-12)",
    ]


def test_nothing_to_report() -> None:
    assert expiring_consents(_project(), TODAY, 30) == []
    assert expiring_consents(_project(_sourced("a", _in(90))), TODAY, 30) == []

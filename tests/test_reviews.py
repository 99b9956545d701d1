"""Clinical review dates of case files and pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.catalog.reviews import (
    Reviewed,
    due_review_lines,
    overdue_problems,
    reviewed_pages,
    shown_review,
)
from generator.content.load import Sourced
from generator.content.models import Review
from generator.content.pagemeta import read_page_meta
from generator.content.strict_yaml import Document
from tests.factories import make_case

REVIEW = Review.model_validate({"by": "Neurologist", "on": "2026-05", "next": "2026-11"})


def _at(review: Review = REVIEW, source: str = "cases/a-b.yml") -> Reviewed:
    return Reviewed(source, review, 12, 9)


def test_a_review_is_overdue_only_after_its_month() -> None:
    assert not _at().overdue(dt.date(2026, 11, 30))
    assert _at().overdue(dt.date(2026, 12, 1))
    day = Review.model_validate({"by": "x", "on": "2026-05", "next": "2026-11-10"})
    assert not _at(day).overdue(dt.date(2026, 11, 10)) and _at(day).overdue(dt.date(2026, 11, 11))


def test_overdue_reviews_are_located_at_reviewed_next() -> None:
    [problem] = overdue_problems([_at()], dt.date(2027, 1, 1))
    assert (problem.path, problem.line, problem.column, problem.field) == (
        "cases/a-b.yml", 12, 9, "reviewed.next",
    )  # fmt: skip
    assert "due in 2026-11" in problem.message and "Neurologist" in problem.message
    assert overdue_problems([_at()], dt.date(2026, 11, 1)) == []


def test_due_reviews_are_listed_within_the_window_and_overdue_ones_always() -> None:
    today = dt.date(2026, 10, 1)
    assert due_review_lines([_at()], today, 30) == []
    [line] = due_review_lines([_at()], today, 31)
    assert line.startswith("cases/a-b.yml:12:9: reviewed.next: clinical review due: next review")
    [late] = due_review_lines([_at()], dt.date(2027, 3, 1), 0, github=True)
    assert late.startswith("::warning file=cases/a-b.yml,line=12,col=9::reviewed.next")
    assert "overdue" in late


def test_cases_and_pages_with_reviews_are_gathered_in_file_order() -> None:
    doc = Document({}, {("reviewed", "next"): (40, 9)})
    case = make_case("c-d").model_copy(update={"reviewed": REVIEW})
    plain = make_case("e-f").model_copy(update={"reviewed": None})
    loaded = [Sourced(m, f"cases/{m.id}.yml", Path(m.id), doc) for m in (plain, case)]
    page, _ = read_page_meta("---\nreviewed: {by: A, on: 2026-01, next: 2026-06}\n---\n", "a.md")
    assert page is not None
    found = reviewed_pages(loaded, [page])
    assert [(r.source, r.line) for r in found] == [("a.md", 2), ("cases/c-d.yml", 40)]


def test_pages_show_months_or_years_only() -> None:
    exact = Review.model_validate({"by": "GP <b>", "on": "2026-05-14", "next": "2027-05-14"})
    assert shown_review(exact) == {"on": "2026-05", "next": "2027-05", "by": "GP <b>"}
    assert shown_review(exact, months=False) == {"on": "2026", "next": "2027", "by": "GP <b>"}

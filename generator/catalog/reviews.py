"""Clinical review dates: which pages are due for review, and which are past it.

Trusted health publishers show when a page was last clinically reviewed and review it again
on a schedule. A case file or a content page records its latest review as
``reviewed: {by, on, next}``; this module compares ``next`` with the build date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.content.errors import Problem
from generator.content.fields import PartialDate
from generator.content.load import Sourced
from generator.content.models import Case, Review
from generator.content.pagemeta import PageMeta
from generator.content.strict_yaml import Document


@dataclass(frozen=True)
class Reviewed:
    """One page's latest review and where its ``reviewed.next`` stands.

    Attributes:
        source: The case file or content page.
        review: Its ``reviewed`` fields.
        line: 1-based line of ``reviewed.next``.
        column: 1-based column of ``reviewed.next``.
    """

    source: str
    review: Review
    line: int
    column: int

    def overdue(self, today: dt.date) -> bool:
        """Tell whether the next review's month (or day) is over on ``today``."""
        return self.review.next.latest() < today

    def due_within(self, today: dt.date, days: int) -> bool:
        """Tell whether the next review can fall within ``days`` days of ``today``."""
        return self.review.next.earliest() <= today + dt.timedelta(days=days)


def _shown(date: PartialDate, months: bool) -> str:
    return f"{date.year:04d}-{date.month:02d}" if months and date.month else f"{date.year:04d}"


def shown_review(review: Review, *, months: bool = True) -> dict[str, str]:
    """Return what a page shows of its review: ``by``, and when ``on`` and ``next`` fall.

    Args:
        review: The page's review.
        months: Show months (a hand-written page); ``False`` shows years, for a case page:
            no date from a case file, to the month or the day, appears on the site.
    """
    return {"on": _shown(review.on, months), "next": _shown(review.next, months), "by": review.by}


def _at(source: str, review: Review, doc: Document) -> Reviewed:
    line, column = doc.locate(("reviewed", "next"))
    return Reviewed(source, review, line, column)


def reviewed_pages(
    cases: Iterable[Sourced[Case]], pages: Iterable[PageMeta | None]
) -> list[Reviewed]:
    """Return every case and content page that records a review, by file name.

    ``pages`` holds each content page's review fields, ``None`` for a page without any.
    """
    found = [_at(c.source, c.model.reviewed, c.doc) for c in cases if c.model.reviewed]
    found += [_at(p.source, p.review, p.doc) for p in pages if p and p.review is not None]
    return sorted(found, key=lambda reviewed: reviewed.source)


def overdue_problems(reviewed: Iterable[Reviewed], today: dt.date) -> list[Problem]:
    """Return one located problem for every review past its ``next`` date on ``today``."""
    return [
        Problem(
            item.source,
            item.line,
            item.column,
            "reviewed.next",
            f"the clinical review was due in {item.review.next} (last reviewed in "
            f"{item.review.on} by {item.review.by}); review the page and update reviewed",
        )
        for item in reviewed
        if item.overdue(today)
    ]


def due_review_lines(
    reviewed: Iterable[Reviewed], today: dt.date, days: int, *, github: bool = False
) -> list[str]:
    """Return a line for each review due within ``days`` days of ``today``, or overdue.

    Args:
        reviewed: The pages that record a review.
        today: The build date.
        days: How far ahead to look.
        github: Write GitHub Actions ``::warning`` annotations instead of plain lines.
    """
    lines = []
    for item in reviewed:
        if not item.due_within(today, days):
            continue
        state = "overdue" if item.overdue(today) else "due"
        text = f"clinical review {state}: next review {item.review.next}, last by {item.review.by}"
        problem = Problem(item.source, item.line, item.column, "reviewed.next", text)
        lines.append(problem.github("warning") if github else str(problem))
    return lines

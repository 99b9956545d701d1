"""The review fields of a hand-written page's front matter, checked like a case file's.

A content page says who reviewed it clinically and when the next review is due, in the same
form as a case file, and lists the sentences that reviewer accepted for the claims check::

    ---
    reviewed: {by: Medical director, on: 2026-11, next: 2027-05}
    reviewed_claims:
      - Most people with an incomplete injury recover some function in the first year.
    ---

Only these two keys are checked here; every other front matter key is the theme's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from generator.content.errors import Problem
from generator.content.load import split_front_matter, validate
from generator.content.models import Review, ReviewedClaim
from generator.content.strict_yaml import Document, parse

REVIEW_KEYS = ("reviewed", "reviewed_claims")


class PageReview(BaseModel):
    """The review fields of a page's front matter; other keys are left to the theme."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    reviewed: Review | None = None
    reviewed_claims: Annotated[list[ReviewedClaim], Field(max_length=50)] | None = None


@dataclass(frozen=True)
class PageMeta:
    """A page's review fields with where they stand.

    Attributes:
        source: The page as problems name it, such as ``content/evidence.md``.
        review: Its ``reviewed`` mapping, if any.
        allowed: Its ``reviewed_claims``, in order.
        doc: Its parsed front matter, for the position of each field (lines in the page).
    """

    source: str
    review: Review | None
    allowed: tuple[str, ...]
    doc: Document


def read_page_meta(text: str, source: str) -> tuple[PageMeta | None, list[Problem]]:
    """Check the review fields of a page's front matter.

    Args:
        text: The page as written.
        source: Its name as problems show it.

    Returns:
        The fields (``None`` when the page has neither key, or they are invalid) and every
        problem, located by line in the page.
    """
    front = split_front_matter(text)
    if front is None or not any(key in front[0] for key in REVIEW_KEYS):
        return None, []  # most pages: no strict parse of front matter that is not ours
    doc, problems = parse(front[0], source, line_offset=front[1])
    if doc is None or not isinstance(doc.data, dict):
        return None, problems
    if not any(key in doc.data for key in REVIEW_KEYS):
        return None, problems
    ours = {key: value for key, value in doc.data.items() if key in REVIEW_KEYS}
    sourced, invalid = validate(PageReview, Document(ours, doc.marks), source, Path(source))
    if sourced is None:
        return None, [*problems, *invalid]
    model = sourced.model
    review = model.reviewed
    message = review.order_problem() if review is not None else None
    if message is not None:
        return None, [*problems, sourced.problem(("reviewed", "next"), message)]
    meta = PageMeta(source, review, tuple(model.reviewed_claims or ()), doc)
    return meta, problems

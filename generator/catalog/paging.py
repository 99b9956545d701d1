"""Listings split into pages, so the case index and facet pages stay small at any caseload.

The first page of a listing keeps its address (``cases/index.md``, ``cases/ais/a.md``); page
``n`` of it is ``page/n.md`` below that address (``cases/page/2.md``, ``cases/ais/a/page/2.md``).
Every case of a listing is on exactly one of its pages, in the listing's order.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from generator.content.models import Case

PAGE_SIZE = 48  # cards a listing page shows by default: a 4 x 12 grid on a wide screen
PAGE_SIZE_LIMITS = (1, 1000)


def page_size_problem(value: object) -> str | None:
    """Return what is wrong with ``value`` as the ``page_size`` option, or ``None``."""
    low, high = PAGE_SIZE_LIMITS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"page_size must be a whole number from {low} to {high}, not {value!r}"
    return None


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing.

    Attributes:
        number: This page's number, from 1.
        pages: The docs paths of every page of the listing, first page first.
        cases: The cases this page shows.
    """

    number: int
    pages: tuple[str, ...]
    cases: tuple[Case, ...]

    @property
    def src_uri(self) -> str:
        """This page's path in the docs tree."""
        return self.pages[self.number - 1]

    def link(self, number: int) -> str:
        """Return the Markdown link target from this page to page ``number`` of the listing."""
        target = self.pages[number - 1]
        return posixpath.relpath(target, posixpath.dirname(self.src_uri))

    @property
    def to_cases(self) -> str:
        """The way from this page up to ``cases/``, where the case pages are (``../``...)."""
        steps = posixpath.relpath("cases", posixpath.dirname(self.src_uri))
        return "" if steps == "." else f"{steps}/"


def page_uri(first: str, number: int) -> str:
    """Return the docs path of page ``number`` of the listing whose first page is ``first``."""
    if number == 1:
        return first
    folder = first.removesuffix("index.md") if first.endswith("/index.md") else first[:-3] + "/"
    return f"{folder}page/{number}.md"


def paginate(cases: Sequence[Case], first: str, size: int) -> list[ListingPage]:
    """Split ``cases`` into pages of at most ``size``; an empty listing has one empty page."""
    count = max(1, -(-len(cases) // size))
    uris = tuple(page_uri(first, number) for number in range(1, count + 1))
    return [
        ListingPage(number, uris, tuple(cases[(number - 1) * size : number * size]))
        for number in range(1, count + 1)
    ]

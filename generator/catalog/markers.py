"""What each content marker may say, checked against the catalog without drawing anything.

| marker | block |
|---|---|
| ``<!-- casebook:stats -->`` | counts: published cases, countries, protocols |
| ``<!-- casebook:recent [N] -->`` | the N (default 5, at most 100) most recently treated patients |
| ``<!-- casebook:results [ais=A] [protocol=ID] -->`` | the results summary table and chart |
| ``<!-- casebook:references -->`` | the reference tables with their sources (the evidence page) |

``marker_problem`` is the one check: ``catalog.build.prepare`` reports what it finds with the
page's file and line, and the renderer draws only markers that pass it.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.catalog.selection import Catalog
from generator.content.markers import Marker
from generator.content.models import Case
from generator.content.vocab import INJURY_GRADES

RECENT_DEFAULT, RECENT_LIMIT = 5, 100
MARKERS = ("recent", "references", "results", "stats")
_OPTIONS = {
    "stats": frozenset(),
    "recent": frozenset(),
    "references": frozenset(),
    "results": frozenset({"ais", "protocol"}),
}


def marker_problem(marker: Marker, catalog: Catalog) -> str | None:
    """Return what is wrong with ``marker`` on a site with ``catalog``, or ``None``."""
    allowed = _OPTIONS.get(marker.name)
    if allowed is None:
        return f"unknown marker (known: {', '.join(MARKERS)})"
    unknown = sorted(set(marker.options) - allowed)
    if unknown:
        return f"unknown option {unknown[0]!r} (known: {', '.join(sorted(allowed)) or 'none'})"
    words = [arg for arg in marker.args if "=" not in arg]
    if marker.name == "recent":
        return _count_problem(words)
    if words:
        expected = "only ais=GRADE and protocol=ID" if marker.name == "results" else "no options"
        return f"takes {expected}, got {' '.join(marker.args)!r}"
    if marker.name == "results":
        return _results_problem(marker, catalog)
    return None


def _count_problem(words: list[str]) -> str | None:
    if not words:
        return None
    if len(words) > 1 or not words[0].isdigit() or not 1 <= int(words[0]) <= RECENT_LIMIT:
        return f"expected one whole number from 1 to {RECENT_LIMIT}, got {words}"
    return None


def _results_problem(marker: Marker, catalog: Catalog) -> str | None:
    grade = marker.options.get("ais")
    if grade is not None and grade.upper() not in INJURY_GRADES:
        choices = f"{', '.join(INJURY_GRADES[:-1])} or {INJURY_GRADES[-1]}"
        return f"ais must be {choices}, got {grade.upper()!r}"
    protocol = marker.options.get("protocol")
    if protocol is not None and protocol not in catalog.protocols:
        return f"unknown protocol {protocol!r}"
    return None


def recent_count(marker: Marker) -> int:
    """Return how many patients a valid ``recent`` marker lists."""
    words = [arg for arg in marker.args if "=" not in arg]
    return int(words[0]) if words else RECENT_DEFAULT


def results_cases(marker: Marker, catalog: Catalog) -> Sequence[Case]:
    """Return the published cases a valid ``results`` marker summarises."""
    cases: Sequence[Case] = catalog.cases
    grade = marker.options.get("ais")
    if grade is not None:
        cases = [c for c in cases if c.injury.ais == grade.upper()]
    protocol = marker.options.get("protocol")
    if protocol is not None:
        cases = [c for c in cases if c.treatment.protocol == protocol]
    return cases

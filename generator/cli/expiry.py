"""Consents about to expire, for staff to renew before the case drops off the site."""

from __future__ import annotations

import datetime as dt

from generator.content.sources import Project


def expiring_consents(
    project: Project, today: dt.date, days: int, *, github: bool = False
) -> list[str]:
    """List valid cases whose consent expires within ``days`` days of ``today``, soonest first.

    Expired consents are listed too: they keep the case off the site until renewed. Withdrawn
    cases and revoked consents are left out; nothing is shown for them either way.

    Args:
        project: The loaded site.
        today: The build date.
        days: How far ahead to look.
        github: Write GitHub Actions ``::warning`` annotations instead of plain lines.

    Returns:
        One ``cases/x.yml: consent expires in N days (YYYY-MM-DD)`` line per consent.
    """
    found = []
    for sourced in project.cases:
        case = sourced.model
        if case.status == "withdrawn" or case.consent.revoked is not None:
            continue
        left = (case.consent.expires - today).days
        if left <= days:
            found.append((left, sourced.source, case.consent.expires))
    return [_line(source, left, expires, github) for left, source, expires in sorted(found)]


def _line(source: str, left: int, expires: dt.date, github: bool) -> str:
    if left > 0:
        message = f"consent expires in {left} day{'s' if left != 1 else ''} ({expires})"
    else:
        message = f"consent expired on {expires}; the case stays off the site until renewed"
    return f"::warning file={source}::{message}" if github else f"{source}: {message}"

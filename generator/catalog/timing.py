"""Time from injury to treatment: in months and years for pages, acute or chronic for the rates.

Exact dates never reach a page: only whole months, whole years, and the phase. A treatment less
than 12 months after injury is *acute*, later *chronic* (``reference.ACUTE_MONTHS``). When only
the year of injury is known and treatment came the next calendar year, the phase cannot be told.
"""

from __future__ import annotations

import datetime as dt

from generator.content.fields import PartialDate
from generator.content.i18n import _, ngettext
from generator.content.models import Case
from generator.content.reference import ACUTE_MONTHS, Timing


def months_between(injury: PartialDate, start: dt.date) -> int | None:
    """Return whole months from injury to treatment, or ``None`` when only the year is known."""
    if injury.month is None:
        return None
    months = (start.year - injury.year) * 12 + (start.month - injury.month)
    if injury.day is not None and start.day < injury.day:
        months -= 1
    return max(months, 0)


def time_to_treatment(injury: PartialDate, start: dt.date) -> str:
    """Describe the time from injury to first treatment in whole months or years."""
    months = months_between(injury, start)
    if months is None:
        years = start.year - injury.year
        if years == 0:
            return _("less than a year")
        return ngettext("about {n} year", "about {n} years", years).format(n=years)
    if months < 24:
        return ngettext("{n} month", "{n} months", months).format(n=months)
    years = months // 12
    return ngettext("{n} year", "{n} years", years).format(n=years)


def phase(case: Case) -> Timing | None:
    """Tell whether ``case`` was treated in the acute or the chronic phase, when that is known."""
    injury, start = case.injury.date, case.treatment.start
    months = months_between(injury, start)
    if months is not None:
        return "acute" if months < ACUTE_MONTHS else "chronic"
    years = start.year - injury.year
    if years == 0:
        return "acute"
    # Injured in December, treated in January two years on: 13 months at least.
    return "chronic" if years >= 2 else None

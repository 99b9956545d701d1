"""The participant-flow ledger: everyone treated, how many are published, how many followed up.

Each protocol page may declare how many patients it treated per calendar year
(``protocol.treated``); the ledger sets the published cases against that number, so a visitor
sees "published 15 of 212 treated" instead of a caseload stated without evidence. Follow-up is
computed from the published cases' assessments: a case is followed up at 26 (or 52) weeks when
it has an assessment at that week after the first treatment or later.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.catalog.selection import Catalog
from generator.content.errors import Problem
from generator.content.i18n import N_
from generator.content.load import Sourced
from generator.content.models import Case, Protocol

FOLLOW_UP_WEEKS = (26, 52)


def follow_up_week(case: Case) -> int:
    """Return the week of a case's latest assessment after the first treatment."""
    return max(case.week(a) for a in case.assessments)


@dataclass(frozen=True)
class LedgerRow:
    """One protocol's participant flow, or the total of all protocols.

    Attributes:
        name: The protocol's name, or ``All protocols``.
        treated: Patients treated, as declared; ``None`` when not declared (for the total:
            when any protocol does not declare it).
        published: Published case studies.
        followed_26: Published cases with an assessment at week 26 or later.
        followed_52: Published cases with an assessment at week 52 or later.
        protocol_id: The protocol's id; ``None`` for the total.
    """

    name: str
    treated: int | None
    published: int
    followed_26: int
    followed_52: int
    protocol_id: str | None = None

    @property
    def share(self) -> str:
        """The share of treated patients whose case is published, or ``not known``."""
        if self.treated is None:
            return "not known"
        if self.treated == 0:
            return "none treated"
        return f"{100 * self.published / self.treated:.0f}%"


def _row(name: str, treated: int | None, cases: Sequence[Case], pid: str | None) -> LedgerRow:
    weeks = [follow_up_week(case) for case in cases]
    return LedgerRow(
        name=name,
        treated=treated,
        published=len(cases),
        followed_26=sum(1 for w in weeks if w >= FOLLOW_UP_WEEKS[0]),
        followed_52=sum(1 for w in weeks if w >= FOLLOW_UP_WEEKS[1]),
        protocol_id=pid,
    )


def protocol_row(protocol: Protocol, catalog: Catalog) -> LedgerRow:
    """Return the ledger row of one protocol."""
    treated = sum(e.patients for e in protocol.treated) if protocol.treated is not None else None
    return _row(protocol.name, treated, catalog.cases_of(protocol.id), protocol.id)


def ledger(catalog: Catalog) -> tuple[list[LedgerRow], LedgerRow]:
    """Return one row per protocol, in id order, and the total over all of them."""
    rows = [protocol_row(p, catalog) for p in catalog.protocols.values()]
    declared = [row.treated for row in rows]
    treated = None if None in declared or not rows else sum(t or 0 for t in declared)
    return rows, _row(N_("All protocols"), treated, catalog.cases, None)


def ledger_problems(
    protocols: Sequence[Sourced[Protocol]], published: Sequence[Case]
) -> list[Problem]:
    """Check that no protocol has more published cases in a year than it says it treated.

    A protocol that declares ``treated`` must declare every year in which a published case
    started treatment with it; one that declares nothing is shown as "not declared".
    """
    counts = Counter((c.treatment.protocol, c.treatment.start.year) for c in published)
    found = []
    for sourced in protocols:
        protocol = sourced.model
        if protocol.treated is None:
            continue
        for year in sorted(year for pid, year in counts if pid == protocol.id):
            count, declared = counts[protocol.id, year], protocol.treated_in(year)
            if declared is None or count > declared:
                said = "declares no count" if declared is None else f"declares {declared}"
                cases = "case was" if count == 1 else "cases were"
                message = f"{count} published {cases} treated in {year}, but it {said} for {year}"
                found.append(_problem(sourced, year, message))
    return found


def _problem(sourced: Sourced[Protocol], year: int, message: str) -> Problem:
    treated = sourced.model.treated or []
    index = next((i for i, e in enumerate(treated) if e.year == year), None)
    path = ("treated",) if index is None else ("treated", index, "patients")
    problem = sourced.problem(path, message)
    return dataclasses.replace(problem, field=f"protocol.{problem.field}")

"""``casebook validate --care``: each case's CARE checklist coverage, as a table or annotations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.catalog.care import CareReport, care_problems

_STATUS = {"covered": "covered", "missing": "MISSING", "not-applicable": "n/a"}


def care_tables(reports: Sequence[CareReport]) -> list[str]:
    """Return one table per case: every CARE item, its status, and what was checked or is missing.

    A missing item names the field to add and the line to add it at; a last line gives the
    mean coverage over all cases.
    """
    lines: list[str] = []
    for report in reports:
        lines += _table(report)
    if reports:
        mean = sum(report.coverage for report in reports) / len(reports)
        lines.append(f"{len(reports)} cases; mean CARE coverage {mean:.0%}.")
    return lines


def _table(report: CareReport) -> list[str]:
    covered, applicable = len(report.covered), len(report.applicable)
    lines = [
        f"{report.source}: CARE coverage {report.coverage:.0%} "
        f"({covered} of {applicable} applicable items)"
    ]
    width = max(len(item.title) for item in report.items)
    for item in report.items:
        detail = item.message
        if item.gaps:
            detail = "; ".join(f"line {gap.line}: {gap.message}" for gap in item.gaps)
        status = _STATUS[item.status]
        lines.append(f"  {item.id:<4} {item.title:<{width}}  {status:<8} {detail}")
    lines.append("")
    return lines


def care_annotations(reports: Iterable[CareReport]) -> list[str]:
    """Return a GitHub Actions ``::warning`` annotation for every gap of every case."""
    return [problem.github("warning") for report in reports for problem in care_problems(report)]

"""The reference tables: how much change is more than noise, and how often grades change anyway.

Two data files ship with the package (``generator/content/data/``), each number with its source:

- ``measures.yml``: for every measure a case can record, the direction that is better and the
  smallest change that exceeds measurement error or is clinically meaningful (``threshold``),
  or ``null`` with a note where the literature has no accepted number;
- ``natural-recovery.yml``: how often an injury's AIS grade improves without cell therapy, by
  grade before treatment and time since injury (``acute``: under 12 months; ``chronic``: later).

A site replaces either table by putting a file of the same name in its reference folder
(``reference_dir``, ``reference/`` by default): it is checked as strictly as a case file.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

from generator.content import vocab
from generator.content.errors import Problem
from generator.content.fields import Decimal, Identifier, PlainText, Visible
from generator.content.load import Sourced, validate
from generator.content.models import Strict
from generator.content.strict_yaml import load_file

DATA_DIR = Path(__file__).parent / "data"
MEASURES_FILE = "measures.yml"
RECOVERY_FILE = "natural-recovery.yml"

Better = Literal["higher", "lower", "caudal"]
Timing = Literal["acute", "chronic"]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), Decimal]
Url = Annotated[str, Field(pattern=r"^https://[^\s<>\"]+$", max_length=500)]

# The months from injury that separate an acute injury from a chronic one.
ACUTE_MONTHS = 12


class Citation(Strict):
    """A published source, cited by its ``id`` from the table's entries.

    Attributes:
        id: How entries cite it, such as ``marino-2008``.
        label: How pages name it in a table, such as ``Marino 2008``.
        text: The full reference: authors, title, journal, year, volume, pages, DOI.
        url: Where a reader can find it, when there is a stable public address.
    """

    id: Identifier
    label: Annotated[str, Field(min_length=1, max_length=60), Visible]
    text: PlainText
    url: Url | None = None


Size = Annotated[float, Field(gt=0, allow_inf_nan=False), Decimal]


class MeasureRule(Strict):
    """How to read a change in one measure.

    Attributes:
        better: Which way is better; ``caudal`` (levels): further down the spine.
        threshold: The smallest change that counts as improved or worse, or ``None`` where
            the literature has no accepted number.
        noise: Without a threshold: changes smaller than this are still within measurement
            variation (from a repeatability study), when one is known.
        unit: The unit of both numbers, such as ``points``.
        basis: What the numbers are and where they hold, in a sentence or two.
        sources: The ids of the sources, from the file's ``sources``.
    """

    better: Better
    threshold: Size | None
    noise: Size | None = None
    unit: Annotated[str, Field(min_length=1, max_length=20)]
    basis: PlainText
    sources: Annotated[list[Identifier], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_bound(self) -> MeasureRule:
        if self.threshold is not None and self.noise is not None:
            raise ValueError("give threshold or noise, not both: noise is for measures without one")
        return self


class ConversionRate(Strict):
    """How often an AIS grade improves without cell therapy, as one source reports it."""

    grade: vocab.InjuryAis
    timing: Timing
    low: Percent
    high: Percent
    window: PlainText
    outcome: PlainText
    population: PlainText
    sources: Annotated[list[Identifier], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> ConversionRate:
        if self.high < self.low:
            raise ValueError(f"high ({self.high:g}) must be at least low ({self.low:g})")
        return self


class MeasureTable(Strict):
    """The contents of ``measures.yml``."""

    sources: Annotated[list[Citation], Field(min_length=1)]
    measures: dict[vocab.Measure, MeasureRule]


class RecoveryTable(Strict):
    """The contents of ``natural-recovery.yml``.

    Attributes:
        summary: What the literature says of natural recovery overall, shown with the rates.
        missing: What pages say where the table has no rate for a grade and timing.
        sources: Every cited source.
        rates: One rate per (grade, timing) at most.
    """

    summary: PlainText
    missing: PlainText
    sources: Annotated[list[Citation], Field(min_length=1)]
    rates: Annotated[list[ConversionRate], Field(min_length=1)]


@dataclass(frozen=True)
class Reference:
    """Both reference tables, checked, with every source they cite.

    Attributes:
        measures: The rule of each measure, by measure name.
        rates: Spontaneous conversion rates by (grade, timing).
        summary: The natural-recovery table's overall summary.
        missing: What to say where the table has no rate.
        sources: Every cited source by id, measures' first, in file order.
        files: The files the tables were read from, as shown in problems.
        key: A digest of both tables: pages rendered with an equal key read the same numbers.
    """

    measures: dict[str, MeasureRule]
    rates: dict[tuple[str, str], ConversionRate]
    summary: str
    missing: str
    sources: dict[str, Citation]
    files: tuple[str, ...]
    key: str

    def rate(self, grade: str, timing: str) -> ConversionRate | None:
        """Return the spontaneous conversion rate for ``grade`` and ``timing``, if known."""
        return self.rates.get((grade, timing))


M = TypeVar("M", bound=BaseModel)


def load_reference(reference_dir: Path | None, root: Path) -> tuple[Reference, list[Problem]]:
    """Load the reference tables, a site's own files replacing the packaged ones.

    Args:
        reference_dir: The site's reference folder, if it has one.
        root: The site root, to name the site's files in problems.

    Returns:
        The tables and every problem. A site file with problems is replaced by the packaged
        table (a build with problems publishes nothing; a preview keeps working).
    """
    problems: list[Problem] = []
    measures = _table(MeasureTable, MEASURES_FILE, reference_dir, root, problems)
    recovery = _table(RecoveryTable, RECOVERY_FILE, reference_dir, root, problems)
    sources = {c.id: c for c in [*measures.model.sources, *recovery.model.sources]}
    reference = Reference(
        measures={str(name): rule for name, rule in measures.model.measures.items()},
        rates={(r.grade, r.timing): r for r in recovery.model.rates},
        summary=recovery.model.summary,
        missing=recovery.model.missing,
        sources=sources,
        files=(measures.source, recovery.source),
        key=hashlib.sha256(
            (measures.model.model_dump_json() + recovery.model.model_dump_json()).encode()
        ).hexdigest(),
    )
    return reference, problems


@functools.cache
def packaged_reference() -> Reference:
    """Return the tables shipped with the package (they are checked by the test suite)."""
    reference, problems = load_reference(None, DATA_DIR)
    if problems:
        raise RuntimeError(f"the packaged reference tables are invalid: {problems[0]}")
    return reference


def _table(
    model: type[M], name: str, folder: Path | None, root: Path, problems: list[Problem]
) -> Sourced[M]:
    own = folder / name if folder is not None else None
    if own is not None and own.is_file():
        table, found = _read(model, own, _display(own, root))
        problems += found
        if table is not None:
            return table
    table, found = _read(model, DATA_DIR / name, f"(packaged) {name}")
    if table is None:
        raise RuntimeError(f"the packaged table {name} is invalid: {found[0]}")
    return table


def _read(model: type[M], path: Path, source: str) -> tuple[Sourced[M] | None, list[Problem]]:
    doc, problems = load_file(path, source)
    if doc is None:
        return None, problems
    table, invalid = validate(model, doc, source, path)
    problems += invalid
    if table is not None:
        problems += _citation_problems(table)
    return (table if not problems else None), problems


def _citation_problems(table: Sourced[M]) -> list[Problem]:
    """Check that every entry cites a source of the file, and each figure appears once."""
    model = table.model
    known = {c.id for c in getattr(model, "sources", [])}
    found: list[Problem] = []
    entries: Sequence[tuple[tuple[str | int, ...], Sequence[str]]]
    if isinstance(model, MeasureTable):
        missing = [m for m in vocab.MEASURES if m not in model.measures]
        if missing:
            message = f"must give a rule for every measure; missing: {', '.join(missing)}"
            found.append(table.problem(("measures",), message))
        entries = [(("measures", k), r.sources) for k, r in model.measures.items()]
    else:
        assert isinstance(model, RecoveryTable)
        entries = [(("rates", i), r.sources) for i, r in enumerate(model.rates)]
        found += _duplicate_rates(table, model)
    for path, cited in entries:
        for index, source in enumerate(cited):
            if source not in known:
                message = f"unknown source {source!r} (known: {', '.join(sorted(known))})"
                found.append(table.problem((*path, "sources", index), message))
    return found


def _duplicate_rates(table: Sourced[M], model: RecoveryTable) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    found = []
    for index, rate in enumerate(model.rates):
        key = (rate.grade, rate.timing)
        if key in seen:
            message = f"a second rate for AIS {rate.grade}, {rate.timing}: give one per pair"
            found.append(table.problem(("rates", index), message))
        seen.add(key)
    return found


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

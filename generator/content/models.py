"""The case and protocol models: every field, vocabulary, range and cross-field rule.

Field rules live in the types; rules that relate several fields are collected by
`Case.cross_field_problems` so that each one points at the field to fix and all are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from generator.content import vocab
from generator.content.fields import (
    EARLIEST_YEAR,
    Decimal,
    Identifier,
    IsoDate,
    MonthDate,
    Partial,
    PlainText,
    TextScalar,
    Visible,
    Whole,
    visible,
)
from generator.content.strict_yaml import FieldPath

Week = Annotated[int, Field(ge=-520, le=1040), Whole]
# A finite amount: `inf` and `nan` parse as floats but mean nothing as a dose or a price.
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False), Decimal]


def _level(value: str) -> str:
    # fullmatch: vocab.is_level uses `re.match`, whose `$` lets "T11\n" through.
    if not re.fullmatch(vocab.LEVEL_PATTERN, value):
        raise ValueError(f"{value!r} is not a level: use C1-C8, T1-T12, L1-L5 or S1-S5")
    return value


def _country(value: str) -> str:
    # pycountry ignores case; the format (and the JSON Schema) asks for the upper-case code.
    if not value.isupper() or vocab.country_name(value) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (such as AU, NO)")
    return value


def _currency(value: str) -> str:
    if not value.isupper() or not vocab.is_currency(value):
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (such as USD, EUR)")
    return value


def _photo_path(value: str) -> str:
    visible(value)  # a NUL or a control character is no file name
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", value):
        raise ValueError(f"{value!r} must be a path inside cases/, such as photos/maya.jpg")
    if not value.lower().endswith((".jpg", ".jpeg", ".png")):
        raise ValueError(f"{value!r} must be a JPEG or PNG file (.jpg, .jpeg or .png)")
    return value


Level = Annotated[
    str, Field(json_schema_extra={"pattern": vocab.LEVEL_PATTERN}), AfterValidator(_level)
]
Country = Annotated[
    str, Field(json_schema_extra={"pattern": "^[A-Z]{2}$"}), AfterValidator(_country)
]
Currency = Annotated[
    str, Field(json_schema_extra={"pattern": "^[A-Z]{3}$"}), AfterValidator(_currency)
]
Ashworth = Annotated[vocab.Ashworth, TextScalar]
# Markdown text: the JSON Schema says so, and the CMS form gives it a Markdown editor.
MARKDOWN = {"contentMediaType": "text/markdown"}
PriorItem = Annotated[str, Field(min_length=1, max_length=300), Visible]
ReviewedClaim = Annotated[str, Field(min_length=1, max_length=300), Visible]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Timed(Strict):
    """An entry placed in time by ``week`` after the first treatment or by an exact ``date``."""

    week: Week | None = None
    date: IsoDate | None = None

    @model_validator(mode="after")
    def _week_or_date(self) -> Timed:
        if (self.week is None) == (self.date is None):
            raise ValueError("give either week or date (exactly one of them)")
        return self

    def week_after(self, start: dt.date) -> int:
        """Return whole weeks after ``start``, converting ``date`` when given."""
        if self.week is not None:
            return self.week
        assert self.date is not None
        return (self.date - start).days // 7


class Patient(Strict):
    """Who the patient is, as far as consent allows."""

    name: Annotated[str, Field(min_length=1, max_length=60), Visible]
    age: Annotated[int, Field(ge=0, le=120), Whole]
    sex: vocab.Sex = "undisclosed"
    country: Country
    photo: Annotated[str, AfterValidator(_photo_path)] | None = None
    # CARE 5c: what else a reader needs to judge the outcome (other conditions, medication).
    history: Annotated[str, Field(min_length=1, max_length=1000), Visible] | None = None


class Injury(Strict):
    """The spinal cord injury before treatment."""

    level: Level
    ais: vocab.InjuryAis
    cause: vocab.Cause
    date: Partial


class Session(Timed):
    """One administration of cells."""

    week: Annotated[int, Field(ge=0, le=1040), Whole] | None = None
    route: vocab.Route
    cells: vocab.Cells
    dose_million: Annotated[float, Field(gt=0, allow_inf_nan=False), Decimal] | None = None


class AdverseEvent(Timed):
    """An adverse event reported after treatment."""

    severity: vocab.Severity
    text: Annotated[str, Field(min_length=1, max_length=1000), Visible]


class Treatment(Strict):
    """The protocol received and what happened during it."""

    protocol: Identifier
    start: IsoDate
    sessions: Annotated[list[Session], Field(min_length=1)]
    rehab: PlainText | None = None
    adverse_events: list[AdverseEvent]
    # CARE 5d: surgery, rehabilitation or other cell treatments before this one; [] for none.
    prior: Annotated[list[PriorItem], Field(max_length=20)] | None = None
    # Concurrent rehabilitation is the usual other explanation of a change: how much of it.
    rehab_hours_per_week: (
        Annotated[float, Field(ge=0, le=60, allow_inf_nan=False), Decimal] | None
    ) = None
    # CARE 10c-10d: "none reported" means little unless we know how events were looked for.
    adverse_event_monitoring: (
        Annotated[str, Field(min_length=1, max_length=500), Visible] | None
    ) = None


class Assessment(Timed):
    """One set of standard measurements."""

    ais: vocab.AssessedAis | None = None
    level: Level | None = None
    uems: Annotated[int, Field(ge=0, le=50), Whole] | None = None
    lems: Annotated[int, Field(ge=0, le=50), Whole] | None = None
    light_touch: Annotated[int, Field(ge=0, le=112), Whole] | None = None
    pin_prick: Annotated[int, Field(ge=0, le=112), Whole] | None = None
    scim: Annotated[int, Field(ge=0, le=100), Whole] | None = None
    wisci: Annotated[int, Field(ge=0, le=20), Whole] | None = None
    ashworth: Ashworth | None = None
    nbd: Annotated[int, Field(ge=0, le=47), Whole] | None = None

    @model_validator(mode="after")
    def _measures_something(self) -> Assessment:
        if not any(getattr(self, name) is not None for name in ASSESSMENT_MEASURES):
            raise ValueError(f"record at least one of {', '.join(ASSESSMENT_MEASURES)}")
        return self


ASSESSMENT_MEASURES = tuple(vocab.MEASURES)


class TimelineEvent(Timed):
    """A change the patient, a clinician or a measurement noticed."""

    domain: vocab.Domain
    change: vocab.Change
    source: vocab.Source
    text: Annotated[str, Field(min_length=1, max_length=300), Visible]


class Consent(Strict):
    """The patient's signed authorization; never published."""

    form: Annotated[str, Field(min_length=1, max_length=100), Visible]
    signed: IsoDate
    expires: IsoDate
    revoked: IsoDate | None = None
    scope: Annotated[list[vocab.Scope], Field(min_length=1)]
    connection: vocab.Connection


class Review(Strict):
    """The latest clinical review of the case page and when the next one is due."""

    by: Annotated[str, Field(min_length=1, max_length=120), Visible]
    on: MonthDate
    next: MonthDate

    def order_problem(self) -> str | None:
        """Return what is wrong with ``next`` against ``on``, or ``None``."""
        # Partial dates: every day `next` can mean must come after every day `on` can mean.
        if self.next.earliest() > self.on.latest():
            return None
        return f"must be after reviewed.on ({self.on})"


_LETTERS = r"[^\W\d_]"
_INITIAL = rf"{_LETTERS}\."
_FIRST_NAME = rf"{_LETTERS}+(?:[-']{_LETTERS}+)*"
_INITIALS_STYLE = re.compile(rf"^(?:{_FIRST_NAME}\s+)?{_INITIAL}(?:\s*{_INITIAL})*$")


def is_initials_style(name: str) -> bool:
    """Tell whether ``name`` is a first name and initials (``Maya R.``) or initials (``M. R.``)."""
    if not _INITIALS_STYLE.match(name.strip()):
        return False
    initials = re.findall(rf"({_LETTERS})\.", name)
    return all(letter.isupper() for letter in initials)


def _squash(text: str) -> str:
    return " ".join(text.split())


# The free texts of a case, `*` for any entry of a list: what the claims check reads for risky
# claims, and all that a translation (content/translations.py) may change.
FREE_TEXT_FIELDS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("headline",),
        ("before",),
        ("after",),
        ("story",),
        ("quote",),
        ("treatment", "rehab"),
        ("timeline", "*", "text"),
        ("treatment", "adverse_events", "*", "text"),
    }
)


def is_free_text(path: FieldPath) -> bool:
    """Tell whether ``path`` (with list indexes) is one of a case's free texts."""
    return tuple("*" if isinstance(part, int) else part for part in path) in FREE_TEXT_FIELDS


class Case(Strict):
    """One patient's case study, as written in ``cases/<id>.yml``."""

    id: Identifier
    status: vocab.Status
    headline: Annotated[str, Field(min_length=1, max_length=120), Visible]
    patient: Patient
    injury: Injury
    treatment: Treatment
    assessments: Annotated[list[Assessment], Field(min_length=1)]
    before: Annotated[str, Field(max_length=5000, json_schema_extra=MARKDOWN), Visible]
    after: Annotated[str, Field(max_length=5000, json_schema_extra=MARKDOWN), Visible]
    timeline: Annotated[list[TimelineEvent], Field(min_length=1)]
    story: Annotated[str, Field(max_length=20000, json_schema_extra=MARKDOWN), Visible] | None = (
        None
    )
    quote: Annotated[str, Field(min_length=1, max_length=300), Visible] | None = None
    consent: Consent
    reviewed: Review | None = None
    # The day the case was first published on the site: it dates the case in the feeds. Not a
    # date of the patient's care, so unlike those it may be shown.
    published: IsoDate | None = None
    # Sentences of this case a clinical reviewer accepted; the claims checker reads them.
    reviewed_claims: Annotated[list[ReviewedClaim], Field(max_length=50)] | None = None

    def week(self, entry: Timed) -> int:
        """Return the week of ``entry`` after the first treatment."""
        return entry.week_after(self.treatment.start)

    def cross_field_problems(self) -> list[tuple[FieldPath, str]]:
        """Check the rules that relate several fields; return (field path, message) pairs."""
        return [
            *self._date_problems(),
            *self._scope_problems(),
            *self._review_problems(),
        ]

    def _date_problems(self) -> list[tuple[FieldPath, str]]:
        found: list[tuple[FieldPath, str]] = []
        start = self.treatment.start
        if self.injury.date.earliest() > start:
            found.append((("injury", "date"), "must not be after treatment.start"))
        for index, session in enumerate(self.treatment.sessions):
            if self.week(session) < 0:
                path: FieldPath = ("treatment", "sessions", index, "date")
                found.append((path, "a session cannot be before treatment.start (week 0)"))
        if self.week(self.assessments[0]) > 0:
            message = "the first assessment is the baseline: at week 0 or before"
            found.append((("assessments", 0), message))
        if self.consent.expires <= self.consent.signed:
            found.append((("consent", "expires"), "must be after consent.signed"))
        return found

    def _scope_problems(self) -> list[tuple[FieldPath, str]]:
        found: list[tuple[FieldPath, str]] = []
        scope = set(self.consent.scope)
        if "name" not in scope and not is_initials_style(self.patient.name):
            message = "without 'name' in consent.scope write a first name and initials (Maya R.)"
            found.append((("patient", "name"), f"{message} or initials only (M. R.)"))
        if self.patient.photo is not None and "photo" not in scope:
            found.append((("patient", "photo"), "needs 'photo' in consent.scope"))
        for name in ("story", "quote"):
            if getattr(self, name) is not None and "quote" not in scope:
                found.append(((name,), "needs 'quote' in consent.scope"))
        if self.quote is not None and _squash(self.quote) not in _squash(self.story or ""):
            found.append((("quote",), "must appear word for word in story"))
        return found

    def _review_problems(self) -> list[tuple[FieldPath, str]]:
        message = self.reviewed.order_problem() if self.reviewed else None
        return [(("reviewed", "next"), message)] if message else []


class SessionRange(Strict):
    """How many sessions a protocol gives."""

    min: Annotated[int, Field(ge=1), Whole]
    max: Annotated[int, Field(ge=1), Whole]

    @model_validator(mode="after")
    def _ordered(self) -> SessionRange:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) must be at least min ({self.min})")
        return self


class Phase(Strict):
    """One phase of a protocol."""

    name: Annotated[str, Field(min_length=1, max_length=80), Visible]
    text: Annotated[str, Field(min_length=1, max_length=1000), Visible]


class PriceOption(Strict):
    """An optional add-on with its price."""

    id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=80), Visible]
    price: Amount


class Price(Strict):
    """What a protocol costs; drives the cost estimate."""

    currency: Currency
    base: Amount
    per_session: Amount
    options: list[PriceOption] = []


class TreatedYear(Strict):
    """How many patients a protocol treated in one calendar year, published or not."""

    year: Annotated[int, Field(ge=EARLIEST_YEAR, le=2999), Whole]
    patients: Annotated[int, Field(ge=0, le=1_000_000), Whole]


def _distinct_years(value: list[TreatedYear]) -> list[TreatedYear]:
    years = [entry.year for entry in value]
    repeated = sorted({year for year in years if years.count(year) > 1})
    if repeated:
        raise ValueError(f"give each year once; repeated: {', '.join(map(str, repeated))}")
    return value


# Registry identifiers: NCT01234567, ISRCTN12345678, ChiCTR2000012345, EudraCT 2019-001234-56...
# all letters, digits, hyphens or slashes, with at least one digit.
TRIAL_PATTERN = r"^[A-Z0-9][A-Za-z0-9/-]*[0-9][A-Za-z0-9/-]*$"


class Protocol(Strict):
    """A treatment protocol, from the front matter of ``content/protocols/<id>.md``."""

    id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=120), Visible]
    cells: Annotated[list[vocab.Cells], Field(min_length=1)]
    routes: Annotated[list[vocab.Route], Field(min_length=1)]
    sessions: SessionRange
    phases: Annotated[list[Phase], Field(min_length=1)]
    recommended_for: PlainText | None = None
    regulatory_status: PlainText
    trial: Annotated[str, Field(pattern=TRIAL_PATTERN, min_length=4, max_length=40)] | None = None
    expected_results: PlainText
    risks: Annotated[list[PlainText], Field(min_length=1)]
    price: Price | None = None
    treated: Annotated[list[TreatedYear], AfterValidator(_distinct_years)] | None = None

    def treated_in(self, year: int) -> int | None:
        """Return how many patients this protocol treated in ``year``, if it declares it."""
        if self.treated is None:
            return None
        return next((entry.patients for entry in self.treated if entry.year == year), None)

    def problems_with(self, case: Case) -> list[tuple[FieldPath, str]]:
        """Check a case against this protocol; return (field path, message) pairs."""
        found: list[tuple[FieldPath, str]] = []
        for index, session in enumerate(case.treatment.sessions):
            if session.route not in self.routes:
                offered = ", ".join(self.routes)
                message = f"{session.route!r} is not a route of {self.id} (it offers {offered})"
                found.append((("treatment", "sessions", index, "route"), message))
        return found

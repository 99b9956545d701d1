"""The case and protocol models: each rule of the case format, one change at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from generator.content.load import load_case
from generator.content.messages import problems_from
from generator.content.models import Case, Protocol, Timed, is_initials_style
from generator.content.strict_yaml import Document, FieldPath, format_path
from tests.factories import valid_case, valid_protocol, write_case

Found = list[tuple[str, str]]


def _set(data: dict[str, Any], path: FieldPath, value: Any) -> dict[str, Any]:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _drop(data: dict[str, Any], path: FieldPath) -> dict[str, Any]:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return data


def case_problems(data: dict[str, Any]) -> Found:
    """Every (field, message) a case dict fails on: field rules, then cross-field rules."""
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return [(p.field, p.message) for p in problems_from(exc, Case, Document(data), "x.yml")]
    return [(format_path(path), message) for path, message in case.cross_field_problems()]


def protocol_problems(data: dict[str, Any]) -> Found:
    try:
        Protocol.model_validate(data)
    except ValidationError as exc:
        return [(p.field, p.message) for p in problems_from(exc, Protocol, Document(data), "p")]
    return []


def changed(path: FieldPath, value: Any) -> Found:
    return case_problems(_set(valid_case(), path, value))


def test_the_factories_are_valid() -> None:
    assert case_problems(valid_case()) == []
    assert protocol_problems(valid_protocol()) == []


def test_case_values_are_typed() -> None:
    case = Case.model_validate(valid_case())
    assert case.patient.age == 34
    assert case.treatment.start == dt.date(2023, 9, 4)
    assert case.treatment.sessions[0].dose_million == 100.0
    assert case.assessments[0].week == -1
    assert case.assessments[1].ashworth == "1+"
    assert str(case.injury.date) == "2021-06"
    assert case.consent.revoked is None


def test_models_are_frozen() -> None:
    case = Case.model_validate(valid_case())
    with pytest.raises(ValidationError):
        case.status = "draft"


# --- identity and status ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a", "maya-r-t11", "x1-2", "a" * 64])
def test_id_accepted(value: str) -> None:
    assert changed(("id",), value) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Maya-R", "'Maya-R' is not a valid id: use lowercase letters, digits and single hyphens"),
        ("maya_r", "'maya_r' is not a valid id: use lowercase letters, digits and single hyphens"),
        (
            "maya--r",
            "'maya--r' is not a valid id: use lowercase letters, digits and single hyphens",
        ),
        ("a" * 65, "is 65 characters long; the limit is 64"),
    ],
)
def test_id_refused(value: str, message: str) -> None:
    assert changed(("id",), value) == [("id", message)]


@pytest.mark.parametrize("value", ["draft", "review", "published", "withdrawn"])
def test_status_accepted(value: str) -> None:
    assert changed(("status",), value) == []


def test_status_refused() -> None:
    assert changed(("status",), "live") == [
        ("status", "'live' is not one of draft, review, published, withdrawn")
    ]


def test_headline_length() -> None:
    assert changed(("headline",), "x" * 120) == []
    assert changed(("headline",), "x" * 121) == [
        ("headline", "is 121 characters long; the limit is 120")
    ]
    assert changed(("headline",), "") == [("headline", "must not be empty")]


def test_required_field_missing() -> None:
    assert case_problems(_drop(valid_case(), ("headline",))) == [("headline", "is required")]


@pytest.mark.parametrize(
    ("path", "wrong", "hint"),
    [
        (("statuss",), "statuss", "status"),
        (("patient", "nmae"), "nmae", "name"),
        (("treatment", "sessions", 0, "rout"), "rout", "route"),
        (("assessments", 0, "lem"), "lem", "lems"),
        (("consent", "scopes"), "scopes", "scope"),
    ],
)
def test_unknown_field_suggests_the_known_one(path: FieldPath, wrong: str, hint: str) -> None:
    data = _set(valid_case(), path, "x")
    assert case_problems(data) == [
        (format_path(path), f"unknown field {wrong!r}; did you mean {hint!r}?")
    ]


def test_unknown_field_without_a_close_match() -> None:
    assert changed(("zzzzzz",), "x") == [("zzzzzz", "unknown field 'zzzzzz'")]


# --- patient ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Maya R.", "M. R.", "M.R.", "R.", "Jean-Luc P.", "Zoë Ö. K."])
def test_initials_style_names(name: str) -> None:
    assert is_initials_style(name)


@pytest.mark.parametrize("name", ["Maya Rose", "Maya", "maya r.", "M. r.", "Maya R", "M R", "1."])
def test_full_or_malformed_names(name: str) -> None:
    assert not is_initials_style(name)


NAME_MESSAGE = (
    "without 'name' in consent.scope write a first name and initials (Maya R.) or initials "
    "only (M. R.)"
)


def test_full_name_needs_name_scope() -> None:
    data = _set(valid_case(), ("patient", "name"), "Maya Rose")
    assert case_problems(data) == [("patient.name", NAME_MESSAGE)]
    data["consent"]["scope"].append("name")
    assert case_problems(data) == []


def test_name_length() -> None:
    data = _set(valid_case(), ("patient", "name"), "x" * 61)
    data["consent"]["scope"].append("name")
    assert case_problems(data) == [("patient.name", "is 61 characters long; the limit is 60")]


@pytest.mark.parametrize("age", ["0", "90", "120"])
def test_age_accepted(age: str) -> None:
    assert changed(("patient", "age"), age) == []


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ("-1", "must be at least 0, not '-1'"),
        ("121", "must be at most 120, not '121'"),
        ("34.5", "must be a whole number, not '34.5'"),
        ("thirty", "must be a whole number, not 'thirty'"),
        ("34.0", "must be a whole number, not '34.0'"),
        ("3_4", "must be a whole number, not '3_4'"),
    ],
)
def test_age_refused(age: str, message: str) -> None:
    assert changed(("patient", "age"), age) == [("patient.age", message)]


def test_sex_defaults_to_undisclosed() -> None:
    case = Case.model_validate(_drop(valid_case(), ("patient", "sex")))
    assert case.patient.sex == "undisclosed"
    assert changed(("patient", "sex"), "f") == [
        ("patient.sex", "'f' is not one of female, male, other, undisclosed")
    ]


def test_country_no_is_norway() -> None:
    case = Case.model_validate(_set(valid_case(), ("patient", "country"), "NO"))
    assert case.patient.country == "NO"


@pytest.mark.parametrize("code", ["XX", "NOR", "no", "Au", ""])
def test_country_refused(code: str) -> None:
    assert changed(("patient", "country"), code) == [
        ("patient.country", f"{code!r} is not an ISO 3166-1 alpha-2 country code (such as AU, NO)")
    ]


def _with_photo(photo: str) -> Found:
    data = _set(valid_case(), ("patient", "photo"), photo)
    data["consent"]["scope"].append("photo")
    return case_problems(data)


@pytest.mark.parametrize("photo", ["photos/maya.jpg", "maya.JPEG", "a/b/c.png", "x.jpeg"])
def test_photo_path_accepted(photo: str) -> None:
    assert _with_photo(photo) == []


@pytest.mark.parametrize(
    "photo",
    ["../maya.jpg", "photos/../../maya.jpg", "/etc/maya.jpg", "\\\\server\\maya.jpg", "C:/m.jpg"],
)
def test_photo_path_must_stay_inside_cases(photo: str) -> None:
    assert _with_photo(photo) == [
        ("patient.photo", f"{photo!r} must be a path inside cases/, such as photos/maya.jpg")
    ]


@pytest.mark.parametrize("photo", ["maya.gif", "maya.webp", "maya.svg", "maya.jpg.html", "maya"])
def test_photo_must_be_jpeg_or_png(photo: str) -> None:
    assert _with_photo(photo) == [
        ("patient.photo", f"{photo!r} must be a JPEG or PNG file (.jpg, .jpeg or .png)")
    ]


def test_photo_needs_photo_scope() -> None:
    assert changed(("patient", "photo"), "maya.jpg") == [
        ("patient.photo", "needs 'photo' in consent.scope")
    ]


# --- injury -----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["C1", "C8", "T12", "L5", "S5"])
def test_level_accepted(level: str) -> None:
    assert changed(("injury", "level"), level) == []


@pytest.mark.parametrize("level", ["C9", "T13", "L0", "t11", "T11\n", "thoracic"])
def test_level_refused(level: str) -> None:
    message = f"{level!r} is not a level: use C1-C8, T1-T12, L1-L5 or S1-S5"
    assert changed(("injury", "level"), level) == [("injury.level", message)]
    assert changed(("assessments", 0, "level"), level) == [("assessments[0].level", message)]


def test_injury_ais_is_a_to_d() -> None:
    assert changed(("injury", "ais"), "A") == []
    assert changed(("injury", "ais"), "E") == [("injury.ais", "'E' is not one of A, B, C, D")]


@pytest.mark.parametrize(
    "cause", ["vehicle", "fall", "sport", "violence", "medical", "other", "unknown"]
)
def test_cause_accepted(cause: str) -> None:
    assert changed(("injury", "cause"), cause) == []


def test_cause_refused() -> None:
    assert changed(("injury", "cause"), "diving") == [
        ("injury.cause", "'diving' is not one of vehicle, fall, sport, violence, medical, "
         "other, unknown")
    ]  # fmt: skip


@pytest.mark.parametrize("date", ["2021", "2021-06", "2021-06-14", "2023-09", "2023-09-04"])
def test_injury_date_formats(date: str) -> None:
    assert changed(("injury", "date"), date) == []


@pytest.mark.parametrize("date", ["2023-09-05", "2023-10", "2024"])
def test_injury_date_not_after_start(date: str) -> None:
    assert changed(("injury", "date"), date) == [
        ("injury.date", "must not be after treatment.start")
    ]


def test_injury_date_refused() -> None:
    assert changed(("injury", "date"), "06/2021") == [
        ("injury.date", "'06/2021' is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    ]


# --- treatment --------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["2023-09", "2023", "4 September 2023"])
def test_start_is_a_full_date(start: str) -> None:
    assert changed(("treatment", "start"), start) == [
        ("treatment.start", f"{start!r} is not a date written YYYY-MM-DD")
    ]


def test_sessions_need_one() -> None:
    assert changed(("treatment", "sessions"), []) == [
        ("treatment.sessions", "needs at least 1 item(s)")
    ]


def test_session_week_is_not_negative() -> None:
    assert changed(("treatment", "sessions", 1, "week"), "-1") == [
        ("treatment.sessions[1].week", "must be at least 0, not '-1'")
    ]


def test_session_by_date() -> None:
    data = valid_case()
    data["treatment"]["sessions"][1] = {"date": "2023-10-02", "route": "iv", "cells": "uc-msc"}
    case = Case.model_validate(data)
    assert case.week(case.treatment.sessions[1]) == 4
    assert case.cross_field_problems() == []


def test_session_date_before_start() -> None:
    data = valid_case()
    data["treatment"]["sessions"][1] = {"date": "2023-09-03", "route": "iv", "cells": "uc-msc"}
    assert case_problems(data) == [
        ("treatment.sessions[1].date", "a session cannot be before treatment.start (week 0)")
    ]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("treatment", "sessions", 1), "treatment.sessions[1]"),
        (("treatment", "adverse_events", 0), "treatment.adverse_events[0]"),
        (("assessments", 1), "assessments[1]"),
        (("timeline", 0), "timeline[0]"),
    ],
)
def test_week_xor_date(path: FieldPath, field: str) -> None:
    both = valid_case()
    _set(both, (*path, "date"), "2023-10-02")
    message = "give either week or date (exactly one of them)"
    assert case_problems(both) == [(field, message)]
    neither = _drop(valid_case(), (*path, "week"))
    assert case_problems(neither) == [(field, message)]


def test_route_and_cells_vocabularies() -> None:
    assert changed(("treatment", "sessions", 0, "route"), "oral") == [
        ("treatment.sessions[0].route", "'oral' is not one of iv, intrathecal, intraspinal")
    ]
    assert changed(("treatment", "sessions", 0, "cells"), "esc") == [
        ("treatment.sessions[0].cells", "'esc' is not one of uc-msc, bm-msc, ad-msc, other")
    ]


@pytest.mark.parametrize(
    ("dose", "message"),
    [
        ("0", "must be more than 0, not '0'"),
        ("-5", "must be more than 0, not '-5'"),
        ("inf", "must be a finite number, not 'inf'"),
        ("nan", "must be a finite number, not 'nan'"),
        ("lots", "must be a number written with digits, such as 50 or 2.5, not 'lots'"),
        ("7_0", "must be a number written with digits, such as 50 or 2.5, not '7_0'"),
        ("0x10", "must be a number written with digits, such as 50 or 2.5, not '0x10'"),
        (" 5", "must be a number written with digits, such as 50 or 2.5, not ' 5'"),
        ("1e400", "must be a finite number, not '1e400'"),
    ],
)
def test_dose_above_zero(dose: str, message: str) -> None:
    assert changed(("treatment", "sessions", 0, "dose_million"), dose) == [
        ("treatment.sessions[0].dose_million", message)
    ]


def test_dose_is_optional_and_may_be_fractional() -> None:
    assert case_problems(_drop(valid_case(), ("treatment", "sessions", 0, "dose_million"))) == []
    assert changed(("treatment", "sessions", 0, "dose_million"), "0.5") == []


def test_adverse_events_required_but_may_be_empty() -> None:
    assert changed(("treatment", "adverse_events"), []) == []
    assert case_problems(_drop(valid_case(), ("treatment", "adverse_events"))) == [
        ("treatment.adverse_events", "is required")
    ]
    assert changed(("treatment", "adverse_events", 0, "severity"), "fatal") == [
        ("treatment.adverse_events[0].severity", "'fatal' is not one of mild, moderate, severe")
    ]


def test_rehab_is_optional() -> None:
    assert case_problems(_drop(valid_case(), ("treatment", "rehab"))) == []


# --- assessments ------------------------------------------------------------------------------


def test_assessments_need_one() -> None:
    assert changed(("assessments",), []) == [("assessments", "needs at least 1 item(s)")]


@pytest.mark.parametrize("week", ["0", "-1", "-52"])
def test_baseline_at_week_zero_or_before(week: str) -> None:
    assert changed(("assessments", 0, "week"), week) == []


def test_baseline_after_week_zero() -> None:
    assert changed(("assessments", 0, "week"), "1") == [
        ("assessments[0]", "the first assessment is the baseline: at week 0 or before")
    ]


def test_baseline_by_date() -> None:
    data = valid_case()
    del data["assessments"][0]["week"]
    data["assessments"][0]["date"] = "2023-09-04"
    assert case_problems(data) == []
    data["assessments"][0]["date"] = "2023-09-11"
    assert case_problems(data) == [
        ("assessments[0]", "the first assessment is the baseline: at week 0 or before")
    ]


@pytest.mark.parametrize(
    ("score", "high"),
    [
        ("uems", 50),
        ("lems", 50),
        ("light_touch", 112),
        ("pin_prick", 112),
        ("scim", 100),
        ("wisci", 20),
        ("nbd", 47),
    ],
)
def test_score_ranges(score: str, high: int) -> None:
    path = ("assessments", 1, score)
    assert changed(path, "0") == []
    assert changed(path, str(high)) == []
    assert changed(path, str(high + 1)) == [
        (f"assessments[1].{score}", f"must be at most {high}, not '{high + 1}'")
    ]
    assert changed(path, "-1") == [(f"assessments[1].{score}", "must be at least 0, not '-1'")]


@pytest.mark.parametrize("grade", ["0", "1", "1+", "2", "3", "4", 1, 4])
def test_ashworth_grades(grade: str | int) -> None:
    case = Case.model_validate(_set(valid_case(), ("assessments", 0, "ashworth"), grade))
    assert case.assessments[0].ashworth == str(grade)


@pytest.mark.parametrize("grade", ["5", "2+", "1-", "-1", "+1"])
def test_ashworth_refused(grade: str) -> None:
    assert changed(("assessments", 0, "ashworth"), grade) == [
        ("assessments[0].ashworth", f"{grade!r} is not one of 0, 1, 1+, 2, 3, 4")
    ]


def test_assessment_ais_is_a_to_e() -> None:
    assert changed(("assessments", 1, "ais"), "E") == []
    assert changed(("assessments", 1, "ais"), "F") == [
        ("assessments[1].ais", "'F' is not one of A, B, C, D, E")
    ]


def test_assessment_measures_something() -> None:
    data = valid_case()
    data["assessments"][1] = {"week": "26"}
    [(field, message)] = case_problems(data)
    assert field == "assessments[1]"
    assert message.startswith("record at least one of ais, level, uems, lems")


# --- prose ------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["before", "after"])
def test_before_after_length(field: str) -> None:
    assert changed((field,), "x" * 5000) == []
    assert changed((field,), "x" * 5001) == [(field, "is 5001 characters long; the limit is 5000")]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("domain",), "hair", "'hair' is not one of bladder, bowel, sensation, spasticity, motor, "
         "pain, sweating, sexual, mood, other"),
        (("change",), "better", "'better' is not one of improved, no_change, worsened"),
        (("source",), "family", "'family' is not one of patient, clinician, measured"),
        (("text",), "", "must not be empty"),
        (("text",), "x" * 301, "is 301 characters long; the limit is 300"),
    ],
)  # fmt: skip
def test_timeline_rules(path: FieldPath, value: str, message: str) -> None:
    assert changed(("timeline", 0, *path), value) == [("timeline[0]." + format_path(path), message)]


def test_timeline_needs_one() -> None:
    assert changed(("timeline",), []) == [("timeline", "needs at least 1 item(s)")]


def test_timeline_text_at_the_limit() -> None:
    assert changed(("timeline", 0, "text"), "x" * 300) == []


def test_story_length() -> None:
    story = "Now I stand with a frame. " + "x" * (20000 - 26)
    assert changed(("story",), story) == []
    assert changed(("story",), story + "x") == [
        ("story", "is 20001 characters long; the limit is 20000")
    ]


def test_story_and_quote_need_quote_scope() -> None:
    data = _set(valid_case(), ("consent", "scope"), ["clinical"])
    assert case_problems(data) == [
        ("story", "needs 'quote' in consent.scope"),
        ("quote", "needs 'quote' in consent.scope"),
    ]
    del data["quote"]
    assert case_problems(data) == [("story", "needs 'quote' in consent.scope")]
    del data["story"]
    assert case_problems(data) == []


def test_quote_must_appear_in_story() -> None:
    assert changed(("quote",), "I run marathons now.") == [
        ("quote", "must appear word for word in story")
    ]
    # Line breaks and repeated spaces do not count as a difference.
    assert changed(("quote",), "Now I   stand\nwith a frame.") == []


def test_quote_without_story() -> None:
    assert case_problems(_drop(valid_case(), ("story",))) == [
        ("quote", "must appear word for word in story")
    ]


def test_quote_length() -> None:
    long = "word " * 61
    data = _set(valid_case(), ("quote",), long.strip())
    data["story"] = long
    assert case_problems(data) == [("quote", "is 304 characters long; the limit is 300")]


# --- consent ----------------------------------------------------------------------------------


@pytest.mark.parametrize("expires", ["2023-08-30", "2023-08-29"])
def test_consent_expires_after_signed(expires: str) -> None:
    assert changed(("consent", "expires"), expires) == [
        ("consent.expires", "must be after consent.signed")
    ]


def test_consent_dates_are_full_dates() -> None:
    assert changed(("consent", "signed"), "2023-08") == [
        ("consent.signed", "'2023-08' is not a date written YYYY-MM-DD")
    ]
    assert changed(("consent", "revoked"), "2024-01-01") == []


def test_scope_vocabulary() -> None:
    assert changed(("consent", "scope"), ["clinical", "quote", "video", "name", "photo"]) == []
    assert changed(("consent", "scope", 1), "everything") == [
        ("consent.scope[1]", "'everything' is not one of clinical, name, photo, quote, video")
    ]
    assert changed(("consent", "scope"), "clinical") == [
        ("consent.scope", "must be a list, not 'clinical'")
    ]


@pytest.mark.parametrize("connection", ["none", "discount", "free_treatment", "payment"])
def test_connection_accepted(connection: str) -> None:
    assert changed(("consent", "connection"), connection) == []


def test_connection_refused() -> None:
    assert changed(("consent", "connection"), "gift") == [
        ("consent.connection", "'gift' is not one of none, discount, free_treatment, payment")
    ]


# --- CARE fields and clinical review (all optional) -------------------------------------------

REVIEW = {"by": "Neurologist, Dr S. Varga", "on": "2025-06", "next": "2026-06"}


def _with(path: FieldPath, value: Any) -> dict[str, Any]:
    """A valid case with ``value`` at ``path``, and a valid review around a part of one."""
    data = valid_case()
    if path[0] == "reviewed" and len(path) > 1:
        data["reviewed"] = dict(REVIEW)
    return _set(data, path, value)


def test_care_fields_are_optional_and_typed() -> None:
    data = valid_case()
    data["patient"]["history"] = "Type 2 diabetes, treated with metformin."
    data["treatment"] |= {
        "prior": ["Posterior fusion T10-T12.", "Inpatient rehabilitation for three months."],
        "rehab_hours_per_week": "4.5",
        "adverse_event_monitoring": "Phone call at 24 h and 7 days; examined at every visit.",
    }
    data["reviewed"] = dict(REVIEW)
    data["reviewed_claims"] = ["At six months Maya walks 10 m with a frame."]
    assert case_problems(data) == []
    case = Case.model_validate(data)
    assert case.treatment.rehab_hours_per_week == 4.5
    assert case.treatment.prior is not None and len(case.treatment.prior) == 2
    assert case.reviewed is not None
    assert (str(case.reviewed.on), str(case.reviewed.next)) == ("2025-06", "2026-06")
    assert case.model_dump(mode="json")["reviewed"] == REVIEW
    plain = Case.model_validate(valid_case())
    assert plain.patient.history is None and plain.treatment.prior is None
    assert plain.reviewed is None and plain.reviewed_claims is None


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("patient", "history"), "x" * 1001, "is 1001 characters long; the limit is 1000"),
        (("patient", "history"), "", "must not be empty"),
        (("treatment", "prior"), ["x" * 301], "is 301 characters long; the limit is 300"),
        (("treatment", "prior"), [""], "must not be empty"),
        (("treatment", "prior"), "Fusion T10-T12.", "must be a list, not 'Fusion T10-T12.'"),
        (("treatment", "rehab_hours_per_week"), "61", "must be at most 60, not '61'"),
        (("treatment", "rehab_hours_per_week"), "-1", "must be at least 0, not '-1'"),
        (("treatment", "rehab_hours_per_week"), "nan", "must be a finite number, not 'nan'"),
        (("treatment", "rehab_hours_per_week"), "3 h", "must be a number written with digits"),
        (("treatment", "adverse_event_monitoring"), "x" * 501, "the limit is 500"),
        (("reviewed", "by"), "x" * 121, "is 121 characters long; the limit is 120"),
        (("reviewed", "on"), "2025", "'2025' is not a date written YYYY-MM or YYYY-MM-DD"),
        (("reviewed", "next"), "June 2026", "is not a date written YYYY-MM or YYYY-MM-DD"),
        (("reviewed", "on"), "2025-13", "'2025-13' is not a real calendar date"),
        (("reviewed", "on"), "1899-12", "is before 1900; check the year"),
        (("reviewed_claims",), ["x" * 301], "is 301 characters long; the limit is 300"),
        (("reviewed_claims",), [""], "must not be empty"),
        (("reviewed_claims",), ["ok\x1b[2J"], "contains the invisible control character U+001B"),
    ],
)
def test_care_field_limits(path: FieldPath, value: Any, message: str) -> None:
    [(field, found)] = case_problems(_with(path, value))
    assert field.startswith(format_path(path))
    assert message in found


@pytest.mark.parametrize(
    ("path", "size"), [(("treatment", "prior"), 20), (("reviewed_claims",), 50)]
)
def test_care_lists_have_a_limit(path: FieldPath, size: int) -> None:
    assert case_problems(_with(path, ["A sentence."] * size)) == []
    [(field, message)] = case_problems(_with(path, ["A sentence."] * (size + 1)))
    assert field == format_path(path)
    assert f"at most {size} items" in message


def test_rehab_hours_bounds_are_included() -> None:
    assert changed(("treatment", "rehab_hours_per_week"), "0") == []
    assert changed(("treatment", "rehab_hours_per_week"), "60") == []


def test_review_needs_every_part() -> None:
    review = dict(REVIEW)
    del review["next"]
    assert changed(("reviewed",), review) == [("reviewed.next", "is required")]


@pytest.mark.parametrize(
    ("on", "following"),
    [("2025-06", "2025-07"), ("2025-06-30", "2025-07-01"), ("2025-06", "2025-07-01")],
)
def test_review_next_after_on(on: str, following: str) -> None:
    assert case_problems(_with(("reviewed",), {**REVIEW, "on": on, "next": following})) == []


@pytest.mark.parametrize(
    ("on", "following"),
    [("2025-06", "2025-06"), ("2025-06", "2025-05"), ("2025-06", "2025-06-30"),
     ("2025-06-14", "2025-06-14"), ("2025-06-14", "2025-06")],
)  # fmt: skip
def test_review_next_not_after_on(on: str, following: str) -> None:
    data = _with(("reviewed",), {**REVIEW, "on": on, "next": following})
    assert case_problems(data) == [("reviewed.next", f"must be after reviewed.on ({on})")]


def test_review_next_problem_is_located_at_its_line(tmp_path: Path) -> None:
    data = _with(("reviewed",), {**REVIEW, "next": "2025-06"})
    path = write_case(tmp_path, data)
    sourced, problems = load_case(path, path.name)
    assert sourced is None
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("  next:"))
    assert [(p.field, p.line, p.column) for p in problems] == [("reviewed.next", line, 9)]


def test_all_field_problems_are_reported_together() -> None:
    data = valid_case()
    data["status"] = "live"
    data["patient"]["age"] = "200"
    data["assessments"][1]["lems"] = "51"
    assert [field for field, _ in case_problems(data)] == [
        "status",
        "patient.age",
        "assessments[1].lems",
    ]


def test_all_cross_field_problems_are_reported_together() -> None:
    data = valid_case()
    data["injury"]["date"] = "2024"
    data["consent"]["expires"] = "2020-01-01"
    data["consent"]["scope"] = ["clinical"]
    assert [field for field, _ in case_problems(data)] == [
        "injury.date",
        "consent.expires",
        "story",
        "quote",
    ]


@pytest.mark.parametrize(
    ("date", "week"),
    [
        ("2023-09-04", 0),
        ("2023-09-10", 0),
        ("2023-09-11", 1),
        ("2024-03-04", 26),
        ("2023-09-03", -1),
    ],
)
def test_date_to_week(date: str, week: int) -> None:
    entry = Timed.model_validate({"date": date})
    assert entry.week_after(dt.date(2023, 9, 4)) == week


# --- protocols --------------------------------------------------------------------------------


def changed_protocol(path: FieldPath, value: Any) -> Found:
    return protocol_problems(_set(valid_protocol(), path, value))


def test_protocol_sessions_range() -> None:
    assert changed_protocol(("sessions",), {"min": "2", "max": "2"}) == []
    assert changed_protocol(("sessions",), {"min": "3", "max": "2"}) == [
        ("sessions", "max (2) must be at least min (3)")
    ]
    assert changed_protocol(("sessions",), {"min": "0", "max": "2"}) == [
        ("sessions.min", "must be at least 1, not '0'")
    ]


@pytest.mark.parametrize(
    "trial", ["NCT01234567", "ISRCTN12345678", "ChiCTR2000029606", "2019-001234-56", None]
)
def test_protocol_trial_accepted(trial: str | None) -> None:
    assert changed_protocol(("trial",), trial) == []


@pytest.mark.parametrize("trial", ["nct01234567", "NCT 0123", "see website", "Hello", "NCTABC"])
def test_protocol_trial_refused(trial: str) -> None:
    [(field, message)] = changed_protocol(("trial",), trial)
    assert field == "trial"
    assert message.startswith(f"{trial!r} does not match the pattern")


@pytest.mark.parametrize("currency", ["XYZ", "usd", "US", "DOLLAR"])
def test_protocol_currency(currency: str) -> None:
    assert changed_protocol(("price", "currency"), currency) == [
        ("price.currency", f"{currency!r} is not an ISO 4217 currency code (such as USD, EUR)")
    ]


@pytest.mark.parametrize("path", [("price", "base"), ("price", "per_session")])
def test_protocol_prices_not_negative_and_finite(path: FieldPath) -> None:
    field = format_path(path)
    assert changed_protocol(path, "0") == []
    assert changed_protocol(path, "-1") == [(field, "must be at least 0, not '-1'")]
    assert changed_protocol(path, "inf") == [(field, "must be a finite number, not 'inf'")]


def test_protocol_lists_need_items() -> None:
    for name in ("risks", "phases", "cells", "routes"):
        assert changed_protocol((name,), []) == [(name, "needs at least 1 item(s)")]
    assert changed_protocol(("risks", 0), "") == [("risks[0]", "must not be empty")]


def test_protocol_optional_fields() -> None:
    data = valid_protocol()
    for name in ("recommended_for", "trial", "price"):
        del data[name]
    assert protocol_problems(data) == []


def test_protocol_vocabularies_and_unknown_fields() -> None:
    assert changed_protocol(("routes", 1), "oral") == [
        ("routes[1]", "'oral' is not one of iv, intrathecal, intraspinal")
    ]
    assert changed_protocol(("risk",), ["x"]) == [
        ("risk", "unknown field 'risk'; did you mean 'risks'?")
    ]
    assert changed_protocol(("price", "options", 0, "prize"), "1") == [
        ("price.options[0].prize", "unknown field 'prize'; did you mean 'price'?")
    ]


def test_protocol_routes_checked_against_case() -> None:
    protocol = Protocol.model_validate(_set(valid_protocol(), ("routes",), ["iv"]))
    case = Case.model_validate(valid_case())
    assert protocol.problems_with(case) == [
        (
            ("treatment", "sessions", 1, "route"),
            "'intrathecal' is not a route of uc-msc-iv-lp (it offers iv)",
        )
    ]
    assert Protocol.model_validate(valid_protocol()).problems_with(case) == []


def test_json_schema_is_generated() -> None:
    schema = Case.model_json_schema()
    assert schema["additionalProperties"] is False
    assert schema["properties"]["id"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert set(schema["required"]) >= {"id", "status", "headline", "patient", "consent"}


def test_protocol_treated_per_year() -> None:
    treated = [{"year": "2023", "patients": "40"}, {"year": "2024", "patients": "0"}]
    assert changed_protocol(("treated",), treated) == []
    assert changed_protocol(("treated",), None) == []
    twice = [{"year": "2023", "patients": "4"}, {"year": "2023", "patients": "5"}]
    [(field, message)] = changed_protocol(("treated",), twice)
    assert field == "treated" and "give each year once; repeated: 2023" in message
    [(field, message)] = changed_protocol(("treated",), [{"year": "2023", "patients": "-1"}])
    assert field == "treated[0].patients" and "at least 0" in message
    [(field, _)] = changed_protocol(("treated",), [{"year": "1850", "patients": "1"}])
    assert field == "treated[0].year"


def test_protocol_treated_in_a_year() -> None:
    data = {**valid_protocol(), "treated": [{"year": "2023", "patients": "40"}]}
    protocol = Protocol.model_validate(data)
    assert protocol.treated_in(2023) == 40 and protocol.treated_in(2024) is None
    assert Protocol.model_validate(valid_protocol()).treated_in(2023) is None

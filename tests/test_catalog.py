"""The catalog: references between files and what may be published on a given day."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog.selection import Dropped, build_catalog, exclusion_reason, future_problems
from generator.content.load import Sourced
from generator.content.models import Case, Protocol
from generator.content.references import RESERVED_IDS, cross_file_problems
from generator.content.strict_yaml import parse
from tests.factories import valid_case, valid_protocol

TODAY = dt.date(2025, 1, 15)


def sourced_case(data: dict[str, Any]) -> Sourced[Case]:
    source = f"cases/{data['id']}.yml"
    doc, problems = parse(yaml.safe_dump(data, sort_keys=False), source)
    assert doc is not None and problems == []
    return Sourced(Case.model_validate(doc.data), source, Path(source), doc)


def sourced_protocol(data: dict[str, Any], source: str | None = None) -> Sourced[Protocol]:
    source = source or f"content/protocols/{data['id']}.md"
    doc, problems = parse(yaml.safe_dump(data, sort_keys=False), source, line_offset=2)
    assert doc is not None and problems == []
    return Sourced(Protocol.model_validate(doc.data), source, Path(source), doc)


def case(**changes: Any) -> Case:
    data = valid_case()
    for dotted, value in changes.items():
        target: Any = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    return Case.model_validate(data)


# --- cross-file rules -------------------------------------------------------------------------


def test_valid_references() -> None:
    assert (
        cross_file_problems([sourced_case(valid_case())], [sourced_protocol(valid_protocol())])
        == []
    )


def test_unknown_protocol() -> None:
    data = valid_case()
    data["treatment"]["protocol"] = "uc-msc-magic"
    other = valid_protocol()
    other["id"] = "bm-msc-iv"
    found = cross_file_problems(
        [sourced_case(data)], [sourced_protocol(valid_protocol()), sourced_protocol(other)]
    )
    assert [str(p) for p in found] == [
        "cases/maya-r-t11.yml:15:13: treatment.protocol: unknown protocol 'uc-msc-magic' "
        "(known: bm-msc-iv, uc-msc-iv-lp)"
    ]


def test_unknown_protocol_when_there_are_none() -> None:
    [problem] = cross_file_problems([sourced_case(valid_case())], [])
    assert problem.message == "unknown protocol 'uc-msc-iv-lp' (known: none)"


def test_route_not_offered_by_the_protocol() -> None:
    protocol = valid_protocol()
    protocol["routes"] = ["iv"]
    found = cross_file_problems([sourced_case(valid_case())], [sourced_protocol(protocol)])
    assert [(p.path, p.line, p.field, p.message) for p in found] == [
        (
            "cases/maya-r-t11.yml",
            23,
            "treatment.sessions[1].route",
            "'intrathecal' is not a route of uc-msc-iv-lp (it offers iv)",
        )
    ]


def test_duplicate_protocol_id() -> None:
    first = sourced_protocol(valid_protocol(), "content/protocols/a.md")
    second = sourced_protocol(valid_protocol(), "content/protocols/b.md")
    found = cross_file_problems([sourced_case(valid_case())], [first, second])
    assert [str(p) for p in found] == [
        "content/protocols/b.md:3:5: id: duplicate id (also in content/protocols/a.md)"
    ]


def test_duplicate_case_id() -> None:
    first = sourced_case(valid_case())
    second = Sourced(first.model, "cases/copy.yml", Path("cases/copy.yml"), first.doc)
    found = cross_file_problems([first, second], [sourced_protocol(valid_protocol())])
    assert [(p.path, p.field, p.message) for p in found] == [
        ("cases/copy.yml", "id", "duplicate id (also in cases/maya-r-t11.yml)")
    ]


# --- publication rules ------------------------------------------------------------------------


def test_published_case_with_valid_consent_shows() -> None:
    assert exclusion_reason(case(), TODAY, preview=False) is None


@pytest.mark.parametrize(
    ("status", "build", "preview"),
    [
        ("published", None, None),
        ("draft", "status is draft", None),
        ("review", "status is review", None),
        ("withdrawn", "status is withdrawn", "status is withdrawn"),
    ],
)
def test_status(status: str, build: str | None, preview: str | None) -> None:
    subject = case(status=status)
    assert exclusion_reason(subject, TODAY, preview=False) == build
    assert exclusion_reason(subject, TODAY, preview=True) == preview


@pytest.mark.parametrize(
    ("consent", "reason"),
    [
        ({"scope": ["quote"]}, "consent scope lacks 'clinical'"),
        ({"revoked": "2024-12-01"}, "consent was revoked"),
        ({"revoked": TODAY.isoformat()}, "consent was revoked"),
        # A recorded revocation holds whatever the build date: a build dated before it
        # (an old SOURCE_DATE_EPOCH) must not publish the case again.
        ({"revoked": "2025-02-01"}, "consent was revoked"),
        ({"signed": "2025-01-16", "expires": "2030-01-01"}, "consent is not signed yet"),
        ({"signed": TODAY.isoformat(), "expires": "2030-01-01"}, None),
        ({"expires": "2025-01-14"}, "consent has expired"),
        ({"expires": TODAY.isoformat()}, "consent has expired"),
        ({"expires": "2025-01-16"}, None),
    ],
)
def test_consent(consent: dict[str, Any], reason: str | None) -> None:
    subject = case(**{f"consent__{key}": value for key, value in consent.items()})
    assert exclusion_reason(subject, TODAY, preview=False) == reason
    # Preview never shows what consent does not allow.
    assert exclusion_reason(subject, TODAY, preview=True) == reason


def _cases() -> list[Case]:
    return [
        case(id="old", treatment__start="2020-03-02", injury__date="2019"),
        case(id="new", treatment__start="2024-06-03"),
        case(id="mid", treatment__start="2023-09-04"),
        case(id="same-day", treatment__start="2023-09-04"),
        case(id="draft", status="draft", treatment__start="2024-12-02"),
        case(id="gone", status="withdrawn", treatment__start="2024-12-02"),
        case(id="expired", consent__expires="2024-01-01"),
    ]


def test_build_shows_published_only_newest_first() -> None:
    catalog = build_catalog(_cases(), [Protocol.model_validate(valid_protocol())], today=TODAY)
    assert [c.id for c in catalog.cases] == ["new", "mid", "same-day", "old"]  # same day: by id
    assert catalog.dropped == (
        Dropped("draft", "status is draft"),
        Dropped("gone", "status is withdrawn"),
        Dropped("expired", "consent has expired"),
    )
    assert catalog.today == TODAY
    assert catalog.preview is False


def test_preview_shows_draft_and_review_never_withdrawn() -> None:
    cases = [*_cases(), case(id="in-review", status="review", treatment__start="2020-01-06")]
    protocols = [Protocol.model_validate(valid_protocol())]
    catalog = build_catalog(cases, protocols, today=TODAY, preview=True)
    # Drafts and reviews get preview pages but are never counted with the published cases.
    assert [c.id for c in catalog.cases] == ["new", "mid", "same-day", "old"]
    assert [c.id for c in catalog.previews] == ["draft", "in-review"]
    assert [d.id for d in catalog.dropped] == ["gone", "expired"]
    assert catalog.preview is True


def test_order_does_not_depend_on_input_order() -> None:
    cases = _cases()
    expected = build_catalog(cases, [], today=TODAY).cases
    for seed in range(5):
        random.Random(seed).shuffle(cases)
        assert build_catalog(cases, [], today=TODAY).cases == expected


def test_protocols_by_id_and_cases_of() -> None:
    other = valid_protocol()
    other["id"] = "a-first"
    protocols = [Protocol.model_validate(valid_protocol()), Protocol.model_validate(other)]
    cases = [case(id="one"), case(id="two", treatment__protocol="a-first")]
    catalog = build_catalog(cases, protocols, today=TODAY)
    assert list(catalog.protocols) == ["a-first", "uc-msc-iv-lp"]
    assert [c.id for c in catalog.cases_of("a-first")] == ["two"]
    assert [c.id for c in catalog.cases_of("uc-msc-iv-lp")] == ["one"]
    assert catalog.cases_of("nothing") == ()


def test_a_protocol_that_exists_but_is_invalid_is_named_as_such() -> None:
    data = valid_case()
    found = cross_file_problems([sourced_case(data)], [], invalid_protocols={"uc-msc-iv-lp"})
    assert [str(p) for p in found] == [
        "cases/maya-r-t11.yml:15:13: treatment.protocol: protocol 'uc-msc-iv-lp' is invalid; "
        "fix its page first (see its errors)"
    ]


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_ids_of_generated_pages_are_refused(reserved: str) -> None:
    data = valid_case()
    data["id"] = reserved
    found = cross_file_problems([sourced_case(data)], [sourced_protocol(valid_protocol())])
    assert [p.field for p in found] == ["id"]
    assert found[0].message.startswith(f"{reserved!r} is the address of a generated page")


def test_reserved_ids_cover_the_index_its_pages_and_every_facet_folder() -> None:
    assert {"index", "page", "region", "ais", "protocol", "country"} == RESERVED_IDS


def test_a_case_with_an_unknown_protocol_never_reaches_the_catalog() -> None:
    # Defence in depth: the loader drops it first, but a catalog alone must hold too.
    subject = case(treatment__protocol="elsewhere")
    catalog = build_catalog([subject], [Protocol.model_validate(valid_protocol())], today=TODAY)
    assert catalog.cases == ()
    assert catalog.dropped == (Dropped("maya-r-t11", "its protocol is unknown or invalid"),)


# --- nothing after the build date ---------------------------------------------------------------


def test_a_case_entirely_in_the_past_has_no_future_problem() -> None:
    assert future_problems(sourced_case(valid_case()), TODAY) == []


def test_a_treatment_after_the_build_date() -> None:
    data = valid_case()
    data["treatment"]["start"] = "9999-01-04"
    found = future_problems(sourced_case(data), TODAY)
    assert [(p.field, p.message) for p in found] == [
        ("treatment.start", "is after the build date; check the year")
    ]


def test_entries_after_the_build_date_are_located() -> None:
    data = valid_case()  # treated 2023-09-04; 2025-01-15 is in week 71
    data["assessments"][1]["week"] = "72"
    data["timeline"][0] = {**data["timeline"][0], "week": None, "date": "2025-02-01"}
    del data["timeline"][0]["week"]
    found = future_problems(sourced_case(data), TODAY)
    assert [(p.field, p.message) for p in found] == [
        ("assessments[1].week", "is after the build date (week 71 of this treatment)"),
        ("timeline[0].date", "is after the build date (week 71 of this treatment)"),
    ]
    data["assessments"][1]["week"] = "71"
    data["timeline"][0]["date"] = "2025-01-15"
    assert future_problems(sourced_case(data), TODAY) == []

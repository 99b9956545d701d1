"""The feeds' entries: every published case, newest first, with every disclosure, no care dates."""

from __future__ import annotations

import datetime as dt

from generator.catalog.feeds import entry_text, feed_entries
from generator.catalog.selection import Catalog
from generator.content.models import AdverseEvent, Case, Protocol
from tests.factories import make_case, valid_protocol


def _case(case_id: str, published: dt.date | None) -> Case:
    return make_case(case_id).model_copy(update={"published": published})


def _protocol(case: Case) -> Protocol:
    return Protocol.model_validate({**valid_protocol(), "id": case.treatment.protocol})


def _catalog(*cases: Case) -> Catalog:
    protocol = _protocol(cases[0])
    return Catalog(cases=cases, protocols={protocol.id: protocol}, today=dt.date(2026, 11, 18))


def test_newest_published_first_and_undated_cases_last() -> None:
    catalog = _catalog(
        _case("b-old", dt.date(2025, 1, 10)), _case("z-none", None),
        _case("c-new", dt.date(2026, 2, 1)), _case("a-none", None),
    )  # fmt: skip
    entries = feed_entries(catalog)
    assert [e.id for e in entries] == ["c-new", "b-old", "a-none", "z-none"]
    assert (entries[0].address, entries[0].published) == ("cases/c-new/", dt.date(2026, 2, 1))


def test_an_entry_carries_every_disclosure_and_no_date_of_care() -> None:
    case = _case("x", dt.date(2026, 2, 1))
    protocol = _protocol(case)
    text = entry_text(case, protocol)
    assert " ".join(protocol.regulatory_status.split()) in text
    assert " ".join(protocol.expected_results.split()) in text
    assert "after the injury" in text
    for date in (case.treatment.start, case.consent.signed, case.consent.expires):
        assert date.isoformat() not in text and date.strftime("%Y-%m") not in text


def test_adverse_events_or_none_and_a_paid_treatment_are_disclosed() -> None:
    quiet = _case("x", None).model_copy(
        update={"treatment": make_case("x").treatment.model_copy(update={"adverse_events": []})}
    )
    assert "Adverse events: none reported." in entry_text(quiet, _protocol(quiet))
    event = AdverseEvent(week=2, severity="mild", text="Headache for two days")
    treatment = quiet.treatment.model_copy(update={"adverse_events": [event]})
    consent = quiet.consent.model_copy(update={"connection": "payment"})
    paid = quiet.model_copy(update={"treatment": treatment, "consent": consent})
    text = entry_text(paid, _protocol(paid))
    assert "Adverse events: mild: Headache for two days." in text
    assert "This patient was paid in connection with this case study." in text

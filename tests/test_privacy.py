"""Consent, de-identification and disclosure rules, proven on real builds of the sample site."""

from __future__ import annotations

import calendar
import html
import re
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.content import vocab
from generator.content.strict_yaml import load_file
from tests.conftest import ROOT, built_text, edit_case, read_case, run_mkdocs
from tests.factories import case_files

MONTHS = [calendar.month_name[m] for m in range(1, 13)]


def _page_text(site_dir: Path, case_id: str) -> str:
    raw = (site_dir / "cases" / case_id / "index.html").read_text(encoding="utf-8")
    main = raw.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _all_cases() -> dict[str, dict[str, Any]]:
    cases = {}
    for path in case_files(ROOT / "cases"):
        doc, problems = load_file(path, path.name)
        assert doc is not None and not problems
        cases[path.stem] = doc.data
    return cases


def _published() -> dict[str, dict[str, Any]]:
    return {
        k: v
        for k, v in _all_cases().items()
        if v["status"] == "published" and v["consent"]["revoked"] is None
    }


def _protocols() -> dict[str, dict[str, Any]]:
    from generator.content.load import load_protocol

    found = {}
    for path in sorted((ROOT / "content" / "protocols").glob("*.md")):
        sourced, problems = load_protocol(path, path.name)
        assert sourced is not None, problems
        found[path.stem] = sourced.model.model_dump()
    return found


# --- consent: dropped cases vanish everywhere, the build still succeeds under --strict --------

DROPS = {
    "lukas-b-c5": lambda d: d["consent"].update(revoked="2026-01-10"),
    "ingrid-s-t8": lambda d: d["consent"].update(signed="2022-08-01", expires="2026-06-30"),
    "r-o-l1": lambda d: d["consent"].update(scope=["quote", "photo"]),
    "amara-n-c6": lambda d: d.update(status="withdrawn"),
    "carlos-m-t12": lambda d: d.update(status="draft"),
    "priya-k-l3": lambda d: d.update(status="review"),
}


# Dropped cases with a photo: withdrawn, and consenting to the photo but not to publication.
PHOTOGRAPHED = ("amara-n-c6", "r-o-l1")


def _add_photo(photo: str, data: dict[str, Any]) -> None:
    data["patient"]["photo"] = photo
    data["consent"]["scope"] = [*data["consent"]["scope"], "photo"]


@pytest.fixture(scope="module")
def dropped_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from tests.conftest import copy_site

    site = copy_site(tmp_path_factory.mktemp("consent") / "site-root")
    (site / "cases" / "photos").mkdir()
    for case_id in PHOTOGRAPHED:
        Image.new("RGB", (800, 600), "teal").save(site / "cases" / "photos" / f"{case_id}.jpg")
        edit_case(site, case_id, partial(_add_photo, f"photos/{case_id}.jpg"))
    headlines = {}
    for case_id, change in DROPS.items():
        edit_case(site, case_id, change)
        headlines[case_id] = str(read_case(site, case_id)["headline"])
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for case_id in DROPS:
        assert f"case {case_id} is not published" in result.stderr
    return site / "site", headlines


@pytest.mark.parametrize("case_id", sorted(DROPS))
def test_dropped_case_is_absent_from_every_built_file(
    dropped_build: tuple[Path, dict[str, str]], case_id: str
) -> None:
    site_dir, headlines = dropped_build
    assert not (site_dir / "cases" / case_id).exists()
    headline = html.escape(headlines[case_id], quote=False)
    for name, text in built_text(site_dir).items():
        assert case_id not in text, f"{case_id} leaks into {name}"
        plain = html.unescape(text)
        assert headlines[case_id] not in plain and headline not in text, name


def test_dropped_case_photo_is_published_in_no_width(
    dropped_build: tuple[Path, dict[str, str]],
) -> None:
    # No published case has a photo in this build, so no image may appear under cases/.
    site_dir, _ = dropped_build
    assert [p for p in (site_dir / "cases").rglob("*") if p.suffix in (".jpg", ".png")] == []
    assert not list(site_dir.rglob("photo-*"))


def test_dropped_cases_are_not_counted(dropped_build: tuple[Path, dict[str, str]]) -> None:
    site_dir, _ = dropped_build
    shown = len(_published()) - len(DROPS)
    index = " ".join(html.unescape((site_dir / "cases" / "index.html").read_text()).split())
    assert f"{shown} published case studies" in index


def test_consent_expiry_is_checked_against_the_build_date(site: Path) -> None:
    edit_case(site, "leila-a-c8", lambda d: d["consent"].update(expires="2026-12-01"))
    before = run_mkdocs(site, "build", "--strict")  # SOURCE_DATE_EPOCH is 2026-11-18
    assert before.returncode == 0, before.stderr
    assert (site / "site" / "cases" / "leila-a-c8" / "index.html").is_file()
    # By the end of 2027 the sample's clinical reviews are overdue, a warning --strict would
    # refuse; this test is about consent, so reviews are not looked at.
    config = site / "mkdocs.yml"
    option = "      cases_dir: cases\n      overdue_reviews: ignore\n"
    config.write_text(config.read_text().replace("      cases_dir: cases\n", option, 1))
    later = run_mkdocs(site, "build", "--strict", env={"SOURCE_DATE_EPOCH": "1830000000"})
    assert later.returncode == 0, later.stderr
    assert not (site / "site" / "cases" / "leila-a-c8").exists()


# --- de-identification ---------------------------------------------------------------------


def _date_strings(value: Any) -> set[str]:
    """Every exact date in a case file, in ISO and the usual written-out forms."""
    found: set[str] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= _date_strings(item)
    elif isinstance(value, list):
        for item in value:
            found |= _date_strings(item)
    elif isinstance(value, str):
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
        if match:
            found |= _spellings(*match.groups())
    return found


def _spellings(year: str, month: str, day: str | None) -> set[str]:
    name = MONTHS[int(month) - 1]
    forms = {f"{year}-{month}", f"{name} {year}", f"{name[:3]} {year}", f"{month}/{year}"}
    if day:
        d = str(int(day))
        forms |= {
            f"{year}-{month}-{day}", f"{d} {name} {year}", f"{name} {d}, {year}",
            f"{name[:3]} {d}, {year}", f"{day}/{month}/{year}", f"{month}/{day}/{year}",
            f"{day}.{month}.{year}", f"{year}/{month}/{day}", f"{year}{month}{day}",
        }  # fmt: skip
    return forms


@pytest.mark.parametrize("case_id", sorted(_all_cases()))
def test_no_exact_date_or_consent_reference_appears(built_site: Path, case_id: str) -> None:
    data = _all_cases()[case_id]
    # `published` is when the site first showed the case, not a date of the patient's care:
    # the feeds date their entries by it. Every other date of the file stays off the site.
    dates = _date_strings({k: v for k, v in data.items() if k not in ("id", "published")})
    assert dates, "every case file has dates"
    # A hand-written page may cite a date of its own ("16 April 2024"): not from a case file.
    written = " ".join(p.read_text() for p in (ROOT / "content").rglob("*.md"))
    dates = {d for d in dates if d not in written}
    form = data["consent"]["form"]
    for name, text in built_text(built_site).items():
        plain = html.unescape(text)
        assert form not in plain, f"consent form {form} leaks into {name}"
        for date in dates:
            assert date not in plain, f"{date} from {case_id} appears in {name}"


def test_ages_from_90_show_as_90_plus(built_site: Path) -> None:
    old = [k for k, v in _published().items() if int(v["patient"]["age"]) >= 90]
    assert old, "the sample has a patient aged 90 or over"
    for case_id in old:
        text = _page_text(built_site, case_id)
        assert "Age at treatment 90+" in text
        assert f"Age at treatment {_published()[case_id]['patient']['age']}" not in text


# --- disclosures on every case page ---------------------------------------------------------


@pytest.mark.parametrize("case_id", sorted(_published()))
def test_case_page_carries_every_disclosure(built_site: Path, case_id: str) -> None:
    data = _published()[case_id]
    protocol = _protocols()[data["treatment"]["protocol"]]
    text = _page_text(built_site, case_id)
    assert " ".join(protocol["expected_results"].split()) in text
    assert " ".join(protocol["regulatory_status"].split()) in text
    assert "Time from injury to first treatment" in text
    assert "Adverse events" in text
    if not data["treatment"]["adverse_events"]:
        assert "None reported." in text
    for event in data["treatment"]["adverse_events"]:
        assert " ".join(event["text"].split()) in text
    disclosure = vocab.CONNECTION_DISCLOSURES.get(data["consent"]["connection"])
    if disclosure:
        assert disclosure in text
    else:
        assert not any(d in text for d in vocab.CONNECTION_DISCLOSURES.values())
    if data.get("story"):
        assert "The patient's own account" in text

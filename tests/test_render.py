from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.catalog.selection import Catalog, build_catalog
from generator.content.models import Case, Protocol
from generator.content.photos import CleanPhoto, ScaledPhoto
from generator.render.finished import FinishedPage
from generator.render.photos import CARD, ShownPhoto, shown_photo
from generator.render.renderer import Renderer, relative_root
from tests.factories import make_case


@pytest.mark.parametrize(
    ("uri", "root"), [("index.md", ""), ("a/b.md", "../"), ("a/b/c.md", "../../")]
)
def test_relative_root(uri: str, root: str) -> None:
    assert relative_root(uri) == root


def test_results_block_is_safe_markup_with_chart_and_table() -> None:
    cases = [make_case("a", events=[("bladder", "improved", 6)])]
    catalog = build_catalog(cases, [], today=dt.date(2026, 1, 1))
    block = Renderer().results_block(cases, catalog, "cb-x", "../")
    assert isinstance(block, Markup)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in block
    assert "| Bladder | 1 | 1 | 1 | 6 | 6 to 6 | 0 | 0 |" in block
    assert "](../results/index.md#method)" in block


def test_a_site_can_override_a_new_template(tmp_path: Path) -> None:
    (tmp_path / "results_block.md.j2").write_text("OVERRIDDEN {{ total }}\n")
    catalog = build_catalog([], [], today=dt.date(2026, 1, 1))
    block = Renderer(tmp_path).results_block([make_case()], catalog, "cb-x")
    assert block == "OVERRIDDEN 1\n"


def test_heading_anchors_cannot_carry_anything_but_an_id() -> None:
    env = Renderer().env
    assert env.from_string('{{ anchor("ais-a") }}').render() == "{#ais-a}"
    with pytest.raises(ValueError, match="not an id"):
        env.from_string('{{ anchor("a} <b") }}').render()


def test_case_page_is_rendered_again_only_when_its_inputs_change() -> None:
    from generator.catalog.selection import build_catalog
    from tests.factories import valid_case, valid_protocol

    protocol = Protocol.model_validate(valid_protocol())
    first = Case.model_validate(valid_case())
    catalog = build_catalog([first], [protocol], today=dt.date(2026, 11, 18))
    renderer = Renderer()
    page = renderer.case_page(first, catalog)
    assert renderer.case_page(first, catalog) is page
    edited = first.model_copy(update={"headline": "Edited headline"})
    again = renderer.case_page(edited, catalog)
    assert again is not page and "Edited headline" in again.body
    photo = ShownPhoto(
        Markup("maya-r-t11/photo-480.jpg"),
        Markup('width="480" height="360"'),
        Markup("photo-480.jpg"),
    )
    with_photo = renderer.case_page(edited, catalog, photo=photo)
    assert with_photo != again
    assert 'class="cb-case-photo" src="photo-480.jpg" width="480" height="360">' in with_photo.body
    assert renderer.case_page(edited, catalog, photo, directory_urls=False) != with_photo


def test_listing_pages_are_rendered_again_only_when_a_case_they_show_changes() -> None:
    from generator.catalog.facets import facet_groups
    from generator.catalog.paging import paginate
    from generator.catalog.selection import build_catalog
    from tests.factories import valid_case, valid_protocol

    protocol = Protocol.model_validate(valid_protocol())
    base = Case.model_validate(valid_case())
    cases = [base.model_copy(update={"id": f"case-{n}"}) for n in range(3)]
    today = dt.date(2026, 11, 18)
    catalog = build_catalog(cases, [protocol], today=today, page_size=1)
    facet = facet_groups(catalog.cases, catalog.protocols)[0].facets[0]
    renderer = Renderer()

    def render_all(catalog: Catalog) -> list[FinishedPage]:
        pages = paginate(catalog.cases, "cases/index.md", 1)
        shown = [renderer.cases_index(catalog, page=page) for page in pages]
        return [*shown, renderer.facet_page(facet, catalog, {})]

    before = render_all(catalog)
    assert all(a is b for a, b in zip(before, render_all(catalog), strict=True))
    shown = catalog.cases[1]
    patient = shown.patient.model_copy(update={"name": "Edited N."})
    edited = shown.model_copy(update={"patient": patient})
    again = build_catalog(
        [edited if c.id == edited.id else c for c in cases], [protocol], today=today, page_size=1
    )
    facet = facet_groups(again.cases, again.protocols)[0].facets[0]
    after = render_all(again)
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a is not b]
    assert changed == [1] and "Edited N." in after[1].body  # index page 2 only
    # The facet's first page shows the first case, which did not change.
    assert after[3] is before[3] and after[0] is before[0] and after[2] is before[2]


@pytest.mark.parametrize("name", ["photo-320.jpg", "photo-4.png", "photo-12345.jpg"])
def test_photo_name_filter_passes_the_names_we_publish(name: str) -> None:
    assert Renderer().env.from_string("{{ name|photo_name }}").render(name=name) == name


@pytest.mark.parametrize(
    "name", ["photo.jpg", "photo-0.jpg", "photo-320.gif", "../photo-320.jpg", 'photo-1.jpg" x="']
)
def test_photo_name_filter_refuses_any_other_name(name: str) -> None:
    with pytest.raises(ValueError, match="not a published photo name"):
        Renderer().env.from_string("{{ name|photo_name }}").render(name=name)


def test_shown_photo_refuses_what_is_not_a_case_id() -> None:
    photo = CleanPhoto("jpg", (ScaledPhoto(320, 240, b""),))
    with pytest.raises(ValueError, match="not an id"):
        shown_photo('x" onerror="alert(1)', photo, CARD, "cases/index.md")
    shown = shown_photo("maya-r-t11", photo, CARD, "cases/index.md")
    assert shown.src == "maya-r-t11/photo-320.jpg"


def test_a_case_page_shows_the_care_fields_escaped() -> None:
    from generator.catalog.selection import build_catalog
    from tests.factories import valid_case, valid_protocol

    protocol = Protocol.model_validate(valid_protocol())
    data = valid_case()
    data["patient"]["history"] = "Asthma <b>since</b> childhood."
    data["treatment"] |= {
        "prior": ["Fusion T10-T12.", "Rehab & gym."],
        "rehab_hours_per_week": "1.5",
        "adverse_event_monitoring": "Phone call at 24 h.",
    }
    case = Case.model_validate(data)
    catalog = build_catalog([case], [protocol], today=dt.date(2026, 11, 18))
    body = Renderer().case_page(case, catalog).body
    assert "<b>" not in body and "Rehab & gym" not in body  # escaped
    text = html.unescape(body)
    assert "Medical history</th> <td>Asthma <b>since</b> childhood.</td>" in text
    assert "<li>Fusion T10-T12.</li>\n<li>Rehab & gym.</li>" in text
    assert "about 1.5 hours a week" in text
    assert "How adverse events were looked for: Phone call at 24 h.</p>" in text
    none = case.model_copy(update={"treatment": case.treatment.model_copy(update={"prior": []})})
    assert "Treatment before this one: none." in html.unescape(
        Renderer().case_page(none, catalog).body
    )

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from generator.catalog.addresses import generated_pages, page_address
from generator.catalog.selection import Catalog, build_catalog
from generator.content.layout import Layout
from generator.content.sources import ProjectLoader
from generator.render.pages import PhotoCache, enrich, generate
from generator.render.photos import CARD, PAGE
from generator.render.renderer import Renderer
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 17)
LAYOUT = Layout(ROOT, ROOT / "cases", ROOT / "content", ROOT / "content" / "protocols")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    project = ProjectLoader().load(LAYOUT)
    assert not project.problems
    return build_catalog(
        [c.model for c in project.cases], [p.model for p in project.protocols], today=TODAY
    )


def test_generate_adds_results_cost_and_facet_pages(catalog: Catalog) -> None:
    uris = {f.src_uri for f in generate(catalog, Renderer(), LAYOUT)}
    assert {"results/index.md", "cost.md", "cases/index.md"} <= uris
    assert {f"cases/region/{r}.md" for r in ("cervical", "thoracic", "lumbar", "sacral")} <= uris
    assert {f"cases/ais/{g}.md" for g in "abcd"} <= uris
    assert {f"cases/protocol/{p}.md" for p in catalog.protocols} <= uris
    countries = {c.patient.country.lower() for c in catalog.cases}
    assert {u for u in uris if u.startswith("cases/country/")} == {
        f"cases/country/{c}.md" for c in countries
    }


def test_no_exact_treatment_date_in_any_generated_page(catalog: Catalog) -> None:
    pages = [f.content for f in generate(catalog, Renderer(), LAYOUT) if isinstance(f.content, str)]
    for case in catalog.cases:
        exact = case.treatment.start.isoformat()
        assert not any(exact in page for page in pages), case.id
    assert not any(re.search(r"\b20\d\d-\d\d-\d\d\b", page) for page in pages)


def test_markers_link_relative_to_the_page(catalog: Catalog) -> None:
    page = "# Deep\n\n<!-- casebook:recent 2 -->\n"
    out = enrich("guides/deep/page.md", page, catalog, Renderer(), LAYOUT)
    newest = catalog.cases[0].id
    assert f"](../../cases/{newest}.md)" in out
    assert out.count("](../../cases/") == 3  # two patients and the case index


def test_stats_and_results_markers(catalog: Catalog) -> None:
    page = "<!-- casebook:stats -->\n\n<!-- casebook:results ais=a -->\n"
    out = enrich("index.md", page, catalog, Renderer(), LAYOUT)
    assert f'data-count="cases">{len(catalog.cases)}<' in out
    grade_a = sum(c.injury.ais == "A" for c in catalog.cases)
    assert f"From {grade_a} published case studies" in out


@pytest.mark.parametrize(
    "marker",
    ["casebook:nope", "casebook:recent many", "casebook:stats 3", "casebook:results ais=F",
     "casebook:results protocol=nope", "casebook:results colour=red"],
)  # fmt: skip
def test_wrong_markers_are_left_as_comments(catalog: Catalog, marker: str) -> None:
    # prepare() reports them with their line (tests/test_build.py); a build stops there, and a
    # preview shows the page with the marker left as the HTML comment it is.
    page = f"# Page\n\n<!-- {marker} -->\n"
    assert enrich("page.md", page, catalog, Renderer(), LAYOUT) == page


def _with_photo(catalog: Catalog, tmp_path: Path, size: tuple[int, int]) -> tuple[Catalog, Layout]:
    """Give the first case a PNG photo of ``size`` in ``tmp_path``, with consent to show it."""
    Image.new("RGB", size, "red").save(tmp_path / "face.png")
    first, *rest = catalog.cases
    consent = first.consent.model_copy(update={"scope": [*first.consent.scope, "photo"]})
    with_photo = first.model_copy(
        update={
            "patient": first.patient.model_copy(update={"photo": "face.png"}),
            "consent": consent,
        }
    )
    layout = Layout(tmp_path, tmp_path, ROOT / "content", ROOT / "content" / "protocols")
    return Catalog((with_photo, *rest), catalog.protocols, today=TODAY), layout


def _text(files: dict[str, str | bytes], uri: str) -> str:
    text = files[uri]
    assert isinstance(text, str)
    return text


def test_cards_show_a_photo_only_where_there_is_one(catalog: Catalog, tmp_path: Path) -> None:
    changed, layout = _with_photo(catalog, tmp_path, (1600, 1200))
    case_id = changed.cases[0].id
    files = {f.src_uri: f.content for f in generate(changed, Renderer(), layout)}
    index = _text(files, "cases/index.md")
    assert index.count('class="cb-card-photo"') == 1
    assert (
        f'<img alt="Photo of {changed.cases[0].patient.name}" class="cb-card-photo" '
        f'src="{case_id}/photo-320.png" width="320" height="240" '
        f'srcset="{case_id}/photo-320.png 320w, {case_id}/photo-640.png 640w" '
        f'sizes="{CARD.sizes}" loading="lazy" decoding="async">'
    ) in index
    page = _text(files, f"cases/{case_id}.md")
    # A case page is finished HTML: its photo's address is written from the page's URL.
    assert (
        f'<img alt="Photo of {changed.cases[0].patient.name}" class="cb-case-photo" '
        'src="photo-480.png" width="480" height="360" '
        'srcset="photo-480.png 480w, photo-960.png 960w" '
        f'sizes="{PAGE.sizes}" decoding="async">'
    ) in page
    assert "loading=" not in page  # in view as the page opens: fetched at once


@pytest.mark.parametrize(("directory_urls", "up"), [(True, "../../"), (False, "../")])
def test_srcset_leads_from_the_built_page_to_the_photo(
    catalog: Catalog, tmp_path: Path, directory_urls: bool, up: str
) -> None:
    # MkDocs rewrites src but not srcset: cases/ais/a.md is served at cases/ais/a/ (or a.html).
    changed, layout = _with_photo(catalog, tmp_path, (1600, 1200))
    case = changed.cases[0]
    facet = f"cases/ais/{case.injury.ais.lower()}.md"
    generated = generate(changed, Renderer(), layout, directory_urls=directory_urls)
    files = {f.src_uri: f.content for f in generated}
    shown = _text(files, facet)
    assert f'src="{up}{case.id}/photo-320.png"' in shown  # finished HTML: from the URL
    assert f'srcset="{up}{case.id}/photo-320.png 320w, {up}{case.id}/photo-640.png 640w"' in shown
    own = "" if directory_urls else f"{case.id}/"
    assert f'srcset="{own}photo-480.png 480w' in _text(files, f"cases/{case.id}.md")
    assert f'srcset="{case.id}/photo-320.png 320w' in _text(files, "cases/index.md")


def test_every_width_is_published_and_none_is_scaled_up(catalog: Catalog, tmp_path: Path) -> None:
    changed, layout = _with_photo(catalog, tmp_path, (500, 1000))
    case_id = changed.cases[0].id
    files = {f.src_uri: f.content for f in generate(changed, Renderer(), layout)}
    photos = {uri: data for uri, data in files.items() if isinstance(data, bytes)}
    sizes = {uri: Image.open(io.BytesIO(data)).size for uri, data in photos.items()}
    assert sizes == {
        f"cases/{case_id}/photo-320.png": (320, 640),
        f"cases/{case_id}/photo-480.png": (480, 960),
        f"cases/{case_id}/photo-500.png": (500, 1000),  # 640 and 960 wanted: the original
    }
    index = _text(files, "cases/index.md")
    assert f'srcset="{case_id}/photo-320.png 320w, {case_id}/photo-500.png 500w"' in index
    page = _text(files, f"cases/{case_id}.md")
    assert 'width="480" height="960" srcset="photo-480.png 480w, photo-500.png 500w"' in page


def test_a_photo_narrower_than_every_width_is_offered_once(
    catalog: Catalog, tmp_path: Path
) -> None:
    changed, layout = _with_photo(catalog, tmp_path, (4, 4))
    case_id = changed.cases[0].id
    files = {f.src_uri: f.content for f in generate(changed, Renderer(), layout)}
    assert [uri for uri, data in files.items() if isinstance(data, bytes)] == [
        f"cases/{case_id}/photo-4.png"
    ]
    assert f'width="4" height="4" srcset="{case_id}/photo-4.png 4w" ' in files["cases/index.md"]


def test_preview_adds_draft_pages_but_counts_only_published_cases() -> None:
    project = ProjectLoader().load(LAYOUT)
    cases = [c.model for c in project.cases]
    protocols = [p.model for p in project.protocols]
    published = build_catalog(cases, protocols, today=TODAY)
    preview = build_catalog(cases, protocols, today=TODAY, preview=True)
    drafts = {c.id for c in cases if c.status in ("draft", "review")}
    assert drafts and {c.id for c in preview.previews} == drafts
    built = {f.src_uri: f.content for f in generate(published, Renderer(), LAYOUT)}
    shown = {f.src_uri: f.content for f in generate(preview, Renderer(), LAYOUT)}
    assert set(shown) - set(built) == {f"cases/{d}.md" for d in drafts}
    count = f"{len(published.cases)} published case studies"
    assert count in str(built["cases/index.md"]) and count in str(shown["cases/index.md"])
    assert "Preview only" in str(shown["cases/index.md"])
    assert "Preview only" not in str(built["cases/index.md"])
    for uri in ("results/index.md", "cost.md"):
        assert shown[uri] == built[uri]
    home = (ROOT / "content" / "index.md").read_text()
    renderer = Renderer()
    assert enrich("index.md", home, preview, renderer, LAYOUT) == enrich(
        "index.md", home, published, renderer, LAYOUT
    )


@pytest.mark.parametrize(
    ("src_uri", "address"),
    [
        ("results.md", "results/"),
        ("results/index.md", "results/"),
        ("results/README.md", "results/"),
        ("cost.markdown", "cost/"),
        ("index.md", ""),
        ("cases/maya.md", "cases/maya/"),
        ("cases/maya/photo.jpg", "cases/maya/photo.jpg"),
        ("readme.md", "readme/"),  # MkDocs treats only README.md as an index
    ],
)
def test_page_address_is_the_url_mkdocs_gives(src_uri: str, address: str) -> None:
    assert page_address(src_uri) == address


def test_generated_pages_are_the_pages_generate_writes(catalog: Catalog) -> None:
    rendered = {
        f.src_uri for f in generate(catalog, Renderer(), LAYOUT) if f.src_uri.endswith(".md")
    }
    assert set(generated_pages(catalog)) == rendered


def test_photo_cache_cleans_a_photo_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.render.pages as pages
    from generator.content.photos import CleanPhoto
    from generator.content.photos import clean_photo_widths as real

    calls: list[str] = []

    def counting(path: Path, widths: Sequence[int]) -> CleanPhoto:
        calls.append(path.name)
        return real(path, widths)

    monkeypatch.setattr(pages, "clean_photo_widths", counting)
    photo = tmp_path / "a.png"
    Image.new("RGB", (4, 4), "red").save(photo)
    cache = PhotoCache()
    first = cache.clean(photo)
    assert cache.clean(photo) is first and calls == ["a.png"]
    Image.new("RGB", (4, 4), "blue").save(photo)
    assert cache.clean(photo) != first and calls == ["a.png", "a.png"]
    cache.forget_unused()
    cache.forget_unused()  # nothing asked for since: forgotten
    cache.clean(photo)
    assert calls == ["a.png", "a.png", "a.png"]


def test_another_language_s_pages_render_the_same_in_a_forked_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import generator.render.pages as pages

    project = ProjectLoader().load(LAYOUT, ("es",))
    models = [c.model for c in project.cases]
    both = build_catalog(models, [p.model for p in project.protocols], today=TODAY)
    both = both.with_translations("en", ("es",), project.translations)
    alone = [
        (f.src_uri, f.content, f.source, f.finished) for f in generate(both, Renderer(), LAYOUT)
    ]
    monkeypatch.setattr(pages, "PARALLEL_FROM", 0)  # the sample is smaller than a caseload
    forked = generate(both, Renderer(), LAYOUT, workers=2)
    assert [(f.src_uri, f.content, f.source, f.finished) for f in forked] == alone
    assert "es/cases/ingrid-s-t8.md" in {uri for uri, *_ in alone}


def test_a_finished_page_crosses_between_processes_with_its_text_once(catalog: Catalog) -> None:
    import pickle

    files = [f for f in generate(catalog, Renderer(), LAYOUT) if isinstance(f.content, str)]
    finished = next(f for f in files if f.finished is not None)
    plain = next(f for f in files if f.finished is None)
    for file in (finished, plain):
        assert pickle.loads(pickle.dumps(file)) == file
    twice = pickle.dumps((finished.src_uri, finished.content, finished.source, finished.finished))
    assert len(pickle.dumps(finished)) < len(twice) - len(finished.content) // 2

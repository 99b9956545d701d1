from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.content.load import load_case
from generator.engine.plugin import CasebookPlugin
from tests.conftest import ROOT, build_in_process, edit_case, indexed_pages, run_mkdocs
from tests.factories import case_files


def _published_ids() -> list[str]:
    ids = []
    for path in case_files(ROOT / "cases"):
        sourced, problems = load_case(path, path.name)
        assert sourced is not None, problems
        if sourced.model.status == "published" and sourced.model.consent.revoked is None:
            ids.append(sourced.model.id)
    return ids


def test_build_writes_a_page_per_published_case(site: Path) -> None:
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    ids = _published_ids()
    assert len(ids) >= 12
    for case_id in ids:
        assert (site / "site" / "cases" / case_id / "index.html").is_file(), case_id
    assert (site / "site" / "cases" / "index.html").is_file()


def test_invalid_case_aborts_the_build_and_writes_no_case_page(site: Path) -> None:
    case = site / "cases" / "leila-a-c8.yml"
    case.write_text(case.read_text().replace("ais: D", "ais: Z", 1))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert "cases/leila-a-c8.yml:" in result.stderr
    assert "injury.ais: 'Z' is not one of A, B, C, D" in result.stderr
    assert not (site / "site" / "cases").exists()


def _overdue(site: Path, level: str | None) -> None:
    # carlos-m-t12 was due for review in 2026-10; the build date is 2026-11-18.
    case = site / "cases" / "carlos-m-t12.yml"
    case.write_text(case.read_text().replace("  next: 2027-01", "  next: 2026-10", 1))
    if level is not None:
        config = site / "mkdocs.yml"
        option = f"      cases_dir: cases\n      overdue_reviews: {level}\n"
        config.write_text(config.read_text().replace("      cases_dir: cases\n", option, 1))


def _next_line(site: Path) -> int:
    lines = (site / "cases" / "carlos-m-t12.yml").read_text().splitlines()
    return lines.index("  next: 2026-10") + 1


def test_an_overdue_review_is_a_warning_by_default(site: Path) -> None:
    _overdue(site, None)
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    where = f"cases/carlos-m-t12.yml:{_next_line(site)}:9"
    assert f"{where}: reviewed.next: the clinical review was due in 2026-10" in result.stderr
    assert (site / "site" / "cases" / "carlos-m-t12" / "index.html").is_file()


def test_with_the_option_on_an_overdue_review_stops_the_build(site: Path) -> None:
    _overdue(site, "error")
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    where = f"cases/carlos-m-t12.yml:{_next_line(site)}:9"
    assert f"{where}: reviewed.next: the clinical review was due" in result.stderr
    assert not (site / "site" / "cases").exists()


def test_build_leaves_out_draft_and_review_cases(built_site: Path) -> None:
    for case_id in ("ana-v-c5", "k-d-l5"):
        assert not (built_site / "cases" / case_id).exists(), case_id
    assert "ana-v-c5" not in (built_site / "cases" / "index.html").read_text()


def test_banner_escapes_editor_text() -> None:
    from generator.content.errors import Problem
    from generator.engine.banner import inject_banner, render_banner

    problem = Problem("cases/x.yml", 12, 5, "injury.ais", "'<script>alert(1)</script>' is bad")
    banner = render_banner([problem])
    assert "<script>" not in banner
    assert "cases/x.yml:12:5: injury.ais: &#x27;&lt;script&gt;" in banner
    page = inject_banner('<body><article class="md-content__inner">text</article></body>', banner)
    assert page.index("casebook-problems") > page.index("<article")


def _serve_build(site: Path) -> None:
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = "1795000000"
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    build(config, serve_url="http://127.0.0.1:8000/")


@pytest.fixture
def plugin_cache() -> Iterator[dict[str, Any]]:
    """MkDocs' process-wide cache of plugins kept across builds (as `mkdocs serve` does)."""
    from mkdocs.config.config_options import Plugins
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema)["plugins"]
    assert isinstance(option, Plugins)
    cache: dict[str, Any] = option.plugin_cache
    cache.clear()
    yield cache
    cache.clear()  # later in-process builds must not inherit a serving plugin


@pytest.mark.slow
def test_serve_rebuild_reuses_unchanged_pages_with_the_same_output(
    site: Path, monkeypatch: pytest.MonkeyPatch, plugin_cache: dict[str, Any]
) -> None:
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    config.plugins.on_startup(command="serve", dirty=False)  # the plugin instance persists
    plugin = config.plugins["casebook"]
    assert isinstance(plugin, CasebookPlugin)
    _serve_build(site)
    assert plugin_cache["casebook"] is plugin
    first = {p: p.read_bytes() for p in (site / "site" / "cases").rglob("*.html")}
    plugin.indexer.wait()  # a preview indexes in the background
    searched = indexed_pages(site / "site")
    case = site / "cases" / "leila-a-c8.yml"
    case.write_text(case.read_text().replace("headline: ", "headline: Edited ", 1))
    _serve_build(site)
    assert len(plugin.pages.reused) > 5
    assert "cases/leila-a-c8.md" not in {f.src_uri for f in plugin.pages.reused}
    for path, content in first.items():
        if "leila-a-c8" not in str(path) and path.parent.name != "cases":
            assert path.read_bytes() == content, path
    plugin.indexer.wait()
    # Reused pages are in the new index as they were; the edited one with its edit.
    research = indexed_pages(site / "site")
    assert research.keys() == searched.keys()
    assert research["/cases/leila-a-c8/"]["meta"]["title"].startswith("Edited ")
    assert research["/cases/mei-c-c6/"] == searched["/cases/mei-c-c6/"]
    config.plugins.on_shutdown()


def test_the_published_site_has_no_edit_links(built_site: Path) -> None:
    # Staff edit in the preview (tests/test_serve.py); visitors are not led to a repository.
    page = (built_site / "cases" / "leila-a-c8" / "index.html").read_text()
    assert "/edit/main/" not in page


def test_a_template_in_theme_casebook_overrides_the_packaged_one(site: Path) -> None:
    from generator.render.renderer import make_environment

    env = make_environment()
    packaged, _, _ = env.loader.get_source(env, "case.html.j2")  # type: ignore[union-attr]
    override = site / "theme" / "casebook" / "case.html.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    before = 'h(2, _("Before treatment"))'
    assert before in packaged
    override.write_text(packaged.replace(before, 'h(2, "Before the treatment we gave")'))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (site / "site" / "cases" / "leila-a-c8" / "index.html").read_text()
    assert "Before the treatment we gave" in page
    assert 'href="#before-the-treatment-we-gave"' in page  # in the page's table of contents
    assert not list((site / "site").rglob("*.j2")), "template overrides are not published"


def test_an_unexpected_error_in_a_hook_is_one_line_naming_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs.exceptions import PluginError

    import generator.engine.plugin
    from generator.content.errors import processing

    def broken(*args: Any, **kwargs: Any) -> Any:
        with processing("cases/x.yml"):
            raise KeyError("uc-msc-iv-lp")

    monkeypatch.setattr(generator.engine.plugin, "prepare", broken)
    monkeypatch.delenv("CASEBOOK_DEBUG", raising=False)
    config = _config(monkeypatch)
    with pytest.raises(PluginError) as caught:
        config.plugins["casebook"].on_config(config)
    message = str(caught.value)
    assert message.startswith(
        "internal error while processing cases/x.yml: KeyError: 'uc-msc-iv-lp'. This is a bug"
    )
    assert "\n" not in message
    monkeypatch.setenv("CASEBOOK_DEBUG", "1")
    with pytest.raises(KeyError):
        config.plugins["casebook"].on_config(config)


def test_a_user_mistake_in_a_hook_is_a_plugin_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import PluginError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(PluginError, match="SOURCE_DATE_EPOCH='soon' is not a Unix timestamp"):
        config = _config(monkeypatch)
        config.plugins["casebook"].on_config(config)


def _config(monkeypatch: pytest.MonkeyPatch) -> Any:
    from mkdocs.config import load_config

    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert isinstance(config.plugins["casebook"], CasebookPlugin)
    return config


def test_only_a_build_run_from_the_command_line_freezes_its_objects() -> None:
    # The command line's process ends with the build: its objects need no more collecting.
    # A preview, or a build a program runs in its own process, must keep collecting.
    import gc

    plugin = CasebookPlugin()
    plugin.on_shutdown()
    assert gc.get_freeze_count() == 0 and not plugin.one_shot
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_shutdown()
    assert gc.get_freeze_count() == 0 and not plugin.one_shot
    plugin.on_startup(command="build", dirty=False)
    try:
        plugin.on_shutdown()
        assert plugin.one_shot and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_a_build_over_an_earlier_one_removes_a_withdrawn_case_s_page(
    site: Path, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None
) -> None:
    # A program may build with `dirty=True` and not say so at startup: what the site folder
    # held when the build began decides whether an earlier build's pages are looked for.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    output = site / "site"
    build_in_process(site, output)
    page = output / "cases" / "amara-n-c6" / "index.html"
    translated = output / "es" / "cases" / "amara-n-c6" / "index.html"
    assert page.is_file() and translated.is_file()
    edit_case(site, "amara-n-c6", lambda data: data.update(status="withdrawn"))
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(output))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    for gone in (page, translated):
        assert not gone.exists()
        assert not gone.with_name("index.html.gz").exists()
    assert (output / "cases" / "leila-a-c8" / "index.html").is_file()


def test_a_build_that_waits_for_another_language_s_pages_writes_the_feeds_meanwhile(
    site: Path, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None
) -> None:
    import os

    import generator.content.forking as forking
    import generator.render.pages as pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    early: list[list[Path]] = []
    feeds_early = CasebookPlugin._feeds_early

    def spied(self: CasebookPlugin, *args: Any) -> None:
        feeds_early(self, *args)
        early.append(list(self.early_feeds or []))

    monkeypatch.setattr(CasebookPlugin, "_feeds_early", spied)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 0)  # the sample is smaller than a caseload
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    forked = build_in_process(site, site / "forked")
    assert [sorted(p.relative_to(site / "forked").as_posix() for p in e) for e in early] == [
        ["es/feeds/feed.json", "es/feeds/feed.xml", "feeds/feed.json", "feeds/feed.xml"]
    ]
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    alone = build_in_process(site, site / "alone")
    assert len(early) == 1  # one process, nothing to wait for: the feeds are written at the end
    feeds = [name for name in forked if "feeds/" in name]
    assert len(feeds) == 2 * (2 * 3 + 1)  # two languages: RSS and JSON, each .gz and .br; sitemap
    assert [name for name in feeds if forked[name] != alone.get(name)] == []

"""The other languages' pages built through the theme in a forked process (forked_pages.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

import generator.engine.plugin as plugin_module
from generator.engine.forked_pages import ForkedPages, PageJob, only_ours
from generator.engine.plugin import CasebookPlugin
from tests.conftest import BUILD_EPOCH, build_in_process

needs_fork = pytest.mark.skipif(not ForkedPages.possible(), reason="no fork on this platform")


@pytest.fixture
def apart(monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> list[int]:
    """Build the sample's Spanish pages apart, as a large caseload's; list each start's pages."""
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setattr(plugin_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    started: list[int] = []
    start = ForkedPages.start

    def counted(self: ForkedPages, job: PageJob, begin: Any, finish: Any) -> None:
        started.append(len(job.pages))
        start(self, job, begin, finish)

    monkeypatch.setattr(ForkedPages, "start", counted)
    return started


@needs_fork
@pytest.mark.slow
def test_a_site_built_apart_is_the_same_bytes_as_one_built_in_one_process(
    site: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = build_in_process(site, site / "forked")
    spanish = [name for name in forked if name.startswith("es/") and name.endswith(".html")]
    assert apart == [len(spanish)] and len(spanish) > 20
    monkeypatch.setattr(ForkedPages, "possible", staticmethod(lambda: False))
    alone = build_in_process(site, site / "alone")
    assert apart == [len(spanish)]  # not started again
    assert forked.keys() == alone.keys()
    assert [name for name in forked if forked[name] != alone[name]] == []
    sitemap = forked["sitemap.xml"].decode()
    assert "/es/cases/ingrid-s-t8/</loc>" in sitemap  # the sitemap lists the pages built apart


@needs_fork
@pytest.mark.slow
def test_a_warning_from_the_forked_process_is_logged_and_counts_in_strict_mode(
    site: Path, apart: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    page = site / "content" / "es" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Ver](#no-existe)\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "validation:\n", "validation:\n  anchors: warn\n"
    )
    config.write_text(text + "\nstrict: true\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="1 warning"):
        build_in_process(site, site / "forked")
    assert apart  # built apart
    found = [r for r in caplog.records if "no-existe" in r.getMessage()]
    assert len(found) == 1 and found[0].levelno == logging.WARNING
    assert "es/index.md" in found[0].getMessage()


@needs_fork
@pytest.mark.slow
def test_links_between_languages_are_checked_and_reported_once_as_in_one_process(
    site: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A Spanish page (read apart) and an English one (read here) link to anchors of each other's
    # pages, of a hand-written page and of a generated one: two anchors exist, two do not. A
    # protocol page, which the nav shows with the title its content gives, is read apart too
    # (for the Spanish nav): its missing anchor and missing page are still reported once.
    spanish = site / "content" / "es" / "index.md"
    english = site / "content" / "index.md"
    links = {
        spanish: "[a](../evidence.md#in-short) [b](../evidence.md#no-such-part)",
        english: "[c](es/cases/ingrid-s-t8.md#tratamiento) [d](es/index.md#no-existe)",
        site / "content" / "protocols" / "uc-msc-iv-lp.md": "[e](#nowhere) [f](gone.md)",
    }
    for page, added in links.items():
        page.write_text(page.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "validation:\n", "validation:\n  anchors: warn\n"
    )
    config.write_text(text, encoding="utf-8")

    def missing_anchors() -> list[str]:
        return sorted(r.getMessage() for r in caplog.records if "Doc file" in r.getMessage())

    with caplog.at_level(logging.WARNING):
        build_in_process(site, site / "forked")
    assert apart  # built apart
    forked = missing_anchors()
    assert forked == [
        "Doc file 'es/index.md' contains a link '../evidence.md#no-such-part', but the doc "
        "'evidence.md' does not contain an anchor '#no-such-part'.",
        "Doc file 'index.md' contains a link 'es/index.md#no-existe', but the doc "
        "'es/index.md' does not contain an anchor '#no-existe'.",
        "Doc file 'protocols/uc-msc-iv-lp.md' contains a link '#nowhere', but there is no such "
        "anchor on this page.",
        "Doc file 'protocols/uc-msc-iv-lp.md' contains a link 'gone.md', but the target "
        "'protocols/gone.md' is not found among documentation files.",
    ]
    caplog.clear()
    monkeypatch.setattr(ForkedPages, "possible", staticmethod(lambda: False))
    with caplog.at_level(logging.WARNING):
        build_in_process(site, site / "alone")
    assert missing_anchors() == forked


@needs_fork
@pytest.mark.slow
def test_a_failure_in_the_forked_process_fails_the_build_in_one_line(
    site: Path, apart: list[int], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: CasebookPlugin, language: str, nav: Any) -> Any:
        raise RuntimeError("the Spanish nav broke")  # only the Spanish pages ask for it

    monkeypatch.setattr(CasebookPlugin, "_language_nav", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_in_process(site, site / "forked")
    assert apart
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    reported = [m for m in errors if m.startswith("the other languages' pages: internal error")]
    assert len(reported) == 1 and "the Spanish nav broke" in reported[0]
    assert "Traceback" not in reported[0]
    assert not list((site / "forked").rglob("pagefind-entry.json"))  # nothing indexed


class _Other:
    def on_post_page(self, output: str, **_: Any) -> str:
        return output


def test_pages_are_built_apart_only_when_no_other_plugin_sees_them() -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import PluginCollection

    config = MkDocsConfig()
    config.plugins = PluginCollection()
    ours = CasebookPlugin()
    config.plugins["casebook"] = ours
    assert config.plugins.events["post_page"] and only_ours(config, ours)
    config.plugins.events["post_page"].append(_Other().on_post_page)
    assert not only_ours(config, ours)

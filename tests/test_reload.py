from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.files import File, InclusionLevel

from generator.engine.reuse import PageCache, QuietReusedLinks, digest, site_fingerprint

FP = b"fingerprint"


def _file(site_dir: Path, src_uri: str) -> File:
    return File(
        src_uri,
        src_dir=None,
        dest_dir=str(site_dir),
        use_directory_urls=True,
        inclusion=InclusionLevel.NOT_IN_NAV,
    )


def _entry(url: str, title: str) -> dict[str, str]:
    return {"location": url, "title": title, "text": f"text of {title}"}


def _write_index(site_dir: Path, docs: list[dict[str, str]]) -> Path:
    index = site_dir / "search" / "search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": docs}), encoding="utf-8")
    return index


def _docs(index: Path) -> list[Any]:
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert isinstance(docs, list)
    return docs


def _build(
    cache: PageCache, site_dir: Path, pages: dict[str, str], fingerprint: bytes = FP
) -> dict[str, File]:
    """Run one build: offer every page, 'render' those not reused, write a search index."""
    cache.begin(fingerprint)
    files = {uri: _file(site_dir, uri) for uri in pages}
    for uri, content in pages.items():
        cache.offer(files[uri], content)
    docs = []
    for uri, file in files.items():
        if file.inclusion == InclusionLevel.EXCLUDED:
            continue
        cache.remember(uri, file.url, f"<html>{pages[uri]}</html>")
        docs += [_entry(file.url, uri), _entry(f"{file.url}#part", f"{uri} part")]
    _write_index(site_dir, [*docs, _entry("", "home")])
    cache.restore(site_dir, lambda html: html.replace("<html>", "<html><!--banner-->"))
    return files


def test_first_build_renders_everything(tmp_path: Path) -> None:
    cache = PageCache()
    files = _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    assert cache.reused == []
    assert all(f.inclusion == InclusionLevel.NOT_IN_NAV for f in files.values())
    assert not cache.is_reused("cases/a.md")


def test_unchanged_markdown_is_reused_and_excluded(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    cache.begin(FP)
    same, changed = _file(tmp_path, "cases/a.md"), _file(tmp_path, "cases/b.md")
    cache.offer(same, "A")
    cache.offer(changed, "B, edited")
    assert same.inclusion == InclusionLevel.EXCLUDED
    assert changed.inclusion == InclusionLevel.NOT_IN_NAV
    assert cache.reused == [same]
    assert cache.is_reused("cases/a.md") and not cache.is_reused("cases/b.md")


def test_restore_writes_reused_pages_decorated(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    target = tmp_path / "cases" / "a" / "index.html"
    assert not target.exists()  # the fake build writes no HTML: MkDocs would
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B2"})
    assert target.read_text(encoding="utf-8") == "<html><!--banner-->A</html>"
    # The rebuilt page is MkDocs' to write, not the cache's.
    assert not (tmp_path / "cases" / "b" / "index.html").exists()


def test_restore_writes_utf8(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "Zoë, 東京"})
    _build(cache, tmp_path, {"cases/a.md": "Zoë, 東京"})
    written = (tmp_path / "cases" / "a" / "index.html").read_bytes()
    assert written == "<html><!--banner-->Zoë, 東京</html>".encode()


def test_restore_merges_search_entries_of_reused_pages(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B2"})
    docs = _docs(tmp_path / "search" / "search_index.json")
    titles = sorted(entry["title"] for entry in docs)
    assert titles == ["cases/a.md", "cases/a.md part", "cases/b.md", "cases/b.md part", "home"]
    assert {e["location"] for e in docs if e["title"].startswith("cases/a.md")} == {
        "cases/a/",
        "cases/a/#part",
    }


def test_search_entries_survive_several_reuses(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    for version in ("B2", "B3", "B4"):
        _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": version})
        titles = [e["title"] for e in _docs(tmp_path / "search" / "search_index.json")]
        assert titles.count("cases/a.md") == 1 and titles.count("cases/a.md part") == 1
    assert (tmp_path / "cases" / "a" / "index.html").is_file()


def test_changed_markdown_is_rebuilt_then_reused_in_its_new_form(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A2"})
    assert cache.reused == []
    files = _build(cache, tmp_path, {"cases/a.md": "A2"})
    assert cache.reused == [files["cases/a.md"]]
    html = (tmp_path / "cases" / "a" / "index.html").read_text(encoding="utf-8")
    assert html == "<html><!--banner-->A2</html>"
    # Going back to the old Markdown is a change too.
    _build(cache, tmp_path, {"cases/a.md": "A"})
    assert cache.reused == []


def test_fingerprint_change_clears_the_cache(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A"}, fingerprint=b"theme edited")
    assert cache.reused == []
    assert not cache.is_reused("cases/a.md")
    # The build under the new fingerprint is cached in turn.
    _build(cache, tmp_path, {"cases/a.md": "A"}, fingerprint=b"theme edited")
    assert [f.src_uri for f in cache.reused] == ["cases/a.md"]
    # Returning to the old fingerprint does not bring back pages built under it.
    _build(cache, tmp_path, {"cases/a.md": "A"})
    assert cache.reused == []


def test_begin_forgets_the_previous_builds_reuse(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A"})
    assert cache.is_reused("cases/a.md")
    cache.begin(FP)
    assert cache.reused == [] and not cache.is_reused("cases/a.md")


def test_remember_ignores_pages_never_offered(tmp_path: Path) -> None:
    cache = PageCache()
    cache.begin(FP)
    cache.remember("index.md", "", "<html>home</html>")  # a hand-written page
    cache.restore(tmp_path, lambda html: html)
    cache.begin(FP)
    page = _file(tmp_path, "index.md")
    cache.offer(page, "home")
    assert cache.reused == [] and page.inclusion == InclusionLevel.NOT_IN_NAV


def test_offered_but_not_built_is_not_cached(tmp_path: Path) -> None:
    cache = PageCache()
    cache.begin(FP)
    cache.offer(_file(tmp_path, "cases/a.md"), "A")  # MkDocs never rendered it
    cache.restore(tmp_path, lambda html: html)
    cache.begin(FP)
    again = _file(tmp_path, "cases/a.md")
    cache.offer(again, "A")
    assert cache.reused == [] and again.inclusion == InclusionLevel.NOT_IN_NAV


def test_pages_left_out_of_a_build_are_forgotten(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    _build(cache, tmp_path, {"cases/b.md": "B"})  # case a was withdrawn
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})  # and is back
    assert [f.src_uri for f in cache.reused] == ["cases/b.md"]


def test_restore_without_search_index_still_writes_pages(tmp_path: Path) -> None:
    cache = PageCache()
    cache.begin(FP)
    cache.offer(_file(tmp_path, "cases/a.md"), "A")
    cache.remember("cases/a.md", "cases/a/", "<p>A</p>")
    cache.restore(tmp_path, lambda html: html)
    cache.begin(FP)
    cache.offer(_file(tmp_path, "cases/a.md"), "A")
    cache.restore(tmp_path, lambda html: html)
    assert (tmp_path / "cases" / "a" / "index.html").read_text(encoding="utf-8") == "<p>A</p>"
    assert not (tmp_path / "search").exists()


@pytest.mark.parametrize("content", ["[]", '{"config": {}}', '{"docs": {}}'])
def test_restore_leaves_an_unexpected_search_index_alone(tmp_path: Path, content: str) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    cache.begin(FP)
    cache.offer(_file(tmp_path, "cases/a.md"), "A")
    index = tmp_path / "search" / "search_index.json"
    index.write_text(content, encoding="utf-8")
    cache.restore(tmp_path, lambda html: html)
    assert index.read_text(encoding="utf-8") == content


def test_search_index_untouched_when_nothing_reused(tmp_path: Path) -> None:
    cache = PageCache()
    cache.begin(FP)
    cache.offer(_file(tmp_path, "cases/a.md"), "A")
    cache.remember("cases/a.md", "cases/a/", "<p>A</p>")
    index = _write_index(tmp_path, [_entry("cases/a/", "A")])
    before = index.read_bytes()
    cache.restore(tmp_path, lambda html: html)
    assert index.read_bytes() == before


def test_digest_of_text_and_bytes_agree() -> None:
    assert digest("Zoë") == digest("Zoë".encode())
    assert digest("a") != digest("b")
    assert len(digest("")) == 32


# site_fingerprint


def _tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    docs = tmp_path / "content"
    (docs / "protocols").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "protocols" / "p.md").write_text("# P\n", encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("{{ super() }}", encoding="utf-8")
    return config, docs, theme


def test_fingerprint_is_stable(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    first = site_fingerprint(config, [docs, theme], ["nav page"])
    assert site_fingerprint(config, [docs, theme], ["nav page"]) == first


def test_fingerprint_changes_with_the_config(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    before = site_fingerprint(config, [docs, theme], [])
    config.write_text("site_name: y\n", encoding="utf-8")
    assert site_fingerprint(config, [docs, theme], []) != before
    assert site_fingerprint(None, [docs, theme], []) != before


def test_fingerprint_changes_with_a_files_size(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    page = docs / "protocols" / "p.md"
    stat = page.stat()
    before = site_fingerprint(config, [docs, theme], [])
    page.write_text("# P, longer\n", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: only the size differs
    assert site_fingerprint(config, [docs, theme], []) != before


def test_fingerprint_changes_with_a_files_mtime(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    template = theme / "main.html"
    before = site_fingerprint(config, [docs, theme], [])
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert site_fingerprint(config, [docs, theme], []) != before


def test_fingerprint_changes_when_a_file_is_added_or_removed(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    before = site_fingerprint(config, [docs, theme], [])
    extra = theme / "partials" / "footer.html"
    extra.parent.mkdir()
    extra.write_text("", encoding="utf-8")
    added = site_fingerprint(config, [docs, theme], [])
    assert added != before
    extra.unlink()
    extra.parent.rmdir()
    assert site_fingerprint(config, [docs, theme], []) != added


def test_fingerprint_changes_with_the_extra_text(tmp_path: Path) -> None:
    config, docs, _theme = _tree(tmp_path)
    before = site_fingerprint(config, [docs], ["# Cases\n"])
    assert site_fingerprint(config, [docs], ["# Cases, edited\n"]) != before
    assert site_fingerprint(config, [docs], []) != before
    assert site_fingerprint(config, [docs], ["# Cases\n", ""]) != before


def test_fingerprint_ignores_files_outside_its_folders(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    before = site_fingerprint(config, [docs, theme], [])
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.yml").write_text("id: a\n", encoding="utf-8")
    assert site_fingerprint(config, [docs, theme], []) == before


def test_fingerprint_tolerates_missing_config_and_folders(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert site_fingerprint(missing / "mkdocs.yml", [missing], []) == site_fingerprint(None, [], [])


def test_fingerprint_skips_dangling_symlinks(tmp_path: Path) -> None:
    config, docs, theme = _tree(tmp_path)
    before = site_fingerprint(config, [docs, theme], [])
    # Emacs marks a file being edited with such a lock: a symlink to nothing.
    (docs / ".#index.md").symlink_to("editor@host.1234:1700000000")
    assert site_fingerprint(config, [docs, theme], []) == before


# QuietReusedLinks


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(
        "mkdocs.structure.pages", logging.INFO, __file__, 1, message, args, None
    )


def _excluded_link(source: str, target: str) -> logging.LogRecord:
    # MkDocs 1.6's wording, in mkdocs/structure/pages.py.
    return _record(
        f"Doc file '{source}' contains a link to '{target}' which is excluded from the built site."
    )


def test_quiet_filter_hides_links_to_reused_pages_only(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B"})
    _build(cache, tmp_path, {"cases/a.md": "A", "cases/b.md": "B2"})
    quiet = QuietReusedLinks(cache)
    assert quiet.filter(_excluded_link("cases/index.md", "cases/a.md")) is False
    assert quiet.filter(_excluded_link("cases/index.md", "cases/b.md")) is True
    assert quiet.filter(_excluded_link("index.md", "drafts/secret.md")) is True
    assert (
        quiet.filter(_record("Doc file 'x.md' contains a link to 'cases/a.md', not found")) is True
    )
    assert quiet.filter(_record("something else about cases/a.md")) is True


def test_quiet_filter_reads_the_formatted_message(tmp_path: Path) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A"})
    record = _record(
        "Doc file '%s' contains a link to '%s' which is excluded from the built site.",
        "index.md",
        "cases/a.md",
    )
    assert QuietReusedLinks(cache).filter(record) is False


def test_quiet_filter_follows_the_current_build(tmp_path: Path) -> None:
    cache = PageCache()
    quiet = QuietReusedLinks(cache)
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A"})
    assert quiet.filter(_excluded_link("index.md", "cases/a.md")) is False
    _build(cache, tmp_path, {"cases/a.md": "A, edited"})
    assert quiet.filter(_excluded_link("index.md", "cases/a.md")) is True


def test_quiet_filter_works_on_a_logger(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = PageCache()
    _build(cache, tmp_path, {"cases/a.md": "A"})
    _build(cache, tmp_path, {"cases/a.md": "A"})
    logger = logging.getLogger("tests.reload.quiet")
    quiet = QuietReusedLinks(cache)
    logger.addFilter(quiet)
    try:
        with caplog.at_level(logging.INFO, logger="tests.reload.quiet"):
            for target in ("cases/a.md", "cases/z.md"):
                logger.info(
                    "Doc file 'index.md' contains a link to '%s' which is excluded from the "
                    "built site.",
                    target,
                )
    finally:
        logger.removeFilter(quiet)
    assert [r.getMessage().split("'")[3] for r in caplog.records] == ["cases/z.md"]

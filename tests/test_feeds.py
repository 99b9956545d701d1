"""RSS 2.0 and JSON Feed 1.1 of the published cases, read by a feed library from real builds."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra
import pytest
from playwright.sync_api import Page

from generator.catalog.feeds import FeedEntry
from generator.render.feeds import JSON_FEED_VERSION, Channel, json_feed, rss
from tests.conftest import copy_site, published_sample_cases, run_mkdocs, serve_directory

SITE_URL = "https://northbridge-clinic.example/"
# feedparser 6.0 reads XML feeds only, and no maintained JSON Feed reader is published for
# Python: these are the rules of https://jsonfeed.org/version/1.1 that our feeds use.
_URL = {"type": "string", "format": "uri"}
JSON_FEED_RULES = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": _URL,
        "feed_url": _URL,
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": _URL,
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                },
            },
        },
    },
}
CHANNEL = Channel("Clinic & co", SITE_URL, "Cases", "en", dt.date(2026, 11, 18))
ENTRIES = [
    FeedEntry("b", "cases/b/", "Walks <with> a frame", dt.date(2026, 3, 2), "Text & more"),
    FeedEntry("a", "cases/a/", "No change", None, "Plain"),
]


def test_rss_is_valid_and_escapes_text() -> None:
    parsed = feedparser.parse(rss(CHANNEL, ENTRIES))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Clinic & co"
    first, second = parsed.entries
    assert (first.title, first.link) == ("Walks <with> a frame", SITE_URL + "cases/b/")
    assert first.published == "Mon, 02 Mar 2026 00:00:00 +0000"
    assert "published" not in second  # no date rather than an invented one


def test_json_feed_follows_version_1_1() -> None:
    feed = json.loads(json_feed(CHANNEL, ENTRIES))
    assert feed["version"] == JSON_FEED_VERSION
    assert feed["feed_url"] == SITE_URL + "feeds/feed.json"
    assert feed["items"][0] == {
        "id": SITE_URL + "cases/b/",
        "url": SITE_URL + "cases/b/",
        "title": "Walks <with> a frame",
        "content_text": "Text & more",
        "date_published": "2026-03-02T00:00:00+00:00",
    }
    jsonschema.validate(feed, JSON_FEED_RULES, format_checker=jsonschema.FormatChecker())


# The sample site's languages: the feeds of each, where they are, and how they say
# "Regulatory status:".
LANGUAGES = [("", "en", "Regulatory status:"), ("es/", "es", "Situación regulatoria:")]


@pytest.mark.parametrize(("folder", "language", "status"), LANGUAGES)
def test_the_built_feeds_list_exactly_the_published_cases_newest_first(
    built_site: Path, folder: str, language: str, status: str
) -> None:
    published = {case.id: case for case in published_sample_cases()}
    parsed = feedparser.parse((built_site / folder / "feeds" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == language
    feed = json.loads((built_site / folder / "feeds" / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, JSON_FEED_RULES, format_checker=jsonschema.FormatChecker())
    assert feed["language"] == language
    assert feed["feed_url"] == f"{SITE_URL}{folder}feeds/feed.json"
    rss_items = [(e.link, e.description) for e in parsed.entries]
    json_items = [(i["url"], i["content_text"]) for i in feed["items"]]
    for items in (rss_items, json_items):
        links = [link for link, _ in items]
        assert sorted(links) == sorted(f"{SITE_URL}{folder}cases/{cid}/" for cid in published)
        days = [published[link.split("/")[-2]].published for link in links]
        assert None not in days  # every published sample case says when
        assert days == sorted(days, reverse=True)
        assert all(status in text for _, text in items)


def test_the_spanish_feed_carries_the_translated_headline(built_site: Path) -> None:
    parsed = feedparser.parse((built_site / "es" / "feeds" / "feed.xml").read_bytes())
    titles = {e.link.split("/")[-2]: e.title for e in parsed.entries}
    assert titles["ingrid-s-t8"].startswith("Una vaga sensación de vejiga llena")
    english = feedparser.parse((built_site / "feeds" / "feed.xml").read_bytes())
    assert {e.link.split("/")[-2]: e.title for e in english.entries}["ingrid-s-t8"].startswith(
        "A faint sense of bladder filling"
    )


def test_every_page_links_both_feeds(built_site: Path) -> None:
    for page in ("index.html", "cases/index.html", "404.html"):
        text = (built_site / page).read_text(encoding="utf-8")
        assert 'type="application/rss+xml"' in text and 'type="application/feed+json"' in text


def test_a_spanish_page_links_the_spanish_feeds(built_site: Path) -> None:
    text = (built_site / "es/cases/ingrid-s-t8/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'type="application/rss\+xml" title="[^"]*" href="\.\./\.\./feeds/feed\.xml"', text
    )
    assert re.search(
        r'type="application/feed\+json" title="[^"]*" href="\.\./\.\./feeds/feed\.json"', text
    )


def test_two_builds_give_the_same_feeds(built_site: Path, tmp_path: Path) -> None:
    again = copy_site(tmp_path / "again")
    assert run_mkdocs(again, "build").returncode == 0
    for name in ("feeds/feed.xml", "feeds/feed.json", "es/feeds/feed.xml", "es/feeds/feed.json"):
        assert (again / "site" / name).read_bytes() == (built_site / name).read_bytes()


def test_without_site_url_there_are_no_feeds(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    config = site / "mkdocs.yml"
    config.write_text(
        "\n".join(x for x in config.read_text().splitlines() if not x.startswith("site_url:"))
    )
    assert run_mkdocs(site, "build").returncode == 0
    assert not (site / "site" / "feeds").exists()
    assert "application/rss+xml" not in (site / "site" / "index.html").read_text()


def test_a_page_view_fetches_only_the_empty_sitemap_beside_the_feeds(
    built_site: Path, page: Page
) -> None:
    # Material's script fetches sitemap.xml beside every <link rel="alternate">: the feeds'.
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    with serve_directory(built_site) as base:
        for path in ("", "cases/ingrid-s-t8/", "es/cases/ingrid-s-t8/"):
            page.goto(base + path, wait_until="networkidle")
        sitemaps = [url for url in fetched if url.endswith("sitemap.xml")]
        assert sitemaps, "Material no longer fetches a sitemap: the feeds could move back"
        assert set(sitemaps) <= {f"{base}feeds/sitemap.xml", f"{base}es/feeds/sitemap.xml"}
    assert (built_site / "feeds" / "sitemap.xml").stat().st_size < 150

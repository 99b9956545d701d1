"""The empty sitemap beside the feeds (engine/sitemaps.py)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from generator.engine.sitemaps import write_feed_sitemap


def test_the_feeds_folder_s_sitemap_is_a_valid_empty_urlset(tmp_path: Path) -> None:
    write_feed_sitemap(tmp_path)
    written = tmp_path / "sitemap.xml"
    root = ElementTree.parse(written).getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert list(root) == []
    assert written.stat().st_size < 150  # what every page view downloads

"""An empty sitemap beside the feeds, so that no page view downloads the site's sitemap.

Material for MkDocs' script (``setupAlternate``) fetches ``sitemap.xml`` resolved against the
address of every ``<link rel="alternate">`` in a page's head, on every page view, whatever its
type: it looks for other language versions of the site there. Every page links the feeds that
way, as feed readers expect, and a feed in the site's root made every page view download and
parse the whole ``sitemap.xml``: hundreds of kilobytes at thousands of cases, on a phone. The
feeds live in a folder of their own (``feeds/``, ``es/feeds/``), where this empty sitemap
answers that request in a few bytes (upstream: zensical/zensical issue 908).
"""

from __future__ import annotations

from pathlib import Path

SITEMAP = "sitemap.xml"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


def write_feed_sitemap(folder: Path) -> None:
    """Write the empty ``sitemap.xml`` of a feeds folder."""
    (folder / SITEMAP).write_text(EMPTY_SITEMAP, encoding="utf-8")

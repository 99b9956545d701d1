"""RSS 2.0 and JSON Feed 1.1 of the published cases, the same bytes for the same build.

Every address is absolute (feeds are read away from the site), so the feeds need ``site_url``.
The channel is dated by the build date (``SOURCE_DATE_EPOCH``), never by the clock, and each
entry by its case's ``published`` day; an entry without one has no date.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urljoin

from generator.catalog.feeds import FeedEntry

RSS_FILE, JSON_FILE = "feed.xml", "feed.json"
# The feeds' own folder, in the site's root or a language's (engine/sitemaps.py says why).
FEEDS_FOLDER = "feeds/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Channel:
    """What the feeds say of the site itself.

    Attributes:
        title: The site's name.
        site_url: The site's address, ending in ``/``.
        description: The site's description.
        language: The feeds' language (ISO 639-1).
        built: The build date, which dates the channel.
        folder: Where these feeds are, from the site's root: ``""``, or a language's ``es/``.
    """

    title: str
    site_url: str
    description: str
    language: str
    built: dt.date
    folder: str = ""


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def rss(channel: Channel, entries: list[FeedEntry]) -> str:
    """Return the RSS 2.0 document of ``entries``."""
    root = ET.Element("rss", {"version": "2.0"})
    head = ET.SubElement(root, "channel")
    for tag, text in (
        ("title", channel.title),
        ("link", channel.site_url),
        ("description", channel.description or channel.title),
        ("language", channel.language),
        ("lastBuildDate", format_datetime(_midnight(channel.built))),
        ("docs", "https://www.rssboard.org/rss-specification"),
    ):
        ET.SubElement(head, tag).text = text
    for entry in entries:
        item = ET.SubElement(head, "item")
        url = urljoin(channel.site_url, entry.address)
        ET.SubElement(item, "title").text = entry.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = url
        ET.SubElement(item, "description").text = entry.text
        if entry.published:
            ET.SubElement(item, "pubDate").text = format_datetime(_midnight(entry.published))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def json_feed(channel: Channel, entries: list[FeedEntry]) -> str:
    """Return the JSON Feed 1.1 document of ``entries``."""
    items = []
    for entry in entries:
        url = urljoin(channel.site_url, entry.address)
        item: dict[str, str] = {"id": url, "url": url, "title": entry.title}
        item["content_text"] = entry.text
        if entry.published:
            item["date_published"] = _midnight(entry.published).isoformat()
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.site_url,
        "feed_url": urljoin(channel.site_url, channel.folder + FEEDS_FOLDER + JSON_FILE),
        "description": channel.description or channel.title,
        "language": channel.language,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"

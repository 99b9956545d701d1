"""Tables that work on a phone and with a keyboard: a Python-Markdown extension for every page.

Each Markdown table is put in a ``<div class="cb-table" role="region" tabindex="0">`` named
after the heading above it, so a table wider than the screen scrolls inside a region that a
keyboard can reach and a screen reader can name (WCAG 2.1.1, axe-core's
scrollable-region-focusable). Each cell carries its column's heading (``data-label``), which
the stylesheet shows beside the value when a narrow screen stacks the rows. The table gets the
class ``cb-data``: Material for MkDocs wraps only tables without a class in its own scroll box,
which could not be focused. A column's alignment, which Python-Markdown writes as a ``style``
attribute that the pages' Content Security Policy refuses, becomes a class (``cb-right``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# After the inline patterns (20) and attribute lists (8), before the table of contents (5)
# adds its permalink to the headings whose text names the tables.
_PRIORITY = 6


def _text(element: etree.Element) -> str:
    # Inline HTML (`<span lang="en">` around a name) is still a placeholder of Python-Markdown's
    # stash here, put back later wherever it stands: in an attribute it would be markup.
    text = HTML_PLACEHOLDER_RE.sub("", "".join(element.itertext()))
    return " ".join(text.split())


def _align_by_class(table: etree.Element) -> None:
    """Turn ``style="text-align: right;"`` into ``class="cb-right"`` (and left, center)."""
    for cell in table.iter():
        found = _ALIGN.fullmatch(cell.get("style", ""))
        if found is not None:
            del cell.attrib["style"]
            cell.set("class", f"cb-{found.group(1)}")


_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")


def _label_cells(table: etree.Element) -> None:
    """Give every body cell the text of its column's heading, for stacked rows."""
    header = table.find("thead/tr")
    if header is None:
        return
    names = [_text(cell) for cell in header]
    for row in table.iterfind("tbody/tr"):
        for name, cell in zip(names, row, strict=False):
            if name:
                cell.set("data-label", name)


def _region(table: etree.Element, heading: str) -> etree.Element:
    """Return a named, focusable region holding ``table``."""
    caption = table.find("caption")
    name = _text(caption) if caption is not None else heading
    region = etree.Element("div")
    region.set("class", "cb-table")
    region.set("role", "region")
    region.set("tabindex", "0")
    region.set("aria-label", f"Table: {name}" if name else "Table")
    return region


class TableRegions(Treeprocessor):
    """Wraps and labels every table of a page (see the module docstring)."""

    def run(self, root: etree.Element) -> None:
        """Process the page's element tree in place."""
        self._walk(root, "")

    def _walk(self, parent: etree.Element, heading: str) -> None:
        for index, child in enumerate(list(parent)):
            if child.tag in _HEADINGS:
                heading = _text(child)
            elif child.tag == "table" and child.get("class") is None:
                _label_cells(child)
                _align_by_class(child)
                child.set("class", "cb-data")
                region = _region(child, heading)
                parent.remove(child)
                parent.insert(index, region)
                region.append(child)
            else:
                # Admonitions and other containers: their headings name their tables.
                self._walk(child, heading)


class TableRegionsExtension(Extension):
    """Registers ``TableRegions`` with a Markdown instance."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the tree processor."""
        md.treeprocessors.register(TableRegions(md), "casebook_tables", _PRIORITY)

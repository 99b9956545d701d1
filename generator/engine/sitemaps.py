"""A sitemap per language: ``<lang>/sitemap.xml``, the pages of the site under ``<lang>/``.

MkDocs writes one ``sitemap.xml`` of every page. Material's script fetches ``sitemap.xml``
beside the address of each ``<link rel="alternate">`` of a page, and a page in another language
links its feeds in ``<lang>/``: it would ask for ``<lang>/sitemap.xml`` and find nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP = "sitemap.xml"
_NS = {"": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def write_language_sitemaps(site_dir: Path, site_url: str, prefixes: list[str]) -> None:
    """Write ``<prefix>sitemap.xml`` for each language's folder, from the site's sitemap.

    Args:
        site_dir: The built site, with MkDocs' ``sitemap.xml``.
        site_url: The site's address, ending in ``/``.
        prefixes: The folders of the site's other languages (``es/``).
    """
    source = site_dir / SITEMAP
    if not prefixes or not source.is_file():
        return
    for name, uri in _NS.items():
        ET.register_namespace(name, uri)
    tree = ET.parse(source)
    for prefix in prefixes:
        urlset = ET.Element(f"{{{_NS['']}}}urlset")
        for url in tree.getroot():
            loc = url.find("loc", _NS)
            if loc is not None and (loc.text or "").startswith(site_url + prefix):
                urlset.append(url)
        ET.indent(urlset)
        body = ET.tostring(urlset, encoding="unicode")
        (site_dir / prefix / SITEMAP).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", encoding="utf-8"
        )

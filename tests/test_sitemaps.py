"""Per-language sitemaps (engine/sitemaps.py)."""

from __future__ import annotations

from pathlib import Path

from generator.engine.sitemaps import write_language_sitemaps

SITE = "https://clinic.example/"
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>https://clinic.example/</loc></url>
<url><loc>https://clinic.example/cases/a/</loc>
<xhtml:link rel="alternate" hreflang="es" href="https://clinic.example/es/cases/a/"/></url>
<url><loc>https://clinic.example/es/cases/a/</loc>
<xhtml:link rel="alternate" hreflang="en" href="https://clinic.example/cases/a/"/></url>
<url><loc>https://clinic.example/estimate/</loc></url>
</urlset>
"""


def test_a_language_s_sitemap_lists_its_pages_with_their_alternates(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    write_language_sitemaps(tmp_path, SITE, ["es/"])
    written = (tmp_path / "es" / "sitemap.xml").read_text(encoding="utf-8")
    assert written.count("<loc>") == 1
    assert "<loc>https://clinic.example/es/cases/a/</loc>" in written
    assert 'hreflang="en" href="https://clinic.example/cases/a/"' in written
    assert "estimate" not in written  # a page whose path only starts like "es"


def test_nothing_is_written_for_one_language_or_without_a_sitemap(tmp_path: Path) -> None:
    write_language_sitemaps(tmp_path, SITE, ["es/"])
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    write_language_sitemaps(tmp_path, SITE, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sitemap.xml"]

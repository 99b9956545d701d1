"""The ``_headers`` file: what a meta policy cannot say, for hosts that read the file."""

from __future__ import annotations

from pathlib import Path

from generator.engine.headers import (
    FILE_NAME,
    IMMUTABLE,
    fingerprinted,
    headers_file,
    write_headers,
)


def _site(root: Path) -> Path:
    for name in (
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/casebook-search.js",
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/stylesheets/main.57a0d79d.min.css.map",
        "pagefind/fragment/en_3f2a.pf_fragment",
        "pagefind/pagefind.js",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    return root


def test_every_page_gets_the_headers_a_meta_policy_cannot_set(tmp_path: Path) -> None:
    text = headers_file(_site(tmp_path))
    block = text.split("\n/assets")[0].splitlines()
    assert block[0] == "/*"
    assert "  Content-Security-Policy: frame-ancestors 'none'" in block
    assert "  X-Frame-Options: DENY" in block
    assert "  Referrer-Policy: strict-origin-when-cross-origin" in block
    assert "  X-Content-Type-Options: nosniff" in block
    assert any(line.startswith("  Permissions-Policy: camera=()") for line in block)


def test_only_files_named_after_their_content_are_cached_for_a_year(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert fingerprinted(site) == [
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/stylesheets/main.57a0d79d.min.css",
        "pagefind/fragment/*",
    ]
    text = headers_file(site)
    assert f"/assets/javascripts/bundle.a5f9d56c.min.js\n  Cache-Control: {IMMUTABLE}\n" in text
    assert "casebook-search.js" not in text  # its name stays when it changes
    assert "pagefind/pagefind.js" not in text


def test_the_file_is_written_into_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert write_headers(site) == site / FILE_NAME
    assert (site / FILE_NAME).read_text(encoding="utf-8") == headers_file(site)


def test_the_built_sample_has_the_file(built_site: Path) -> None:
    text = (built_site / FILE_NAME).read_text(encoding="utf-8")
    assert "/pagefind/index/*" in text
    assert "/pagefind/fragment/*" in text
    assert ".min.js\n  Cache-Control: public, max-age=31536000, immutable" in text

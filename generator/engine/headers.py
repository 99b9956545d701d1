"""The ``_headers`` file: response headers for hosts that read one (Netlify, Cloudflare Pages).

What a ``<meta>`` policy cannot do: forbid other sites to frame the pages (clickjacking), keep
the page's address out of requests to other sites, turn off device features no page uses, stop
browsers guessing content types, and let browsers keep files whose names change with their
content for a year. Hosts without such a file need the same headers in their own configuration
(README, "Security headers").
"""

from __future__ import annotations

import re
from pathlib import Path

FILE_NAME = "_headers"
EVERY_PAGE = (
    ("Content-Security-Policy", "frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ("X-Content-Type-Options", "nosniff"),
)
IMMUTABLE = "public, max-age=31536000, immutable"
# Pagefind names these files after their content's hash.
HASHED_FOLDERS = ("pagefind/index", "pagefind/fragment", "pagefind/filter")
# Material's bundles: main.<hash>.min.css, bundle.<hash>.min.js, palette.<hash>.min.css.
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:css|js)$")


def headers_file(site_dir: Path) -> str:
    """Return the ``_headers`` text for the built site in ``site_dir``."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in EVERY_PAGE)]
    for path in fingerprinted(site_dir):
        lines += [f"/{path}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def fingerprinted(site_dir: Path) -> list[str]:
    """Return the site paths (or folder patterns) whose content never changes under a name."""
    assets = site_dir / "assets"
    found = sorted(
        path.relative_to(site_dir).as_posix()
        for path in (assets.rglob("*") if assets.is_dir() else ())
        if _FINGERPRINTED.search(path.name) and path.is_file()
    )
    folders = [f"{folder}/*" for folder in HASHED_FOLDERS if (site_dir / folder).is_dir()]
    return [*found, *folders]


def write_headers(site_dir: Path) -> Path:
    """Write ``_headers`` into ``site_dir``; return its path."""
    target = site_dir / FILE_NAME
    target.write_text(headers_file(site_dir), encoding="utf-8")
    return target

"""A Content Security Policy in every page: the browser runs only what the generator wrote.

The policy travels in the page itself, as ``<meta http-equiv="Content-Security-Policy">``, so it
holds on any host. Scripts come from the site, plus the inline scripts the theme emits (Material
sets up its storage and colour scheme inline), each allowed by the SHA-256 hash of its exact
text, computed from the page as built. Scripts inside the page's content (``<article>``) are not
the theme's: they get no hash, and the browser refuses them. ``'wasm-unsafe-eval'`` lets
Pagefind's search compile its WebAssembly; nothing allows ``eval`` or inline handlers.

A meta policy cannot set ``frame-ancestors``: the ``_headers`` file does (engine/headers.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

META_NAME = "Content-Security-Policy"
# Everything else defaults to the site itself (fonts, fetches, workers, frames, media).
_FIXED = (
    ("default-src", "'self'"),
    ("style-src", "'self'"),
    # Material's stylesheets draw their icons from data: URIs.
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Pagefind compiles WebAssembly: allowed without allowing JavaScript's eval.
SCRIPT_SOURCES = "'self' 'wasm-unsafe-eval'"
# The live-reload script `mkdocs serve` injects changes with every build: a preview allows
# inline scripts instead of listing hashes (a hash would disable 'unsafe-inline').
PREVIEW_SCRIPT_SOURCES = "'self' 'wasm-unsafe-eval' 'unsafe-inline'"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# The MIME types HTML runs as classic scripts, and modules.
_RUN_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
     "application/ecmascript", "application/x-javascript", "text/x-javascript"}
)  # fmt: skip
_CONTENT_START = re.compile(r'<article\b[^>]*class="md-content__inner')
_CONTENT_END = "</article>"
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class InlineScript:
    """An inline script of a page: where it starts, its text, and whether the theme wrote it."""

    offset: int
    text: str
    in_content: bool

    @property
    def source(self) -> str:
        """The CSP source that allows exactly this script: ``'sha256-...'``."""
        digest = hashlib.sha256(self.text.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(page_html: str) -> Iterator[InlineScript]:
    """Yield every script of ``page_html`` that runs and has no ``src``, in page order."""
    content = _content_span(page_html)
    for match in _SCRIPT.finditer(page_html):
        attributes = match.group(1)
        if _SRC.search(attributes) or _type_of(attributes) not in _RUN_TYPES:
            continue
        start = match.start()
        yield InlineScript(start, match.group(2), content[0] <= start < content[1])


def _type_of(attributes: str) -> str:
    found = _TYPE.search(attributes)
    if found is None:
        return ""
    value = next(group for group in found.groups() if group is not None)
    return value.split(";")[0].strip().lower()


def _content_span(page_html: str) -> tuple[int, int]:
    """Where the page's own content lies: Material's article, to its last closing tag."""
    start = _CONTENT_START.search(page_html)
    if start is None:
        return (0, 0)
    end = page_html.rfind(_CONTENT_END)
    return (start.start(), end if end > start.start() else len(page_html))


def policy(page_html: str, *, preview: bool = False) -> str:
    """Return the policy for ``page_html``: its theme scripts' hashes, in page order, once each."""
    if preview:
        scripts = PREVIEW_SCRIPT_SOURCES
    else:
        hashes = dict.fromkeys(s.source for s in inline_scripts(page_html) if not s.in_content)
        scripts = " ".join([SCRIPT_SOURCES, *hashes])
    directives = [_FIXED[0], ("script-src", scripts), *_FIXED[1:]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def with_policy(page_html: str, *, preview: bool = False) -> str:
    """Return ``page_html`` with its policy as the first thing after the charset in its head.

    A meta policy governs only what follows it, so it goes before every script and style.
    """
    anchor = _CHARSET.search(page_html) or _HEAD.search(page_html)
    if anchor is None:  # not a page: a fragment the theme rendered for another file
        return page_html
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(page_html, preview=preview)}">'
    return page_html[: anchor.end()] + meta + page_html[anchor.end() :]

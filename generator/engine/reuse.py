"""Fast ``mkdocs serve`` reloads: generated pages whose Markdown did not change are not rebuilt.

Parsing and validating is cached by the project loader; most of a rebuild is MkDocs turning
every page into HTML (Markdown, the theme's templates, the search index). A case edit changes one
case page and a few summary pages, so the other case pages' HTML from the previous build is
reused: their files are marked excluded (links to them still resolve, nothing is rendered) and
their HTML and search entries are put back after the build. Anything else that can change a
page's HTML (mkdocs.yml, docs_dir, the theme, pages listed in the nav) empties the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, InclusionLevel

_EXCLUDED_LINK = re.compile(r"contains a link to '([^']*)' which is excluded from the built site")


def digest(text: str | bytes) -> bytes:
    """Return the SHA-256 digest of a page's content."""
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).digest()


def site_fingerprint(
    config_file: Path | None, folders: Iterable[Path], extra: Iterable[str]
) -> bytes:
    """Fingerprint every input of a page's HTML except the page's own Markdown.

    Args:
        config_file: ``mkdocs.yml``.
        folders: docs_dir and the theme folders; files are compared by size and modification time.
        extra: Further text that shapes every page, such as the Markdown of pages in the nav.
    """
    hasher = hashlib.sha256()
    if config_file is not None and config_file.is_file():
        hasher.update(config_file.read_bytes())
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            try:
                stat = path.stat()
            except FileNotFoundError:
                # Emacs' lock files (.#page.md) are dangling symlinks, and an editor's temporary
                # file can vanish between listing and stat: neither shapes any page.
                continue
            hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for text in extra:
        hasher.update(digest(text))
    return hasher.digest()


@dataclass
class _Rendered:
    digest: bytes
    url: str
    html: str
    search: list[Any] = field(default_factory=list)


class PageCache:
    """The HTML of generated pages from the previous build of a ``mkdocs serve`` session."""

    def __init__(self) -> None:
        self._fingerprint = b""
        self._pages: dict[str, _Rendered] = {}
        self._pending: dict[str, bytes] = {}
        self._built: set[str] = set()
        self.reused: list[File] = []
        self._reused_uris: set[str] = set()
        self._banner = ""

    def begin(self, fingerprint: bytes) -> None:
        """Start a build; forget every page when anything but generated Markdown changed."""
        if fingerprint != self._fingerprint:
            self._pages.clear()
            self._fingerprint = fingerprint
        self._pending, self._built, self.reused, self._reused_uris = {}, set(), [], set()

    def offer(self, file: File, content: str) -> None:
        """Reuse the earlier HTML of ``file`` when its Markdown is unchanged (excluding it)."""
        cached = self._pages.get(file.src_uri)
        content_digest = digest(content)
        if cached is not None and cached.digest == content_digest:
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs neither renders nor writes it
            self.reused.append(file)
            self._reused_uris.add(file.src_uri)
        else:
            self._pending[file.src_uri] = content_digest

    def is_reused(self, src_uri: str) -> bool:
        """Tell whether the page ``src_uri`` is taken from the previous build."""
        return src_uri in self._reused_uris

    def remember(self, src_uri: str, url: str, page_html: str) -> None:
        """Keep the HTML of a generated page just built (before any banner is added)."""
        pending = self._pending.get(src_uri)
        if pending is not None:
            self._pages[src_uri] = _Rendered(pending, url, page_html)
            self._built.add(src_uri)

    def restore(
        self,
        site_dir: Path,
        decorate: Callable[[str], str],
        banner: str = "",
        *,
        rewrite: bool = True,
    ) -> None:
        """Write the reused pages and put their entries back into Material's search index.

        Args:
            site_dir: The built site.
            decorate: Adds the preview's error banner (``banner``) to a page.
            banner: The banner this build shows.
            rewrite: Write every reused page (the site folder was emptied); when false
                (``--dirty``), only those missing or written with another banner.
        """
        unchanged = not rewrite and banner == self._banner
        self._banner = banner
        for file in self.reused:
            target = Path(file.abs_dest_path)
            if unchanged and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            html = decorate(self._pages[file.src_uri].html)
            target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        self._merge_search_index(site_dir / "search" / "search_index.json")
        keep = self._built | self._reused_uris
        self._pages = {uri: page for uri, page in self._pages.items() if uri in keep}

    def _merge_search_index(self, index_file: Path) -> None:
        if not index_file.is_file():
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = index.get("docs") if isinstance(index, dict) else None
        if not isinstance(docs, list):
            return
        by_url: dict[str, list[Any]] = {}
        for entry in docs:
            by_url.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
        for uri in self._built:
            self._pages[uri].search = by_url.get(self._pages[uri].url, [])
        for file in self.reused:
            docs.extend(self._pages[file.src_uri].search)
        if self.reused:
            index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


class QuietReusedLinks(logging.Filter):
    """Hide MkDocs' note that a page links to an excluded page when that page is a reused one."""

    def __init__(self, cache: PageCache) -> None:
        super().__init__()
        self.cache = cache

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop the note for reused pages; keep every other record."""
        match = _EXCLUDED_LINK.search(record.getMessage())
        return match is None or not self.cache.is_reused(match.group(1))

"""Links written straight into finished HTML, as MkDocs would have resolved them.

Case pages are written as HTML that MkDocs does not parse again (see :mod:`.finished`), so
their links are written as the browser resolves them: from the URL of the page, which depends
on MkDocs' ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from generator.catalog.addresses import page_address


def served_path(src_uri: str, directory_urls: bool = True) -> str:
    """Return where the page ``src_uri`` of the docs tree is served, relative to the site root.

    ``cases/a.md`` is served at ``cases/a/`` with directory URLs and at ``cases/a.html``
    without; ``cases/index.md`` at ``cases/`` or ``cases/index.html``.
    """
    if directory_urls:
        return page_address(src_uri)
    stem, extension = posixpath.splitext(src_uri)
    return stem + ".html" if extension == ".md" else src_uri


def relative_url(page: str, target: str, directory_urls: bool = True) -> str:
    """Return the link from the page ``page`` to ``target``, both paths in the docs tree.

    Args:
        page: The linking page, such as ``cases/a.md``.
        target: The page or file linked to, such as ``protocols/p.md``; may end in ``#anchor``.
        directory_urls: MkDocs' ``use_directory_urls``.
    """
    path, hash_mark, anchor = target.partition("#")
    here = posixpath.dirname(served_path(page, directory_urls)) or "."
    there = served_path(path, directory_urls)
    link = posixpath.relpath(there.rstrip("/") or ".", here)
    if there.endswith("/") or not there:
        link = "./" if link == "." else link + "/"
    return link + hash_mark + anchor


def page_link_to(page: str, folder: str, directory_urls: bool = True) -> Callable[[str], str]:
    """Return a function linking ``page`` to the page ``<folder>/<name>.md`` by its name.

    Equal to ``relative_url(page, f"{folder}/{name}.md")`` for a plain name, but with the way
    to ``folder`` worked out once: a listing links to dozens of case pages.
    """
    here = posixpath.dirname(served_path(page, directory_urls)) or "."
    way = posixpath.relpath(folder, here)
    prefix = "" if way == "." else f"{way}/"
    ending = "/" if directory_urls else ".html"
    return lambda name: f"{prefix}{name}{ending}"

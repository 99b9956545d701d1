"""The typed options of the ``casebook`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.catalog.compliance import LEVELS
from generator.catalog.paging import PAGE_SIZE


class CasebookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs is untyped here
    """Options under ``plugins: - casebook:`` in ``mkdocs.yml``.

    Attributes:
        cases_dir: Folder of case files, relative to ``mkdocs.yml``.
        protocols_dir: Folder of protocol pages, relative to ``docs_dir``.
        templates_dir: Folder of template overrides, relative to ``mkdocs.yml``.
        reference_dir: Folder of the site's own reference tables (``measures.yml``,
            ``natural-recovery.yml``), relative to ``mkdocs.yml``; each file there replaces the
            packaged table of that name.
        page_size: How many cases a page of the case index or of a facet lists (1 to 1000).
        preview: Show draft and review cases: ``auto`` (only in ``mkdocs serve``) or ``never``.
        search: Build the site's search index with Pagefind after each build and show the
            search box (``theme/partials/header.html``); ``false`` leaves both out.
        claims: The claims check of case text and hand-written pages: ``warn`` (default)
            reports each risky claim, ``error`` stops the build, ``ignore`` skips the check.
        care_min_coverage: The lowest CARE checklist coverage, in percent (0 to 100), that a
            published case may have; below it the build stops. 0 (default): no minimum.
        overdue_reviews: Pages and cases past their ``reviewed.next`` date: ``warn``
            (default), ``error`` (the build publishes nothing) or ``ignore``.
        csp: Put a Content Security Policy in every page (render/csp.py); ``mkdocs serve``
            relaxes it for live reload. ``false`` leaves it out.
        headers: Write ``_headers`` (engine/headers.py) for hosts that read one.
        feeds: Write ``feeds/feed.xml`` (RSS 2.0) and ``feeds/feed.json`` (JSON Feed 1.1) of
            the published cases, linked from every page's head; they need ``site_url``.
        languages: The site's other languages (``[es]``): each gets every case page under
            ``<lang>/``, from the case's translation ``cases/<id>.<lang>.yml`` where there is
            one, and feeds of its own. Each needs a message catalog in ``generator/locale``.
        nav_translations: The nav's section and link titles in each other language, such as
            ``{es: {Protocols: Protocolos}}``; a page translated under ``docs_dir/<lang>/``
            is titled by its own title.
    """

    cases_dir = c.Type(str, default="cases")
    protocols_dir = c.Type(str, default="protocols")
    templates_dir = c.Type(str, default="theme/casebook")
    reference_dir = c.Type(str, default="reference")
    page_size = c.Type(int, default=PAGE_SIZE)
    preview = c.Choice(("auto", "never"), default="auto")
    search = c.Type(bool, default=True)
    claims = c.Choice(LEVELS, default="warn")
    care_min_coverage = c.Type(int, default=0)
    overdue_reviews = c.Choice(LEVELS, default="warn")
    csp = c.Type(bool, default=True)
    headers = c.Type(bool, default=True)
    feeds = c.Type(bool, default=True)
    languages = c.ListOfItems(c.Type(str), default=[])
    nav_translations = c.Type(dict, default={})

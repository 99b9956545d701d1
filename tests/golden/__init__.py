"""Golden rendered pages: the sample site's generated Markdown, committed and compared.

Regenerate after an intended change to templates or rendering with ``make golden``
(``python -m tests.golden``), then review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.catalog.selection import build_catalog
from generator.content.layout import Layout
from generator.content.sources import ProjectLoader
from generator.render.pages import generate
from generator.render.renderer import Renderer

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
BUILD_DATE = dt.date(2026, 11, 18)
# A spread of pages: the index, a case with a story and a quote, one with a discount
# disclosure and adverse events, one aged 90+, and one without follow-up changes.
CASES = ("daniel-ferreira-t10", "r-o-l1", "h-w-c4", "carlos-m-t12")
# Spanish pages: one translated in full, one in part (the rest in English, marked lang="en").
LANGUAGES = ("es",)
TRANSLATED = ("ingrid-s-t8", "amara-n-c6")


def render_goldens() -> dict[str, str]:
    """Render the golden pages of the sample site, by file name."""
    layout = Layout(ROOT, ROOT / "cases", ROOT / "content", ROOT / "content" / "protocols")
    project = ProjectLoader().load(layout, LANGUAGES)
    assert not project.problems, project.problems
    catalog = build_catalog(
        [c.model for c in project.cases], [p.model for p in project.protocols], today=BUILD_DATE
    ).with_translations("en", LANGUAGES, project.translations)
    wanted = {
        "cases/index.md",
        *(f"cases/{case}.md" for case in CASES),
        *(f"es/cases/{case}.md" for case in TRANSLATED),
        "es/cases/index.md",
    }
    pages = {
        f.src_uri.replace("/", "__"): str(f.content)
        for f in generate(catalog, Renderer(), layout)
        if f.src_uri in wanted
    }
    for protocol in catalog.protocols.values():
        pages[f"protocol__{protocol.id}.md"] = Renderer().protocol_section(protocol, catalog)
    return pages


def write_goldens() -> list[Path]:
    """Write every golden page to ``tests/golden/pages/``; return the files written."""
    PAGES.mkdir(exist_ok=True)
    for stale in PAGES.glob("*.md"):
        stale.unlink()
    written = []
    for name, text in sorted(render_goldens().items()):
        (PAGES / name).write_text(text, encoding="utf-8")
        written.append(PAGES / name)
    return written

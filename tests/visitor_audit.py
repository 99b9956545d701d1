"""What a visitor sees: the page types of a built site and the in-page checks of the audit.

``tests/test_visitor_audit.py`` drives these in Debian's chromium. The checks run in the page as
JavaScript and return plain data; the functions here turn that data into one precise line per
problem (page, width, scheme, element or rule), so a failing test lists everything at once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import QuietHandler, serve_directory

WIDTHS = (320, 375, 1280)
HEIGHTS = {320: 568, 375: 667, 1280: 800}
SCHEMES = ("light", "dark")
MIN_CHART_TEXT_PX = 12.0

# WCAG 2.2 A and AA, as axe-core tags them; only serious and critical impacts fail.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
AXE_IMPACTS = frozenset({"serious", "critical"})
# color-contrast is most of axe's time (10 s of 15 on the results page of a busy machine) and
# colours do not depend on the width, so it runs at 320 and 1280 px, not at 375 px as well.
CONTRAST_WIDTHS = frozenset({320, 1280})


def axe_options(width: int) -> dict[str, Any]:
    """Return axe.run's options: WCAG 2.2 A/AA rules, violations only."""
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
        "resultTypes": ["violations"],
    }
    if width not in CONTRAST_WIDTHS:
        options["rules"] = {"color-contrast": {"enabled": False}}
    return options


def require(module: str, what: str) -> None:
    """Skip when ``module`` is missing, or fail under CI (``CI`` set), as the browser does."""
    import importlib.util

    if importlib.util.find_spec(module) is not None:
        return
    message = f"{module} is missing: {what}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --- the pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageType:
    """One kind of page a visitor meets, and where the built site has one."""

    name: str
    path: str  # relative to the site's root URL
    not_found: bool = False  # served with status 404, as a static host serves 404.html


FIXED_PAGES = (
    PageType("home", ""),
    PageType("content page (candidates)", "candidates/"),
    PageType("case index", "cases/"),
    PageType("facet page (AIS A)", "cases/ais/a/"),
    PageType("results", "results/"),
    PageType("cost", "cost/"),
    PageType("evidence", "evidence/"),
    PageType("404", "no-such-page/", not_found=True),
    # In the site's other language: its words, the language switcher, and a case translated
    # in part (texts marked as English).
    PageType("Spanish home", "es/"),
    PageType("Spanish case page", "es/cases/amara-n-c6/"),
    PageType("Spanish cost", "es/cost/"),
)
PAGE_NAMES = (
    "home",
    "content page (candidates)",
    "protocol page",
    "case index",
    "facet page (AIS A)",
    "case page with a photo",
    "case page without a photo",
    "results",
    "cost",
    "evidence",
    "404",
    "Spanish home",
    "Spanish case page",
    "Spanish cost",
)


def case_ids(site_dir: Path) -> list[str]:
    """Return the ids of the published case pages of a built site (not its facet folders)."""
    facets = {"ais", "country", "protocol", "region"}
    return sorted(
        p.parent.name
        for p in (site_dir / "cases").glob("*/index.html")
        if p.parent.name not in facets
    )


def photo_cases(site_dir: Path) -> list[str]:
    """Return the published cases whose page shows a photo (``cases/<id>/photo*.<ext>``)."""
    return [i for i in case_ids(site_dir) if any((site_dir / "cases" / i).glob("photo*.*"))]


def _has_chart(site_dir: Path, case_id: str) -> bool:
    text = (site_dir / "cases" / case_id / "index.html").read_text(encoding="utf-8")
    return "cb-chart" in text


def page_types(site_dir: Path) -> dict[str, PageType]:
    """Return every audited page type found in ``site_dir``, by name; a missing one is absent."""
    found = {page.name: page for page in FIXED_PAGES if _exists(site_dir, page)}
    protocols = sorted(p.parent.name for p in (site_dir / "protocols").glob("*/index.html"))
    if protocols:
        found["protocol page"] = PageType("protocol page", f"protocols/{protocols[0]}/")
    with_photo = photo_cases(site_dir)
    without = [i for i in case_ids(site_dir) if i not in with_photo]
    # Prefer cases with a chart: they exercise the most of the page.
    for name, ids in (
        ("case page with a photo", with_photo),
        ("case page without a photo", without),
    ):
        ranked = sorted(ids, key=lambda i: not _has_chart(site_dir, i))
        if ranked:
            found[name] = PageType(name, f"cases/{ranked[0]}/")
    return found


def _exists(site_dir: Path, page: PageType) -> bool:
    if page.not_found:
        return (site_dir / "404.html").is_file()
    return (site_dir / page.path / "index.html").is_file()


# --- serving as a static host does -------------------------------------------------------------


@contextlib.contextmanager
def serve_site(directory: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port, answering a missing path with its 404.html."""
    with serve_directory(directory, _SiteHandler) as url:
        yield url


class _SiteHandler(QuietHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


# --- the in-page checks -------------------------------------------------------------------------

# Shared by the scripts below: a short CSS-like name for an element, and whether an element is
# a horizontally scrolling region a keyboard and a screen reader can use.
_JS_HELPERS = """
const describe = (el) => {
  const one = (e) => {
    let s = e.tagName.toLowerCase();
    if (e.id) return s + '#' + e.id;
    const classes = [...e.classList].slice(0, 2);
    if (classes.length) s += '.' + classes.join('.');
    return s;
  };
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
    parts.unshift(one(e));
    if (e.id) break;
  }
  return parts.join(' > ');
};
const scrollsX = (e) => {  // overflow does not apply to a table box
  const style = getComputedStyle(e);
  return ['auto', 'scroll'].includes(style.overflowX) && !style.display.includes('table');
};
const nearestScroller = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) if (scrollsX(e)) return e;
  return null;
};
const regionProblems = (e, viewport) => {
  const problems = [];
  if (e.getAttribute('tabindex') !== '0') problems.push('no tabindex="0"');
  if (e.getAttribute('role') !== 'region') problems.push('no role="region"');
  const label = (e.getAttribute('aria-label') || '').trim();
  const ids = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const named = ids.some((id) => (document.getElementById(id)?.textContent || '').trim());
  if (!label && !named) problems.push('no aria-label or aria-labelledby');
  const right = e.getBoundingClientRect().right;
  if (right > viewport + 0.5) problems.push(`itself reaches ${Math.round(right)}px`);
  return problems;
};
"""

OVERFLOW_JS = (
    "() => {"
    + _JS_HELPERS
    + """
  const de = document.documentElement;
  const viewport = de.clientWidth;
  const result = {scrollWidth: de.scrollWidth, clientWidth: viewport, offenders: []};
  if (de.scrollWidth <= viewport) return result;
  const escapes = (el) => {
    for (let e = el; e && e !== de; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.position === 'fixed') return false;
      if (e !== el && e !== document.body && style.overflowX !== 'visible') return false;
    }
    return el.getBoundingClientRect().right > viewport + 0.5;
  };
  const wide = new Set([...document.body.querySelectorAll('*')].filter(escapes));
  for (const el of wide) {
    if (wide.has(el.parentElement)) continue;  // name the outermost element only
    const right = Math.round(el.getBoundingClientRect().right);
    result.offenders.push(`${describe(el)} (right edge ${right}px)`);
  }
  return result;
}"""
)

TABLES_JS = (
    "(viewport) => {"
    + _JS_HELPERS
    + """
  const out = [];
  document.querySelectorAll('.md-content table').forEach((table, index) => {
    const box = table.getBoundingClientRect();
    if (!table.getClientRects().length || (box.width === 0 && box.height === 0)) return;
    let name = (table.caption?.textContent || table.getAttribute('aria-label') || '').trim();
    if (!name) {
      for (let e = table; e && !name; e = e.previousElementSibling || e.parentElement) {
        if (/^H[1-6]$/.test(e.tagName)) name = e.textContent.replace('¶', '').trim();
        if (e.classList?.contains('md-content')) break;
      }
    }
    const header = (i) => {
      const cell = table.rows[0]?.cells[i];
      return cell ? cell.textContent.trim().slice(0, 30) : '';
    };
    const beyond = new Map(), hidden = new Map();
    for (const cell of table.querySelectorAll('th, td')) {
      const column = cell.cellIndex + 1;
      const inHead = cell.closest('thead') !== null;
      if (!cell.getClientRects().length) {
        if (!inHead) hidden.set(column, header(cell.cellIndex));
        continue;
      }
      const right = cell.getBoundingClientRect().right;
      if (right > viewport + 0.5) {
        const seen = beyond.get(column);
        const widest = Math.max(right, seen?.right || 0);
        beyond.set(column, {header: header(cell.cellIndex), right: widest});
      }
    }
    const scroller = nearestScroller(table);
    const problems = scroller ? regionProblems(scroller, viewport) : [];
    out.push({
      index: index + 1,
      name: name.slice(0, 60),
      element: describe(table),
      beyond: [...beyond].map(([column, v]) => ({column, ...v, right: Math.round(v.right)})),
      hidden: [...hidden].map(([column, header]) => ({column, header})),
      scroller: scroller ? describe(scroller) : null,
      scrollerProblems: problems,
    });
  });
  return out;
}"""
)

CHARTS_JS = (
    "([viewport, least]) => {"
    + _JS_HELPERS
    + """
  const out = [];
  document.querySelectorAll('.cb-chart').forEach((chart, index) => {
    const svg = chart.querySelector('svg');
    if (!svg || !svg.getClientRects().length) return;
    const title = (svg.querySelector('title')?.textContent || '').trim().slice(0, 60);
    const matrix = svg.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const scroller = nearestScroller(svg);
    const problems = scroller ? regionProblems(scroller, viewport) : [];
    let small = 0, smallest = null;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.getClientRects().length || !text.textContent.trim()) continue;
      const m = text.getScreenCTM();
      const drawn = parseFloat(getComputedStyle(text).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      if (drawn >= least - 0.01) continue;
      small += 1;
      if (!smallest || drawn < smallest.px) {
        smallest = {px: Math.round(drawn * 10) / 10, text: text.textContent.trim().slice(0, 30),
                    fontSize: getComputedStyle(text).fontSize};
      }
    }
    out.push({index: index + 1, title, element: describe(chart),
              scale: Math.round(scale * 1000) / 1000, small, smallest,
              scroller: scroller ? describe(scroller) : null, scrollerProblems: problems});
  });
  return out;
}"""
)

FOCUS_STYLE_JS = """(el) => {
  const s = getComputedStyle(el);
  return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.outlineOffset}`,
          boxShadow: s.boxShadow};
}"""

ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '(body)';
  const tag = el.tagName.toLowerCase();
  if (el.id) return `${tag}#${el.id}`;
  const name = el.getAttribute('name');
  const value = el.type === 'checkbox' ? `[value=${el.value}]` : '';
  return tag + (name ? `[name=${name}]` : '') + value;
}"""


# --- turning results into lines -----------------------------------------------------------------


def overflow_problems(result: dict[str, Any]) -> list[str]:
    """Describe a page wider than the viewport, with the elements that stick out."""
    if result["scrollWidth"] <= result["clientWidth"]:
        return []
    wide = "; ".join(result["offenders"][:8]) or "no single element found"
    more = len(result["offenders"]) - 8
    if more > 0:
        wide += f"; and {more} more"
    return [
        f"page is {result['scrollWidth']}px wide in a {result['clientWidth']}px viewport; "
        f"sticking out: {wide}"
    ]


def table_problems(tables: list[dict[str, Any]], viewport: int) -> list[str]:
    """Describe tables whose columns a visitor cannot see or reach."""
    lines = []
    for table in tables:
        label = f"table {table['index']} {table['name']!r} ({table['element']})"
        if table["hidden"]:
            columns = ", ".join(f"{c['column']} {c['header']!r}" for c in table["hidden"])
            lines.append(f"{label}: columns hidden (not rendered): {columns}")
        if table["beyond"] and (table["scrollerProblems"] or not table["scroller"]):
            columns = ", ".join(
                f"{c['column']} {c['header']!r} to {c['right']}px" for c in table["beyond"]
            )
            lines.append(
                f"{label}: columns past the {viewport}px viewport: {columns}; "
                f"not in a labelled focusable scroll region ({_region(table)})"
            )
    return lines


def chart_problems(charts: list[dict[str, Any]]) -> list[str]:
    """Describe charts whose text renders under 12 px outside a full-size scroll region."""
    lines = []
    for chart in charts:
        if not chart["small"]:
            continue
        in_region = chart["scroller"] and not chart["scrollerProblems"]
        if in_region and chart["scale"] >= 0.999:
            continue  # drawn at full size inside a labelled, focusable scrolling region
        smallest = chart["smallest"]
        region = f"{_region(chart)}, drawn at scale {chart['scale']}, not 1"
        lines.append(
            f"chart {chart['index']} {chart['title']!r} ({chart['element']}): "
            f"{chart['small']} text elements under {MIN_CHART_TEXT_PX:g}px, smallest "
            f"{smallest['px']}px ({smallest['text']!r}, font-size {smallest['fontSize']} "
            f"x scale {chart['scale']}); {region if in_region else _region(chart)}"
        )
    return lines


def _region(found: dict[str, Any]) -> str:
    if not found["scroller"]:
        return "no horizontally scrolling ancestor"
    return f"nearest scroller {found['scroller']}: {', '.join(found['scrollerProblems']) or 'ok'}"


def axe_problems(response: dict[str, Any]) -> list[str]:
    """Describe the serious and critical axe-core violations, one line per rule."""
    lines = []
    for violation in response.get("violations", []):
        if violation.get("impact") not in AXE_IMPACTS:
            continue
        nodes = violation["nodes"]
        targets = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:5])
        more = f" and {len(nodes) - 5} more" if len(nodes) > 5 else ""
        tags = ",".join(t for t in violation["tags"] if t.startswith("wcag"))
        lines.append(
            f"axe {violation['id']} ({violation['impact']}, {tags}): {violation['help']}; "
            f"{len(nodes)} element(s): {targets}{more}"
        )
    return lines


Found = dict[str, dict[str, list[str]]]  # check -> problem -> where (width and scheme)


def views() -> list[str]:
    """Return every width and scheme a page is audited at, as named in reports."""
    return [f"{width}px {scheme}" for width in WIDTHS for scheme in SCHEMES]


def report(title: str, failures: Found) -> str:
    """Format the failures of one test by check; a problem seen in several views shows once."""
    count = sum(len(problems) for problems in failures.values())
    parts = [f"{title}: {count} distinct problem(s)"]
    every = views()
    for check, problems in failures.items():
        if not problems:
            continue
        parts.append(f"== {check} ({len(problems)})")
        for problem, where in problems.items():
            seen = "every view" if where == every else ", ".join(where)
            parts.append(f"  [{seen}] {problem}")
    return "\n".join(parts)

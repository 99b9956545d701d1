"""``make screenshots``: PNGs of the sample site's main pages on a phone and on a desktop.

Builds the sample site into a temporary folder, serves it on loopback, and writes
``tests/screenshots/<page>-<width>.png`` with Debian's Chromium: the home page, a case page, the
results page and the cost estimate, at 375 px (phone) and 1280 px (desktop), in the light
scheme. The README shows two of them; run this again after changing how pages look.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, copy_site, run_mkdocs, serve_directory

OUT = Path(__file__).resolve().parent / "screenshots"
PAGES = {"home": "", "case": "cases/e-k-t10/", "results": "results/", "cost": "cost/"}
SIZES = {375: 812, 1280: 800}


def main() -> int:
    """Build, serve and capture; return the exit status."""
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing: run `make browser` first", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = copy_site(Path(folder) / "site-root")
        result = run_mkdocs(root, "build", "--strict")
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        with serve_directory(root / "site") as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width, height in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path, wait_until="networkidle")
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target.relative_to(OUT.parent.parent)}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

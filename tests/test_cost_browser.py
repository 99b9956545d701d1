"""The cost estimator in a real browser (Debian's chromium via Playwright).

Expected totals are computed here from the protocols' front matter, not by the generator.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _price_of(protocol_id: str) -> dict[str, Any]:
    text = (ROOT / "content" / "protocols" / f"{protocol_id}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    protocol: dict[str, Any] = front["protocol"]
    return protocol


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1, on a free port, for the module's tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _total(page: Page) -> tuple[str, float]:
    output = page.locator("#cb-cost-total")
    return output.inner_text(), float(output.get_attribute("data-total") or "nan")


def test_estimator_total_for_a_protocol_sessions_and_option(page: Page, site_url: str) -> None:
    protocol = _price_of("uc-msc-iv-lp-ct")
    price = protocol["price"]
    rehab = next(o for o in price["options"] if o["id"] == "rehab-4w")
    expected = price["base"] + 3 * price["per_session"] + rehab["price"]

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/cost/")
    assert page.locator("#cb-estimator").is_visible()
    page.select_option("#cb-cost-protocol", protocol["id"])
    page.fill("#cb-cost-sessions", "3")
    page.check(f"#cb-cost-options input[value='{rehab['id']}']")

    text, amount = _total(page)
    assert amount == expected
    assert text == f"${expected:,.0f}"  # Intl.NumberFormat, en, USD, whole dollars
    assert errors == []


def test_sessions_are_kept_within_the_protocols_range(page: Page, site_url: str) -> None:
    protocol = _price_of("uc-msc-iv-lp")
    price, most = protocol["price"], protocol["sessions"]["max"]
    page.goto(f"{site_url}/cost/")
    page.select_option("#cb-cost-protocol", protocol["id"])
    page.fill("#cb-cost-sessions", str(most + 5))
    assert _total(page)[1] == price["base"] + most * price["per_session"]
    assert str(most) in page.locator("#cb-cost-note").inner_text()
    for option in price["options"]:
        page.check(f"#cb-cost-options input[value='{option['id']}']")
    every = sum(o["price"] for o in price["options"])
    assert _total(page)[1] == price["base"] + most * price["per_session"] + every


def test_without_javascript_the_price_list_remains(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/cost/")
        assert not page.locator("#cb-estimator").is_visible()
        body = page.locator("article").inner_text()
        protocol = _price_of("uc-msc-iv-lp")
        smallest = protocol["price"]["base"] + protocol["price"]["per_session"]
        assert f"USD {smallest:,}" in body
    finally:
        context.close()


def test_the_spanish_estimator_speaks_spanish_and_counts_the_same(
    page: Page, site_url: str
) -> None:
    protocol = _price_of("uc-msc-iv-lp")
    price, most = protocol["price"], protocol["sessions"]["max"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/es/cost/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.select_option("#cb-cost-protocol", protocol["id"])
    page.fill("#cb-cost-sessions", str(most + 5))
    note = page.locator("#cb-cost-note").inner_text()
    assert note == (
        f"Este protocolo consta de {protocol['sessions']['min']} a {most} sesiones; "
        f"el cálculo usa {most}."
    )
    option = price["options"][0]
    page.check(f"#cb-cost-options input[value='{option['id']}']")
    text, amount = _total(page)
    expected = price["base"] + most * price["per_session"] + option["price"]
    assert amount == expected
    assert text.replace("\xa0", " ") == f"{expected:,.0f} US$".replace(",", ".")  # es, USD
    breakdown = page.locator("#cb-cost-breakdown").inner_text()
    assert breakdown.startswith("Base ") and breakdown.endswith(" + 1 opción")
    assert (
        page.locator("#cb-cost-range").inner_text()
        == f"(de {protocol['sessions']['min']} a {most})"
    )
    # The price list, without the script, writes amounts as Spanish does too.
    smallest = price["base"] + price["per_session"]
    assert f"USD {smallest:,}".replace(",", ".") in page.locator("article").inner_text()
    assert errors == []

"""Sign in on a small phone without JavaScript, land on the start page, and filter the case queue."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_alice_lands_on_her_start_page_and_filters_the_queue_on_a_phone_without_javascript(
    chromium: Any, demo_server: str
) -> None:
    context = chromium.new_context(
        viewport={"width": 375, "height": 667}, java_script_enabled=False, locale="en-GB"
    )
    page = context.new_page()
    try:
        sign_in(page, demo_server, "alice", DEMO_PASSWORD)
        assert urlparse(page.url).path == "/start/"
        assert page.locator("h1").inner_text().strip() == "Welcome, Alice Ahmed"
        cases = page.locator("#start-cases")
        assert "new report" in cases.inner_text()
        assert _overflow(page) <= 0, "the start page is wider than the phone"
        screenshot(page, "start-page-phone-no-js")

        cases.get_by_role("link", name="overdue", exact=False).first.click()
        assert urlparse(page.url).path == "/tensions/reports/overdue/"
        page.goto(f"{demo_server}/tensions/reports/")
        page.locator("#queue-filter-details summary").click()  # <details> opens without JavaScript
        page.select_option("#id_status", "open")
        page.select_option("#id_sort", "due")
        page.check("#id_wants_support")
        page.get_by_role("button", name="Show cases").click()
        query = parse_qs(urlparse(page.url).query)
        assert query["status"] == ["open"]
        assert query["sort"] == ["due"]
        assert query["wants_support"] == ["on"]
        # The form shows the filters it applied, open, so the address is the whole state.
        assert page.locator("#queue-filter-details").get_attribute("open") is not None
        assert page.locator("#id_status").input_value() == "open"
        assert page.locator("#id_wants_support").is_checked()
        rows = page.locator("#reports-table tbody tr")
        assert rows.count() > 0
        for i in range(min(rows.count(), 5)):
            assert "Wants support" in rows.nth(i).inner_text()
        assert _overflow(page) <= 0, "the queue is wider than the phone"
        screenshot(page, "case-queue-filtered-phone-no-js")
    finally:
        context.close()

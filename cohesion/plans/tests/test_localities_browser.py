"""A council coordinator names a locality on a phone, choosing wards in their priority order."""

from __future__ import annotations

import re

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_alice_names_a_locality_from_the_ranking_on_a_phone(chromium, demo_server):
    context = chromium.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    try:
        sign_in(page, demo_server, "alice", DEMO_PASSWORD)
        page.goto(f"{demo_server}/plans/localities/")
        page.get_by_role("link", name="Name a locality").click()
        page.wait_for_url("**/plans/localities/new/E06000002/")
        assert page.evaluate(OVERFLOW) <= 0
        wards = page.locator("input[name=wards]")
        first = page.locator(f"label[for={wards.nth(0).get_attribute('id')}]").inner_text()
        assert "priority rank 1 of" in first, first
        page.get_by_label("Name", exact=True).fill("Priority pair")
        wards.nth(0).check()
        wards.nth(1).check()
        screenshot(page, "locality-name-phone")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r".*/plans/localities/\d+/$"))
        assert page.get_by_role("heading", name="Priority pair").is_visible()
        page.get_by_text("wards ranked for priority").click()
        chosen = page.locator("#priority-ranking tr[aria-current=true]")
        assert chosen.count() == 2
        assert first.split(" (")[0] in chosen.nth(0).inner_text()
        assert page.evaluate(OVERFLOW) <= 0
        screenshot(page, "locality-why-phone")
    finally:
        context.close()

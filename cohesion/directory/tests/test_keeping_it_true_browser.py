"""Keeping the directory true in a real browser: an owner's change, a coordinator's approval, the public page."""

import re

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


def test_an_owner_edits_a_service_a_coordinator_approves_it_and_the_public_page_shows_it(
    chromium, phone_page, demo_server
):
    # The hub's volunteer, on a phone, changes the name of one of the hub's services.
    page = phone_page
    sign_in(page, demo_server, "carol", DEMO_PASSWORD)
    page.goto(f"{demo_server}/directory/manage/")
    entries = page.locator("ul.cohesion-manage-list li").filter(has_not_text="Change waiting")
    entries.first.locator("a").first.click()
    page.wait_for_selector("#edit-link")
    service_id = re.search(r"/services/([0-9a-f-]+)/", page.url).group(1)
    old_name = page.locator("h1").inner_text()
    new_name = f"{old_name} (new times)"
    page.locator("#edit-link").click()
    page.wait_for_selector("#service-form")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.fill("#id_name", new_name)
    page.locator("#service-form button[type=submit]").click()
    page.wait_for_selector("#pending-change")
    screenshot(page, "directory-owner-change-waiting-phone")

    # Nothing public changes until a coordinator approves it.
    public = f"{demo_server}/directory/services/{service_id}/"
    anonymous = chromium.new_context(locale="en-GB")
    visitor = anonymous.new_page()
    visitor.goto(public)
    assert visitor.locator("h1").inner_text() == old_name

    # The council's cohesion officer reviews it field by field and approves it.
    context = chromium.new_context(locale="en-GB")
    coordinator = context.new_page()
    sign_in(coordinator, demo_server, "alice", DEMO_PASSWORD)
    coordinator.goto(f"{demo_server}/directory/review/E06000002/")
    coordinator.locator("#pending a", has_text=new_name).click()
    coordinator.wait_for_selector("#review-form")
    assert new_name in coordinator.locator("ins").first.inner_text()
    coordinator.locator("input[name=decision][value=approve]").check()
    screenshot(coordinator, "directory-coordinator-reviews-a-change")
    coordinator.locator("#review-form button[type=submit]").click()
    coordinator.wait_for_selector("#pending-heading")
    context.close()

    visitor.goto(public)
    assert visitor.locator("h1").inner_text() == new_name
    anonymous.close()


def test_a_resident_reports_a_mistake_without_javascript(chromium, demo_server):
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{demo_server}/directory/?need=esol&lang=en")
    page.locator("#results li a").first.click()
    page.locator("#report-mistake-link").click()
    page.fill("#id_what_is_wrong", "The class now starts at 10:30.")
    page.locator("#mistake-form button[type=submit]").click()
    assert "Thank you" in page.locator("h1").inner_text()
    context.close()

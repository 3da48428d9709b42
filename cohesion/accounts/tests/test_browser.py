"""Account pages in a real browser, on a desktop and on a phone."""

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


def test_the_account_page_fits_a_phone_without_horizontal_scrolling(phone_page, demo_server):
    sign_in(phone_page, demo_server, "alice", DEMO_PASSWORD)
    phone_page.goto(f"{demo_server}/accounts/profile/")
    assert phone_page.locator(".cohesion-table-scroll table").count() == 1
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone_page, "account-profile-phone")


def test_the_sign_in_page_leads_to_forgotten_password(page, demo_server):
    page.goto(f"{demo_server}/accounts/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url("**/accounts/password/reset/")
    assert page.get_by_role("heading", level=1).inner_text() == "Forgotten your password?"
    page.get_by_role("button", name="Send the link").click()
    assert page.locator(".govuk-error-summary").inner_text().count("Enter your email address")


def test_the_administrator_invites_a_member_by_email(page, demo_server):
    sign_in(page, demo_server, "erin", DEMO_PASSWORD)
    page.goto(f"{demo_server}/accounts/organisations/")
    page.get_by_role("link", name="Middlesbrough Council").click()
    page.get_by_role("button", name="Add a member").click()
    page.get_by_label("Email address").fill("dave.dodd@darlington.example")
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/accounts/organisations/*/")
    body = page.locator("main").inner_text()
    assert "We have emailed an invitation to dave.dodd@darlington.example" in body
    assert "Dave Dodd" not in body
    screenshot(page, "member-invited")

"""A partner adds a holiday activity session and is warned of the clash with another partner's, in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.programme.demo import holiday_start
from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


def test_a_hub_officer_is_warned_of_the_feast_of_fun_before_saving_a_holiday_session(
    page, demo_server
):
    monday = holiday_start(dt.date.today())
    sign_in(page, demo_server, "carol", DEMO_PASSWORD)
    page.goto(f"{demo_server}/programme/")
    page.get_by_role("link", name="Add an event or session").click()
    page.get_by_label("Council", exact=True).select_option(label="Middlesbrough (E06000002)")
    page.get_by_label("Kind", exact=True).select_option(label="Youth session")
    page.get_by_label("Title", exact=True).fill("Holiday activity session")
    page.get_by_label("Starts", exact=True).fill(f"{monday:%Y-%m-%d}T11:00")
    page.get_by_label("Ends", exact=True).fill(f"{monday:%Y-%m-%d}T14:00")
    page.locator("#id_venue").fill("North Ormesby Community Hub")
    page.locator("#id_ward").select_option(label="North Ormesby (E05009867)")
    page.get_by_label("Organiser", exact=True).select_option(label="North Ormesby Community Hub")
    page.locator("#id_age_from").fill("7")
    page.locator("#id_age_to").fill("11")
    page.get_by_role("button", name="Save").click()

    warning = page.locator("#clashes")
    assert warning.is_visible()
    assert "Feast of Fun" in warning.inner_text()
    assert "Nothing has been saved" in warning.inner_text()
    screenshot(page, "programme-clash-warning")
    calendar = page.context.new_page()
    calendar.goto(f"{demo_server}/programme.json")
    assert "Holiday activity session" not in calendar.content()
    calendar.close()

    page.get_by_label(
        "I have checked the clashes above and want to save anyway", exact=True
    ).check()
    page.get_by_role("button", name="Save anyway").click()
    assert page.get_by_role("heading", name="Holiday activity session").is_visible()
    assert "Feast of Fun" in page.locator(".govuk-warning-text").inner_text()

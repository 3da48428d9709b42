"""The council map in a real browser: sign in as a persona, open Middlesbrough, click a ward."""

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


def test_an_officer_opens_the_council_map_and_clicks_through_to_north_ormesby(page, demo_server):
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    assert page.get_by_role("link", name="Alice Ahmed").is_visible()

    page.goto(f"{demo_server}/areas/E06000002/")
    page.wait_for_selector("#area-map[data-ready=true]")
    wards = page.locator("#area-map path.leaflet-interactive")
    assert wards.count() == 20
    screenshot(page, "council-map-middlesbrough")

    page.locator('#area-map path[data-code="E05009867"]').click()
    page.wait_for_url("**/areas/E05009867/**")
    assert page.get_by_role("heading", level=1).inner_text() == "North Ormesby"
    page.wait_for_selector("#area-map[data-ready=true]")
    screenshot(page, "ward-north-ormesby")


def test_a_ward_can_be_reached_from_the_map_with_the_keyboard(page, demo_server):
    page.goto(f"{demo_server}/areas/E06000002/")
    page.wait_for_selector("#area-map[data-ready=true]")
    page.locator('#area-map path[data-code="E05009866"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/areas/E05009866/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Newport"


def test_the_council_page_works_on_a_phone_without_horizontal_scrolling(phone_page, demo_server):
    phone_page.goto(f"{demo_server}/areas/E06000002/")
    phone_page.wait_for_selector("#area-map[data-ready=true]")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone_page, "council-map-phone")


def test_pages_request_nothing_from_outside_this_server(page, demo_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(demo_server) else None
        ),
    )
    page.goto(f"{demo_server}/areas/E06000002/")
    page.wait_for_selector("#area-map[data-ready=true]")
    assert outside == []

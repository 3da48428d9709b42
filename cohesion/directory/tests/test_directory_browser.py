"""The directory in a real browser: a resident on a phone in Arabic, and a centre volunteer with a case."""

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"


@pytest.fixture
def arabic_phone_page(chromium):
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="ar"
    )
    context.set_extra_http_headers({"Accept-Language": "ar"})
    page = context.new_page()
    yield page
    context.close()


def test_a_resident_on_a_phone_in_arabic_finds_an_esol_class_near_north_ormesby_on_tuesdays(
    arabic_phone_page, demo_server
):
    page = arabic_phone_page
    page.goto(f"{demo_server}/directory/")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.select_option("#id_need", "esol")
    page.fill("#id_where", "North Ormesby")
    page.select_option("#id_day", "TU")
    page.select_option("#id_language", "ar")
    page.locator("form.cohesion-directory-search button[type=submit]").click()
    page.wait_for_selector("#results")
    results = page.locator("#results li.cohesion-directory-result")
    assert results.count() >= 1
    first = results.first.inner_text()
    # The page is in Arabic: the distance reads "... كم" (km), the day الثلاثاء (Tuesday).
    assert "ESOL" in first and "كم" in first and "الثلاثاء" in first
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "directory-esol-north-ormesby-arabic-phone")
    # The list to print carries the same services.
    page.locator("#print-link").click()
    page.wait_for_load_state()
    assert "ESOL" in page.locator("ol").inner_text()


def test_the_search_works_without_javascript(chromium, demo_server):
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{demo_server}/directory/?need=esol&where=North+Ormesby&day=TU&lang=en")
    assert page.locator("#results li").count() >= 1
    context.close()


def test_a_centre_volunteer_signposts_a_case_to_a_service(page, demo_server):
    sign_in(page, demo_server, "carol", DEMO_PASSWORD)
    page.goto(f"{demo_server}/tensions/reports/")
    page.locator("a.cohesion-code, td a, th a").first.click()
    page.wait_for_selector("#case-actions")
    page.locator("#signpost-link").click()
    page.wait_for_selector("#signpost-form")
    options = page.locator("#id_service option")
    value = options.nth(1).get_attribute("value")
    page.select_option("#id_service", value)
    page.locator("input[name=kind][value=signpost]").check()
    page.fill("#id_note", "Gave the leaflet in Arabic")
    page.locator("#signpost-form button[type=submit]").click()
    page.wait_for_selector("#case-actions")
    assert "Signposted to" in page.content()
    screenshot(page, "directory-signposted-case")

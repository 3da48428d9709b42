"""Residents report in a real browser: in Arabic and Welsh on a phone, in English with the map, and without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cohesion.testing.browser import screenshot

REFERENCE = re.compile(r"CHN-[2-9A-Z]{4}-[2-9A-Z]{4}")
NORTH_ORMESBY = "E05009867"


def _fill_date(page: Any) -> None:
    page.fill("#id_occurred_on_0", "14")
    page.fill("#id_occurred_on_1", "2")
    page.fill("#id_occurred_on_2", "2025")


@pytest.mark.browser
def test_a_resident_reports_a_hate_incident_in_arabic_on_a_phone_and_gets_a_reference(
    demo_server: str, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{demo_server}/report/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.get_by_label("حادثة كراهية أو جريمة كراهية").check()
    page.get_by_label("الدين أو المعتقد").check()
    page.get_by_label("ماذا حدث؟").fill("صرخ رجل في وجه أختي بسبب حجابها عند موقف الحافلات.")
    _fill_date(page)
    page.get_by_label("أين حدث ذلك؟").fill("موقف الحافلات في الشارع الرئيسي")
    page.select_option("#id_area", NORTH_ORMESBY)
    page.get_by_label("رأيته يحدث").check()
    page.get_by_label("أوافق على مشاركة هذا البلاغ مع الشرطة").check()
    # Nothing on the page is wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the form is {width}px wide on a 375px phone"
    page.get_by_role("button", name="إرسال البلاغ").click()
    page.wait_for_selector("#report-reference")
    assert page.locator("h1").inner_text().strip() == "تم إرسال البلاغ"
    reference = page.locator("#report-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    assert "999" in page.content() and "101" in page.content()
    screenshot(page, "report-arabic-phone")


@pytest.mark.browser
def test_a_resident_reports_community_tension_in_english_by_marking_the_map(
    demo_server: str, page: Any
) -> None:
    page.goto(f"{demo_server}/report/?lang=en")
    page.get_by_label("Community tension").check()
    page.get_by_label("Graffiti or damage").check()
    page.get_by_label("What happened?").fill("Someone sprayed hateful words on the mosque wall.")
    _fill_date(page)
    page.wait_for_selector("#report-map[data-ready='true']")
    page.locator("#report-map path.leaflet-interactive").first.click()
    assert page.input_value("#id_longitude") != "" and page.input_value("#id_latitude") != ""
    chosen = page.input_value("#id_area")
    assert chosen.startswith("E05"), "marking the map also chooses the ward in the list"
    assert "Marked on the map" in page.locator("#report-map-status").inner_text()
    page.get_by_label("I saw it happen").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_selector("#report-reference")
    reference = page.locator("#report-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    assert "What happens next" in page.content()
    screenshot(page, "report-english-map")


@pytest.mark.browser
def test_the_report_form_works_without_javascript(demo_server: str, chromium: Any) -> None:
    context = chromium.new_context(java_script_enabled=False, locale="pl-PL")
    try:
        page = context.new_page()
        page.goto(f"{demo_server}/report/?lang=pl")
        assert page.locator("#report-map").is_hidden()  # the map is an enhancement only
        page.get_by_label("Napięcie w społeczności").check()
        page.get_by_label("Co się stało?").fill("Plotki o nowych sąsiadach w grupie na Facebooku.")
        page.select_option("#id_area", "E06000002")  # "somewhere in Middlesbrough"
        page.get_by_label("Zgłaszam w imieniu kogoś innego").check()
        page.get_by_role("button", name="Wyślij zgłoszenie").click()
        page.wait_for_selector("#report-reference")
        assert REFERENCE.fullmatch(page.locator("#report-reference").inner_text().strip())
        screenshot(page, "report-polish-no-javascript")
    finally:
        context.close()


@pytest.mark.browser
def test_mistakes_are_explained_in_the_residents_language_and_nothing_is_lost(
    demo_server: str, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{demo_server}/report/?lang=ar")
    page.get_by_label("ماذا حدث؟").fill("نص محفوظ")
    page.get_by_role("button", name="إرسال البلاغ").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "هناك مشكلة في بلاغك" in summary.inner_text()
    assert "اختر ما تريد الإبلاغ عنه." in summary.inner_text()
    assert page.get_by_label("ماذا حدث؟").input_value() == "نص محفوظ"


@pytest.mark.browser
def test_the_map_adds_no_tab_stop_per_ward_between_the_area_list_and_who_are_you(
    demo_server: str, page: Any
) -> None:
    page.goto(f"{demo_server}/report/?lang=en")
    page.wait_for_selector("#report-map[data-ready='true']")
    page.focus("#id_area")
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('name') || ''")
        if name == "reporter_role":
            break
        stops.append(page.evaluate("document.activeElement.tagName"))
    else:
        raise AssertionError(f"30 tab stops after the area list: {stops}")
    assert "path" not in [s.lower() for s in stops], stops
    assert len(stops) <= 5, stops  # the map itself, its zoom buttons, its credit link
    # Still usable with a mouse.
    page.locator("#report-map path.leaflet-interactive").first.click()
    assert page.input_value("#id_longitude") != ""


@pytest.mark.browser
def test_a_resident_reports_in_welsh_on_a_small_phone_and_is_answered_in_welsh(
    demo_server: str, chromium: Any
) -> None:
    context = chromium.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    try:
        page = context.new_page()
        page.goto(f"{demo_server}/report/")
        # On a form the switcher is a button that keeps what was typed (core/_language_switcher.html).
        page.get_by_role("button", name="Cymraeg").click()
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.locator("h1").inner_text().strip() == (
            "Rhoi gwybod am ddigwyddiad casineb neu densiwn cymunedol"
        )
        page.get_by_label("Digwyddiad casineb neu drosedd casineb").check()
        page.get_by_label("Crefydd neu gred").check()
        page.get_by_label("Beth ddigwyddodd?").fill(
            "Gwaeddodd dyn ar fy chwaer oherwydd ei sgarff pen wrth y safle bws."
        )
        _fill_date(page)
        page.get_by_label("Ble ddigwyddodd hyn?").fill("Y safle bws ar y stryd fawr")
        page.select_option("#id_area", NORTH_ORMESBY)
        page.get_by_label("Gwelais i’r peth yn digwydd").check()
        page.get_by_label("Cewch rannu’r adroddiad hwn â’r heddlu").check()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1, f"the form is {width}px wide on a 375px phone"
        page.get_by_role("button", name="Anfon adroddiad").click()
        page.wait_for_selector("#report-reference")
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.locator("h1").inner_text().strip() == "Adroddiad wedi’i anfon"
        assert REFERENCE.fullmatch(page.locator("#report-reference").inner_text().strip())
        content = page.content()
        assert "Beth sy’n digwydd nesaf" in content and "What happens next" not in content
        assert "999" in content and "101" in content
        screenshot(page, "report-welsh-phone")
    finally:
        context.close()

"""Surveys in a real browser: a resident answers on a phone; an officer opens a dashboard."""

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
OPEN_WAVE = "middlesbrough-2025"


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_resident_completes_the_online_questionnaire_on_a_phone(phone_page, page, demo_server):
    officer = page
    page = phone_page
    page.goto(f"{demo_server}/surveys/take/{OPEN_WAVE}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Middlesbrough Residents")
    screenshot(page, "survey-phone-start")
    page.get_by_role("button", name="Start now").click()
    pages = 0
    while "/page/" in page.url and pages < 20:
        pages += 1
        assert _no_sideways_scroll(page), page.url
        for group in page.locator("fieldset.govuk-fieldset").all():
            group.locator("label.govuk-radios__label").first.click()
        for select in page.locator("select.govuk-select").all():
            select.select_option(index=1)
        if pages == 1:
            screenshot(page, "survey-phone-question-page")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 0, page.content()[:2000]
    assert pages >= 7
    # The optional last step: the resident would like an interpreter, in Polish.
    assert "/interpreter/" in page.url
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Would you like help from an interpreter to take part?"
    )
    page.get_by_label("I would like an interpreter").check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()  # no language: refused, kept
    assert page.get_by_label("I would like an interpreter").is_checked()
    page.get_by_label("Which language?").fill("Polish")
    assert _no_sideways_scroll(page)
    screenshot(page, "survey-phone-interpreter")
    page.get_by_role("button", name="Continue").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Check your answers before sending them"
    )
    assert "Polish" in page.locator("#interpreter-answer").inner_text()
    screenshot(page, "survey-phone-check-answers")
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your answers have been sent"
    screenshot(page, "survey-phone-done")
    # The council's officer sees the language counted on the wave's page, ready to book for.
    sign_in(officer, demo_server, "alice", DEMO_PASSWORD)
    officer.goto(f"{demo_server}/surveys/")
    officer.get_by_role("link", name="Middlesbrough Residents' Survey (synthetic)").click()
    officer.get_by_role("link", name="Autumn 2025", exact=True).click()
    polish = officer.locator('#interpreter-languages tr[data-language="Polish"]')
    assert int(polish.locator("td").nth(1).inner_text()) >= 1
    assert "language=Polish" in (
        polish.get_by_role("link", name="Book an interpreter").get_attribute("href") or ""
    )
    screenshot(officer, "survey-wave-interpreter-help")


def test_a_resident_can_answer_in_arabic_right_to_left_on_a_phone(phone_page, demo_server):
    page = phone_page
    page.goto(f"{demo_server}/surveys/take/{OPEN_WAVE}/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("button", name="ابدأ الآن").click()
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "أوافق تمامًا" in page.content()
    assert _no_sideways_scroll(page)
    screenshot(page, "survey-phone-arabic")


def test_an_officer_opens_the_locality_dashboard_with_its_map(page, demo_server):
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.goto(f"{demo_server}/surveys/")
    page.get_by_role("link", name="Locality survey, Newport and North Ormesby (synthetic)").click()
    page.get_by_role("link", name="Results September 2021").click()
    page.wait_for_selector("#survey-map[data-ready=true]")
    assert page.locator("#survey-map path.leaflet-interactive").count() == 2
    assert page.locator(".cohesion-synthetic-label").first.is_visible()
    newport = page.locator('#q-safe_day-wards tr[data-code="E05009866"]').inner_text()
    assert "68.6%" in newport  # 68.65 before: one decimal on a base of 50 or more, never two
    assert page.locator("svg#chart-safe_after_dark").is_visible()
    screenshot(page, "survey-dashboard-locality")
    page.get_by_role("link", name="Change since March 2021").click()
    assert (
        "Change from March 2021 to September 2021"
        in page.get_by_role("heading", level=1).inner_text()
    )
    screenshot(page, "survey-change-between-waves")


def test_an_officer_codes_a_comment_on_a_phone_and_sees_the_theme_count_rise(
    small_phone_page, demo_server
):
    page = small_phone_page
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.goto(f"{demo_server}/surveys/")
    page.get_by_role("link", name="Middlesbrough Residents' Survey (synthetic)").click()
    page.get_by_role("link", name="Autumn 2025", exact=True).click()
    page.get_by_role("link", name="Comment themes", exact=True).click()
    theme = page.locator("#theme-table tbody tr").filter(has_text="Feeling safe")
    before = int(theme.locator("td").first.inner_text())

    page.get_by_role("link", name="Read and code the comments").click()
    page.locator("#comment-filters summary").click()
    page.locator('#comment-filters select[name="theme"]').select_option(label="Not coded yet")
    page.get_by_role("button", name="Show comments").click()
    assert _no_sideways_scroll(page)
    first = page.locator("#comments > li").first
    number = first.get_attribute("id")
    assert "Synthetic comment:" in first.inner_text()
    first.get_by_label("Feeling safe").check()
    screenshot(page, "survey-phone-code-comment")
    first.get_by_role("button", name="Save themes").click()
    page.wait_for_load_state()
    assert "Themes saved for comment" in page.locator(".govuk-notification-banner").inner_text()
    assert _no_sideways_scroll(page)
    # Coded now, it has left the "not coded yet" list.
    assert page.locator(f"#{number}").count() == 0

    page.get_by_role("link", name="Theme counts and the coding frame").click()
    after = int(
        page.locator("#theme-table tbody tr")
        .filter(has_text="Feeling safe")
        .locator("td")
        .first.inner_text()
    )
    assert after == before + 1
    assert _no_sideways_scroll(page)
    screenshot(page, "survey-phone-comment-themes")

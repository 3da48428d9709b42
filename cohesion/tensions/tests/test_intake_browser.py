"""In a real browser: the spam trap lets a person through, and a very long word stays in its column."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cohesion.testing.browser import screenshot, sign_in

REFERENCE = re.compile(r"CHN-[2-9A-Z]{4}-[2-9A-Z]{4}")
NORTH_ORMESBY = "E05009867"
DEMO_PASSWORD = "cohesion-demo"


def _fill_report(page: Any, description: str) -> None:
    page.get_by_label("Hate incident or hate crime").check()
    page.get_by_label("What happened?").fill(description)
    page.fill("#id_occurred_on_0", "14")
    page.fill("#id_occurred_on_1", "2")
    page.fill("#id_occurred_on_2", "2025")
    page.select_option("#id_area", NORTH_ORMESBY)
    page.get_by_label("I saw it happen").check()


@pytest.mark.browser
def test_autofill_in_the_spam_trap_shows_the_box_and_the_person_gets_through(
    demo_server: str, page: Any
) -> None:
    """Trust 16: a filled trap box is shown, explained and can be emptied; nothing typed is lost."""
    page.goto(f"{demo_server}/report/?lang=en")
    _fill_report(page, "Someone shouted at us in the park; my browser fills every box.")
    page.fill("#id_website", "https://example.org")  # what autofill does
    page.get_by_role("button", name="Send report").click()
    trap = page.locator("#id_website")
    trap.wait_for(state="visible")
    assert trap.is_visible() and trap.get_attribute("tabindex") is None
    assert "my browser fills every box" in page.get_by_label("What happened?").input_value()
    screenshot(page, "report-spam-trap-shown")
    trap.fill("")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_selector("#report-reference")
    assert REFERENCE.fullmatch(page.locator("#report-reference").inner_text().strip())


@pytest.mark.browser
def test_a_5000_character_word_wraps_and_leaves_the_case_actions_clear(
    demo_server: str, page: Any
) -> None:
    """Trust 16: the description wraps inside its column instead of covering the actions."""
    page.goto(f"{demo_server}/report/?lang=en")
    _fill_report(page, "W" * 5000)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_selector("#report-reference")
    reference = page.locator("#report-reference").inner_text().strip()
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.goto(f"{demo_server}/tensions/reports/{reference}/")
    text = page.locator("#report-description").bounding_box()
    actions = page.locator("#case-actions").bounding_box()
    assert text is not None and actions is not None
    assert text["x"] + text["width"] <= actions["x"], (text, actions)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "case-long-word")

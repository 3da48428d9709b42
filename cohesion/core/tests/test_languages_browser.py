"""A resident half-way through the report form changes its language and loses nothing, with and without JavaScript."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

DESCRIPTION = "Someone painted hateful words on the community centre door."


def _reports_stored(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Reports in the demo server's database (the server runs in its own process)."""
    databases = Path(tmp_path_factory.getbasetemp()).glob("demo-var*/cohesion.sqlite3")
    database = max(databases, key=lambda path: path.stat().st_mtime)
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM tensions_report").fetchone()[0])


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_half_filled_report_switched_to_welsh_keeps_what_was_typed_and_sends_nothing(
    chromium: Any, demo_server: str, tmp_path_factory: pytest.TempPathFactory, javascript: bool
) -> None:
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=javascript, locale="en-GB"
    )
    page = context.new_page()
    try:
        before = _reports_stored(tmp_path_factory)
        page.goto(f"{demo_server}/report/?lang=en")
        page.get_by_label("Community tension").check()
        page.get_by_label("What happened?").fill(DESCRIPTION)
        page.fill("#id_occurred_time", "21:30")
        switcher = page.locator(".cohesion-language-switcher")
        assert switcher.locator('[aria-current="true"]').inner_text() == "English"
        switcher.get_by_text("Cymraeg").click()
        page.wait_for_selector('html[lang="cy"]')
        assert page.locator("h1").inner_text().strip() == (
            "Rhoi gwybod am ddigwyddiad casineb neu densiwn cymunedol"
        )
        assert page.locator("#id_description").input_value() == DESCRIPTION
        assert page.locator("#id_occurred_time").input_value() == "21:30"
        assert page.locator('input[name="category"][value="tension"]').is_checked()
        assert page.locator(".govuk-error-summary").count() == 0
        assert page.locator('.cohesion-language-switcher [aria-current="true"]').inner_text() == (
            "Cymraeg"
        )
        assert _reports_stored(tmp_path_factory) == before
        # The next page stays in Welsh.
        page.goto(f"{demo_server}/report/")
        assert page.locator("html").get_attribute("lang") == "cy"
    finally:
        context.close()


def test_with_javascript_a_switcher_link_keeps_the_typed_values_across_the_reload(
    chromium: Any, demo_server: str
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{demo_server}{reverse('accounts-sign-in')}")
        page.fill("#id_username", "alice")
        page.fill("#id_password", "not kept")
        page.locator(".cohesion-language-switcher a[hreflang='pl']").click()
        page.wait_for_selector('html[lang="pl"]')
        assert page.locator("#id_username").input_value() == "alice"
        assert page.locator("#id_password").input_value() == ""  # passwords are never kept
        page.reload()
        assert page.locator("#id_username").input_value() == ""  # kept once, then forgotten
    finally:
        context.close()

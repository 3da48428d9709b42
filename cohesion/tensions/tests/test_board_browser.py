"""The tension board in a real browser, on the demo site, as the council's cohesion officer."""

from __future__ import annotations

from typing import Any

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"


def test_alice_reads_the_tension_board_and_opens_north_ormesby_from_the_map(
    page: Any, demo_server: str
) -> None:
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.get_by_role("link", name="Tension board").first.click()
    page.wait_for_url(f"**/tensions/board/{MIDDLESBROUGH}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Middlesbrough"
    page.wait_for_selector("#tension-map[data-ready=true]")
    assert page.locator("#tension-map path.leaflet-interactive").count() == 20
    # The demo's assessments colour North Ormesby with its level; the table says it in words.
    north = page.locator(f'#tension-map path[data-code="{NORTH_ORMESBY}"]')
    assert north.get_attribute("fill") not in (None, "#f3f2f1")
    row = page.locator(f'#board-table tr[data-code="{NORTH_ORMESBY}"]')
    assert "High" in row.inner_text()
    assert page.locator("#board-legend li").count() == 6  # five levels and "not assessed"
    assert page.locator(".cohesion-synthetic-label").count() > 0
    screenshot(page, "tension-board-middlesbrough")

    north.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tensions/areas/{NORTH_ORMESBY}/")
    assert page.get_by_role("heading", level=1).inner_text() == "North Ormesby"
    screenshot(page, "tension-record-north-ormesby")


def test_the_demo_spike_in_north_ormesby_is_flagged_on_its_early_warning_chart(
    page: Any, demo_server: str
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.goto(f"{demo_server}/tensions/early-warning/{NORTH_ORMESBY}/")
    police = page.locator("section[id^='series-crime'] svg.cohesion-chart")
    # All reports and each category, then police.uk's four tension-related types and all crime.
    assert page.locator("svg.cohesion-chart").count() - police.count() == 3
    assert police.count() == 5
    assert page.locator('#series-all svg rect[data-flagged="true"]').count() >= 1
    screenshot(page, "early-warning-north-ormesby")
    assert errors == []


def test_the_tension_board_fits_a_phone(phone_page: Any, demo_server: str) -> None:
    sign_in(phone_page, demo_server, "amir", DEMO_PASSWORD)
    phone_page.goto(f"{demo_server}/tensions/board/{MIDDLESBROUGH}/")
    phone_page.wait_for_selector("#tension-map[data-ready=true]")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone_page, "tension-board-phone")


def test_the_public_weekly_counts_fit_a_phone_with_the_table_scrolling_inside_its_box(
    phone_page: Any, demo_server: str
) -> None:
    phone_page.goto(f"{demo_server}/tensions/public/{MIDDLESBROUGH}/")
    phone_page.wait_for_selector("#public-table")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    wrapped = phone_page.eval_on_selector_all(
        "table", "els => els.every(t => t.closest('.cohesion-table-scroll') !== null)"
    )
    assert wrapped

"""A monthly review recorded on a phone, seen on the steering-group page, in a real browser."""

from __future__ import annotations

import re

import pytest

from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
STEERING = "/plans/steering/E06000002/"


def _newport_row(page) -> str:
    return page.locator("#steering-grid tbody tr", has_text="Newport").first.inner_text()


def _progress(row_text: str) -> int:
    match = re.search(r"(\d+)%", row_text)
    assert match, row_text
    return int(match.group(1))


def test_nadia_records_a_monthly_review_on_a_phone_and_the_steering_page_shows_it(
    chromium, demo_server
):
    context = chromium.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    try:
        sign_in(page, demo_server, "nadia", DEMO_PASSWORD)
        page.goto(f"{demo_server}{STEERING}")
        before = _progress(_newport_row(page))

        page.locator("#steering-grid tbody tr", has_text="Newport").first.get_by_role(
            "link"
        ).click()
        page.locator("#record-review").click()
        page.wait_for_url("**/reviews/new/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        groups = page.locator("fieldset.cohesion-action-group")
        assert groups.count() >= 2
        changed = [
            groups.nth(0).locator("legend").inner_text(),
            groups.nth(1).locator("legend").inner_text(),
        ]
        for index in (0, 1):
            group = groups.nth(index)
            group.get_by_label("Status").select_option(label="Done")
            group.get_by_label("Progress note").fill(
                "Finished this month, confirmed at the review."
            )
        page.get_by_label("Escalate to the steering group").fill(
            "The youth club needs a new venue from January"
        )
        screenshot(page, "plan-review-phone")
        page.get_by_role("button", name="Save meeting").click()
        page.wait_for_url(re.compile(r".*/plans/meetings/\d+/$"))
        changes = page.locator("#status-changes").inner_text()
        for legend in changed:
            assert legend.split(" (")[0] in changes
        assert changes.count("Done") >= 2

        page.goto(f"{demo_server}{STEERING}")
        after = _progress(_newport_row(page))
        assert after > before
        assert (
            "The youth club needs a new venue from January"
            in page.locator("#open-escalations + ul").inner_text()
        )
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        screenshot(page, "steering-after-review-phone")
    finally:
        context.close()

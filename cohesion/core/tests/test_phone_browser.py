"""The main journeys on a 375 x 667 phone: no page scrolls sideways, every data table keeps its
key column in view while its other columns scroll, and chart labels are at least 12 px.

A screenshot of each page is kept in test-artefacts/phone/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from cohesion.testing.browser import ARTEFACTS, screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"
WIDTH = 375

# Every visible data table: is it in the one scrolling pattern, and once its region is scrolled
# to the far end, is the first cell of each row still inside the screen?
TABLES = """() => [...document.querySelectorAll('table.govuk-table')]
  .filter(t => t.getClientRects().length && t.getBoundingClientRect().width > 0)
  .map(t => {
    const wrap = t.closest('.cohesion-table-scroll');
    const rtl = getComputedStyle(t).direction === 'rtl';
    if (wrap) wrap.scrollLeft = rtl ? -wrap.scrollWidth : wrap.scrollWidth;
    const outside = [...t.rows].map(r => r.cells[0]).filter(Boolean).filter(c => {
      const box = c.getBoundingClientRect();
      return box.left < -1 || box.right > window.innerWidth + 1;
    }).map(c => c.innerText.trim().slice(0, 40));
    const result = {
      id: t.id || (t.caption ? t.caption.innerText.trim().slice(0, 40) : ''),
      wrapped: !!wrap,
      region: !!wrap && wrap.getAttribute('role') === 'region' && wrap.tabIndex === 0
        && !!(wrap.getAttribute('aria-label') || '').trim(),
      wide: !!wrap && wrap.scrollWidth > wrap.clientWidth + 1,
      outside: outside,
    };
    if (wrap) wrap.scrollLeft = 0;
    return result;
  })"""

# The smallest label of each chart on the page, in screen pixels.
CHART_LABELS = """() => [...document.querySelectorAll('svg[viewBox]')]
  .filter(svg => svg.getClientRects().length && svg.querySelector('text'))
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
    return {chart: svg.id || svg.getAttribute('class') || '', smallest: Math.min(...sizes) * scale};
  })"""


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        viewport={"width": WIDTH, "height": 667}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    yield page
    context.close()


def _first_link(page: Any, pattern: str) -> str:
    """The first link on the page whose address matches ``pattern``."""
    hrefs = page.evaluate("() => [...document.querySelectorAll('main a[href]')].map(a => a.href)")
    for href in hrefs:
        if re.search(pattern, href):
            return str(href)
    raise AssertionError(f"no link matching {pattern} on {page.url}")


def _check(page: Any, name: str, *, tables: bool = True) -> list[dict[str, Any]]:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url
    found = page.evaluate(TABLES)
    for table in found:
        assert table["wrapped"] and table["region"], (page.url, table)
        assert not table["outside"], (page.url, table)
    if tables:
        assert found, f"no data table on {page.url}"
    for chart in page.evaluate(CHART_LABELS):
        assert chart["smallest"] >= 12, (page.url, chart)
    (ARTEFACTS / "phone").mkdir(parents=True, exist_ok=True)
    screenshot(page, f"phone/{name}")
    return list(found)


def test_public_journeys_fit_a_phone(phone: Any, demo_server: str) -> None:
    page = phone
    page.goto(f"{demo_server}/?lang=en")
    _check(page, "home", tables=False)
    page.goto(f"{demo_server}/areas/{NORTH_ORMESBY}/")
    _check(page, "ward-profile")
    page.goto(f"{demo_server}/directory/?need=esol&where=North+Ormesby&lang=en")
    _check(page, "directory-search", tables=False)
    page.goto(f"{demo_server}/report/?lang=en")
    _check(page, "report-form", tables=False)
    page.goto(f"{demo_server}/events/")
    _check(page, "events", tables=False)
    # Arabic, chosen on the report form, is remembered: the key column stays in view at the
    # right-hand side of a right-to-left page while the other columns scroll.
    page.goto(f"{demo_server}/report/?lang=ar")
    _check(page, "report-form-arabic", tables=False)
    page.goto(f"{demo_server}/areas/{NORTH_ORMESBY}/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    _check(page, "ward-profile-arabic")


def test_officer_journeys_fit_a_phone(phone: Any, demo_server: str) -> None:
    page = phone
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    page.goto(f"{demo_server}/indicators/ranking/{MIDDLESBROUGH}/")
    ranking = _check(page, "ranking")
    assert any(t["wide"] for t in ranking), "the ranking no longer needs to scroll: check the test"
    page.goto(f"{demo_server}/tensions/board/{MIDDLESBROUGH}/")
    _check(page, "tension-board")
    page.goto(f"{demo_server}/tensions/reports/")
    _check(page, "case-queue")

    page.goto(f"{demo_server}/surveys/")
    page.get_by_role("link", name="Locality survey, Newport and North Ormesby (synthetic)").click()
    page.get_by_role("link", name="Results September 2021").click()
    _check(page, "survey-results")
    # On a phone the chart gives way to the table of the same figures that follows it.
    assert not page.locator("svg#chart-safe_after_dark").is_visible()
    assert page.locator('#q-safe_day-wards tr[data-code="E05009866"]').is_visible()

    page.goto(f"{demo_server}/plans/steering/{MIDDLESBROUGH}/")
    _check(page, "plans-steering")
    page.goto(_first_link(page, r"/plans/\d+/$"))
    _check(page, "plan")

    page.goto(f"{demo_server}/packs/")
    _check(page, "packs")
    page.get_by_role("link", name="Ward councillor briefing: North Ormesby").first.click()
    _check(page, "pack")

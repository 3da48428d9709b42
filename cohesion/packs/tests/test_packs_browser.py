"""The demo's packs in a real browser: read on a 375 px phone, and the PDF's first pages kept as pictures."""

from __future__ import annotations

from typing import Any

import pytest

from cohesion.packs.tests.documents import save_artefact
from cohesion.testing.browser import screenshot, sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "cohesion-demo"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# Every table's scroll region: it fits the screen, and a table wider than it scrolls inside it.
TABLES = """() => [...document.querySelectorAll('.table-wrap, .cohesion-table-scroll')].map(w => ({
    fits: w.getBoundingClientRect().right <= window.innerWidth + 1,
    wide: w.scrollWidth > w.clientWidth + 1,
    scrolls: getComputedStyle(w).overflowX === 'auto' || getComputedStyle(w).overflowX === 'scroll',
    focusable: w.tabIndex === 0,
    font: parseFloat(getComputedStyle(w.querySelector('td, th')).fontSize),
}))"""

CHART_SCALES = """() => [...document.querySelectorAll('figure.chart svg')].map(
    svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""


def _open_pack(page: Any, base: str, title: str) -> str:
    page.goto(f"{base}/packs/")
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state("networkidle")
    return page.url


def _check_tables(page: Any) -> int:
    tables = page.evaluate(TABLES)
    assert tables, "the pack has no tables"
    for table in tables:
        assert table["fits"], table
        assert table["focusable"], table
        assert table["font"] >= 12, table
        if table["wide"]:
            assert table["scrolls"], table
    return sum(t["wide"] for t in tables)


def test_a_ward_councillor_reads_the_demo_briefing_on_a_phone(phone_page: Any, demo_server: str):
    page = phone_page
    sign_in(page, demo_server, "cllr.hussain", DEMO_PASSWORD)
    address = _open_pack(page, demo_server, "Ward councillor briefing: North Ormesby")
    assert "synthetic" in page.locator("main").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    _check_tables(page)
    screenshot(page, "pack-briefing-page-phone")

    # The HTML document itself, as the councillor downloads it.
    page.goto(f"{address}pack.html")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Ward councillor briefing: North Ormesby")
    assert page.evaluate(OVERFLOW) <= 0
    _check_tables(page)
    # Charts are drawn no smaller than their 12-unit labels can be read at 10 px.
    scales = page.evaluate(CHART_SCALES)
    assert scales and min(scales) * 12 >= 10, scales
    # A wide table is read by scrolling its own region sideways, not the page.
    wrap = page.locator(".table-wrap").last
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    assert page.evaluate(OVERFLOW) <= 0
    screenshot(page, "pack-briefing-document-phone")


def test_the_demo_packs_pdfs_first_two_pages_are_kept_as_pictures(page: Any, demo_server: str):
    sign_in(page, demo_server, "alice", DEMO_PASSWORD)
    for title, name in (
        ("Ward councillor briefing: North Ormesby", "browser-ward-briefing"),
        ("Scrutiny update: Newport and North Ormesby", "browser-scrutiny-update"),
        ("Quarterly hate-incident report: Middlesbrough", "browser-hate-quarterly"),
    ):
        address = _open_pack(page, demo_server, title)
        response = page.request.get(f"{address}pack.pdf")
        assert response.ok
        assert response.headers["content-type"] == "application/pdf"
        pages = save_artefact(f"{name}.pdf", response.body())
        assert [p.name for p in pages] == [f"{name}-1.png", f"{name}-2.png"]
        assert all(p.stat().st_size > 5_000 for p in pages)

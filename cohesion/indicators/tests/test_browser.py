"""Middlesbrough's ward map and priority ranking in a real browser, against the demo site."""

import pytest

from cohesion.testing.browser import screenshot

pytestmark = pytest.mark.browser

MIDDLESBROUGH = "E06000002"


def test_an_officer_opens_the_ward_choropleth_and_the_priority_ranking_for_middlesbrough(
    page, demo_server
):
    page.goto(f"{demo_server}/indicators/crime-public-order/map/{MIDDLESBROUGH}/")
    page.wait_for_selector("#indicator-map[data-ready=true]")
    wards = page.locator("#indicator-map path.leaflet-interactive")
    assert wards.count() == 20
    fills = {wards.nth(i).get_attribute("fill") for i in range(wards.count())}
    # Coloured by class, not one flat colour; classes narrower than the rates' 95% intervals
    # are merged (indicators.charts), which leaves three for public order in Middlesbrough.
    assert len(fills) >= 3
    assert page.locator("#legend li").count() >= len(fills)
    assert page.locator("#ward-values tbody tr").count() == 20
    screenshot(page, "indicators-choropleth-middlesbrough-public-order")

    page.goto(f"{demo_server}/indicators/ranking/{MIDDLESBROUGH}/")
    page.wait_for_selector("#indicator-map[data-ready=true]")
    assert page.locator("#indicator-map path.leaflet-interactive").count() == 20
    top_five = page.locator("#ranking-table tbody tr").evaluate_all(
        "rows => rows.slice(0, 5).map(r => r.getAttribute('data-code'))"
    )
    assert {"E05009866", "E05009867"} <= set(top_five)
    screenshot(page, "indicators-ranking-middlesbrough")

    page.locator('#indicator-map path[data-code="E05009866"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/areas/E05009866/indicators/")
    assert "Newport" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("svg.cohesion-sparkline").count() > 0

"""The need-against-provision page, on Middlesbrough's real wards, Census and population data."""

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.directory.demo import create_demo_directory
from cohesion.directory.need import MEASURES, need_page
from cohesion.places.choices import Level
from cohesion.places.models import Area

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"


def _council():
    return Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)


def test_every_ward_gets_a_row_and_need_weighted_gaps_balance(shared_data):
    create_demo_directory(say=lambda _t: None)
    page = need_page(_council(), "youth")
    assert len(page.result.areas) == 20
    assert page.services > 0 and page.sessions > 0
    # Young people aged 10-19 in Middlesbrough's LSOAs with an unchanged 2011 code.
    assert 15_000 < sum(r.need for r in page.result.areas) < 25_000
    weighted = sum(r.need * r.gap for r in page.result.areas if r.gap is not None)
    reached = page.result.overall_per_1000
    assert reached is not None and reached > 0
    # Every demo youth venue has young people within walking distance, so the gaps balance.
    assert weighted == pytest.approx(0, abs=1e-6)
    assert "Luo and Wang" in page.method


def test_the_page_and_its_twins_show_wards_need_provision_and_the_method():
    create_demo_directory(say=lambda _t: None)
    client = Client()
    page = client.get(reverse("directory-need", args=[MIDDLESBROUGH, "youth"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "North Ormesby" in html and "Gap score" in html and "Luo and Wang" in html
    data = client.get(reverse("directory-need-twin", args=[MIDDLESBROUGH, "youth", "json"])).json()
    assert len(data["wards"]) == 20 and data["method"]
    assert data["wards"][0]["unmet_need"] >= data["wards"][-1]["unmet_need"]
    csv_text = client.get(
        reverse("directory-need-twin", args=[MIDDLESBROUGH, "youth", "csv"])
    ).content
    assert csv_text.decode().startswith("code,name,need,services_in_reach")
    geo = client.get(
        reverse("directory-need-twin", args=[MIDDLESBROUGH, "youth", "geojson"])
    ).json()
    assert len(geo["features"]) == 20 and geo["features"][0]["properties"]["fill"]


def test_esol_without_the_census_loaded_says_what_to_load_and_unknown_needs_are_404():
    client = Client()
    page = client.get(reverse("directory-need", args=[MIDDLESBROUGH, "esol"]))
    assert page.status_code == 404 and "load the indicators" in page.content.decode()
    assert (
        client.get(reverse("directory-need", args=[MIDDLESBROUGH, "astrology"])).status_code == 404
    )
    assert client.get(reverse("directory-need", args=["E05009867", "youth"])).status_code == 404
    assert set(MEASURES) == {"esol", "youth", "befriending-loneliness"}


def test_esol_need_shows_newport_and_central_among_the_largest(shared_data):
    from cohesion.indicators.loaders.base import load_indicators

    load_indicators(shared_data, ["census2021_tees_valley_oa"])
    create_demo_directory(say=lambda _t: None)
    page = need_page(_council(), "esol")
    by_need = sorted(page.result.areas, key=lambda r: -r.need)
    names = {page.wards[r.area].name for r in by_need[:4]}
    assert {"Newport", "Central"} <= names

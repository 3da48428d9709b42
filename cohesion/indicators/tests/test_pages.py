"""Indicator pages and their twins, over the real loaded data."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cohesion.indicators.models import IndicatorValue

NEWPORT = "E05009866"
MIDDLESBROUGH = "E06000002"
pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def test_every_value_held_for_a_ward_is_in_its_json_and_csv_twins(indicator_data, client):
    data = _json(client.get(f"/areas/{NEWPORT}/indicators.json"))
    assert data["area"] == {"code": NEWPORT, "name": "Newport", "level": "ward"}
    assert len(data["values"]) == IndicatorValue.objects.filter(area_code=NEWPORT).count()
    imd = next(v for v in data["values"] if v["indicator"] == "imd-score")
    assert {"indicator", "period_start", "period_end", "value", "unit", "dataset"} <= set(imd)
    assert (imd["unit"], imd["dataset"], imd["period"]) == ("score", "imd2025", "2025")

    response = client.get(f"/areas/{NEWPORT}/indicators.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(data["values"])
    assert {"indicator", "period_start", "period_end", "value", "unit", "dataset"} <= set(rows[0])


def test_suppressed_values_are_withheld_from_the_twins_and_the_profile(indicator_data, client):
    small = (
        IndicatorValue.objects.filter(suppressed=True, area_level="ward")
        .select_related("indicator")
        .first()
    )
    data = _json(client.get(f"/areas/{small.area_code}/indicators.json"))
    shown = next(
        v
        for v in data["values"]
        if v["indicator"] == small.indicator.code
        and v["period_start"] == small.period_start.isoformat()
    )
    assert shown["suppressed"] is True
    assert shown["value"] is None and shown["numerator"] is None
    page = client.get(f"/areas/{small.area_code}/indicators/").content.decode()
    assert "Suppressed" in page


def test_a_ward_profile_shows_headlines_trends_and_comparisons(indicator_data, client):
    response = client.get(f"/areas/{NEWPORT}/indicators/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Newport: cohesion profile" in page
    assert 'id="indicators-headline"' in page
    # Crime is held for several 12-month windows, so it has a sparkline.
    assert "cohesion-sparkline" in page
    for comparator in ("Middlesbrough", "North East", "England"):
        assert f">{comparator}</th>" in page
    assert "of 20 wards of Middlesbrough" in page
    assert f"/indicators/crime-public-order/map/{MIDDLESBROUGH}/" in page


def test_a_council_profile_shows_its_rank_in_england_and_its_nearest_neighbours(
    indicator_data, client
):
    page = client.get(f"/areas/{MIDDLESBROUGH}/indicators/").content.decode()
    assert "councils in England" in page
    assert "Rank with nearest neighbours" in page and " of 11</td>" in page
    assert 'id="neighbours"' in page
    nearest = _json(client.get(f"/indicators/neighbours/{MIDDLESBROUGH}.json"))["neighbours"][:5]
    shown = page[page.index('id="neighbours"') :]
    positions = [shown.index(n["name"]) for n in nearest]
    assert positions == sorted(positions)


def test_the_area_page_links_to_the_indicator_profile(client):
    page = client.get(f"/areas/{MIDDLESBROUGH}/").content.decode()
    assert f'href="/areas/{MIDDLESBROUGH}/indicators/"' in page


def test_the_ward_map_has_a_legend_a_table_alternative_and_a_coloured_geojson_twin(
    indicator_data, client
):
    response = client.get(f"/indicators/crime-public-order/map/{MIDDLESBROUGH}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="legend"' in page and 'id="ward-values"' in page
    assert page.count('<tr class="govuk-table__row" data-code=') == 20
    geojson = _json(client.get(f"/indicators/crime-public-order/map/{MIDDLESBROUGH}.geojson"))
    assert len(geojson["features"]) == 20
    assert all(f["properties"]["colour"].startswith("#") for f in geojson["features"])
    data = _json(client.get(f"/indicators/crime-public-order/map/{MIDDLESBROUGH}.json"))
    assert data["period_end"] == "2025-11-30"
    ranks = sorted(w["rank"] for w in data["wards"] if w.get("rank"))
    assert ranks == list(range(1, len(ranks) + 1))


def test_an_earlier_period_can_be_mapped_and_an_unknown_one_is_not_found(indicator_data, client):
    ok = client.get(
        f"/indicators/crime-public-order/map/{MIDDLESBROUGH}/?period=2023-12-01_2024-11-30"
    )
    assert ok.status_code == 200
    missing = client.get(
        f"/indicators/crime-public-order/map/{MIDDLESBROUGH}/?period=2020-01-01_2020-12-31"
    )
    assert missing.status_code == 404


def test_the_ranking_takes_chosen_measures_weights_and_directions(indicator_data, client):
    query = (
        "indicator=imd-score&weight_imd-score=3&direction_imd-score=higher_is_worse"
        "&indicator=loneliness&weight_loneliness=1&direction_loneliness=higher_is_better"
    )
    data = _json(client.get(f"/indicators/ranking/{MIDDLESBROUGH}.json?{query}"))
    assert [(m["code"], m["weight"], m["direction"]) for m in data["measures"]] == [
        ("imd-score", 3.0, "higher_is_worse"),
        ("loneliness", 1.0, "higher_is_better"),
    ]
    first = data["wards"][0]
    assert first["composite_score"] == pytest.approx(
        (3 * first["imd-score_rank"] + first["loneliness_rank"]) / 4, abs=1e-3
    )
    csv_text = client.get(f"/indicators/ranking/{MIDDLESBROUGH}.csv?{query}").content.decode()
    header = next(csv.reader(io.StringIO(csv_text)))
    assert header[:3] == ["composite_rank", "code", "name"]
    assert "imd-score_rank" in header
    assert {"rank_low", "rank_high"} <= set(header)


def test_each_ward_s_rank_carries_the_ranks_it_plausibly_holds(indicator_data, client):
    """Crime rates from small counts: close wards' plausible ranks overlap, and each holds its rank."""
    data = _json(client.get(f"/indicators/ranking/{MIDDLESBROUGH}.json?indicator=crime-all"))
    wards = data["wards"]
    assert len(wards) == 20
    for ward in wards:
        assert ward["rank_low"] <= ward["composite_rank"] <= ward["rank_high"]
    assert any(w["rank_low"] < w["rank_high"] for w in wards)
    page = client.get(f"/indicators/ranking/{MIDDLESBROUGH}/?indicator=crime-all").content.decode()
    assert "plausibly" in page
    # Census shares have no sampling error: ranked on them alone, every interval is the rank.
    fixed = _json(client.get(f"/indicators/ranking/{MIDDLESBROUGH}.json?indicator=imd-score"))[
        "wards"
    ]
    assert all(w["rank_low"] == w["rank_high"] == w["composite_rank"] for w in fixed)


def test_the_ranking_can_be_limited_to_chosen_wards(indicator_data, client):
    data = _json(
        client.get(f"/indicators/ranking/{MIDDLESBROUGH}.json?ward={NEWPORT}&ward=E05009867")
    )
    assert {w["code"] for w in data["wards"]} == {NEWPORT, "E05009867"}


def test_a_bad_weight_is_explained_not_ranked(indicator_data, client):
    response = client.get(
        f"/indicators/ranking/{MIDDLESBROUGH}/?indicator=imd-score&weight_imd-score=heavy"
    )
    assert response.status_code == 200
    assert "Weights must be numbers" in response.content.decode()
    assert 'id="ranking-table"' not in response.content.decode()


def test_the_ranking_page_shows_the_table_the_map_and_the_method(indicator_data, client):
    page = client.get(f"/indicators/ranking/{MIDDLESBROUGH}/").content.decode()
    assert 'id="ranking-table"' in page and 'id="indicator-map"' in page
    assert "weighted mean of those ranks" in page
    assert page.index("North Ormesby") < page.index("Acklam")


def test_neighbours_show_the_variables_and_distances(indicator_data, client):
    data = _json(client.get(f"/indicators/neighbours/{MIDDLESBROUGH}.json"))
    assert len(data["neighbours"]) == 10
    distances = [n["distance"] for n in data["neighbours"]]
    assert distances == sorted(distances)
    assert MIDDLESBROUGH not in {n["code"] for n in data["neighbours"]}
    assert {v["name"] for v in data["variables"]} >= {"imd_score", "english_low"}
    assert data["councils_compared"] > 290
    page = client.get(f"/indicators/neighbours/{MIDDLESBROUGH}/").content.decode()
    assert "IMD 2025 average score" in page


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/",
        "/indicators/all.json",
        "/indicators/datasets/",
        "/indicators/datasets.csv",
        "/indicators/english-proficiency-low/",
        "/indicators/english-proficiency-low.json",
        "/indicators/ranking/",
        "/areas/E01012024/indicators/",
    ],
)
def test_public_indicator_pages_answer(indicator_data, client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/no-such-indicator/",
        f"/indicators/crime-public-order/map/{NEWPORT}/",
        f"/indicators/ranking/{NEWPORT}/",
        "/areas/E05999999/indicators.json",
    ],
)
def test_unknown_indicators_and_areas_that_are_not_councils_are_not_found(
    indicator_data, client, url
):
    assert client.get(url).status_code == 404


def test_the_indicator_page_gives_definition_citation_and_datasets(indicator_data, client):
    page = client.get("/indicators/english-proficiency-low/").content.decode()
    assert "cannot speak English well" in page
    assert "TS029" in page
    assert "Census 2021 output-area tables" in page


def test_the_api_lists_indicators_and_values_with_suppression(indicator_data, client):
    indicators = _json(client.get("/api/v1/indicators/"))
    assert any(i["code"] == "imd-score" for i in indicators["results"])
    values = _json(
        client.get(f"/api/v1/indicators/imd-score/values/?parent={MIDDLESBROUGH}&latest=1")
    )
    assert values["count"] == 20
    area = _json(client.get(f"/api/v1/areas/{NEWPORT}/indicators/?limit=500"))
    assert area["count"] == IndicatorValue.objects.filter(area_code=NEWPORT).count()
    suppressed = [v for v in area["results"] if v["suppressed"]]
    assert all(v["value"] is None for v in suppressed)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/indicators/{code}/values/" in schema.content


def test_the_indicator_page_ranks_each_council_among_english_councils(indicator_data, client):
    data = _json(client.get("/indicators/imd-score.json"))
    assert data["english_councils_ranked"] == 296
    middlesbrough = next(c for c in data["councils"] if c["code"] == MIDDLESBROUGH)
    # MHCLG ranks Middlesbrough 2nd of 296 on average score in IMD 2025 (imd_rank_of_average_score).
    assert middlesbrough["rank_in_england"] == 2
    assert {r["code"] for r in data["regions"]} == {"E12000001"}

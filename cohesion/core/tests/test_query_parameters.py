"""Query parameters that cannot be read answer 400 with a plain message, never a server error (Trust item 13)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from cohesion.core.params import BadParameter, date_param, int_param, week_param

MIDDLESBROUGH = "E06000002"


@pytest.fixture
def indicator(db: None) -> Any:
    from cohesion.indicators.models import Indicator

    return Indicator.objects.create(
        code="test-parameters", title="Parameters", definition="For tests.", unit="count"
    )


@pytest.mark.parametrize(
    "value", ["notadate", "2021-02-30", "0001-01-01", "9999-12-31", "2021-2-3"]
)
def test_indicator_values_refuse_a_period_end_that_is_not_a_real_date(
    indicator: Any, value: str
) -> None:
    """Trust item 13: ``?period_end=notadate`` or ``2021-02-30`` answered 500."""
    response = Client().get(f"/api/v1/indicators/{indicator.code}/values/", {"period_end": value})
    assert response.status_code == 400
    assert (
        "YYYY-MM-DD" in response.json()["period_end"][0]
        or "between" in (response.json()["period_end"][0])
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/areas/",
        "/api/v1/indicators/",
        "/api/v1/indicators/test-parameters/values/",
        "/api/v1/datasets/",
        "/api/v1/surveys/",
        f"/api/v1/areas/{MIDDLESBROUGH}/indicators/",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        {"limit": str(2**63)},
        {"limit": str(2**64 + 1)},
        {"offset": str(2**63)},
        {"limit": "1001"},
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "ten"},
    ],
)
def test_every_api_list_refuses_a_limit_or_offset_out_of_range(
    indicator: Any, path: str, query: dict[str, str]
) -> None:
    """Trust item 13: ``?limit=`` of 2**63 or more answered 500, and no limit had an upper bound."""
    response = Client().get(path, query)
    assert response.status_code == 400
    (name,) = query
    assert "whole number" in response.json()[name][0]


def test_an_api_list_serves_at_most_the_documented_page_size(indicator: Any) -> None:
    """Trust item 13: the largest page is documented in the OpenAPI schema and served."""
    response = Client().get("/api/v1/areas/", {"limit": "1000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/areas/"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000


def test_the_ranking_start_refuses_a_council_that_is_not_a_code(db: None) -> None:
    """Trust item 13: ``/indicators/ranking/?council=a/b`` answered 500."""
    response = Client().get("/indicators/ranking/", {"council": "a/b"})
    assert response.status_code == 400
    assert "letters, numbers and dashes" in response.content.decode()


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "2025-02-30", "soon"])
def test_the_board_and_new_assessment_refuse_a_week_outside_the_calendar(
    alice: Any, week: str
) -> None:
    """Trust item 13: ``?week=0001-01-01`` on the board and the new assessment page answered 500."""
    from cohesion.places.models import Area

    ward = Area.objects.current("ward").filter(parent__code=MIDDLESBROUGH).first()
    assert ward is not None
    client = Client()
    client.force_login(alice)
    for path in (
        f"/tensions/board/{MIDDLESBROUGH}/",
        f"/tensions/board/{MIDDLESBROUGH}.json",
        f"/tensions/areas/{ward.code}/assessments/new/",
    ):
        response = client.get(path, {"week": week})
        assert response.status_code == 400, path
        body = response.content.decode()
        assert "YYYY-MM-DD" in body or "between 1900-01-01" in body, path


def test_the_parameter_helpers_read_good_values_and_refuse_bad_ones() -> None:
    """Trust item 13: one way to read dates, weeks and bounded numbers."""
    assert date_param({"d": "2024-02-29"}, "d") == dt.date(2024, 2, 29)
    assert date_param({}, "d") is None
    assert week_param({"w": "2025-11-20"}, "w", dt.date(2000, 1, 3)) == dt.date(2025, 11, 17)
    assert int_param({"n": " 7 "}, "n", default=1, minimum=1, maximum=10) == 7
    for bad in ("11", "1e3", "1.0", "x" * 500):
        with pytest.raises(BadParameter):
            int_param({"n": bad}, "n", default=1, minimum=1, maximum=10)

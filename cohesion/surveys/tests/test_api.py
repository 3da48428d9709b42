"""Surveys in the REST API: restricted like the pages, with suppressed figures removed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_survey_list_shows_only_what_each_person_may_see(
    filled_wave, client_for, alice, dave, bob
):
    mine = client_for(alice).get("/api/v1/surveys/").json()["results"]
    assert [s["title"] for s in mine] == ["Locality survey"]
    assert set(mine[0]["waves"][0]["wards"]) == {"E05009866", "E05009867"}
    for outsider in (dave, bob, None):
        assert client_for(outsider).get("/api/v1/surveys/").json()["results"] == []


def test_a_waves_estimates_can_be_filtered_and_are_hidden_from_outsiders(
    filled_wave, client_for, amir, dave
):
    address = f"/api/v1/surveys/waves/{filled_wave.pk}/estimates/?question=safe_day&statistic=headline&group=ward"
    rows = client_for(amir).get(address).json()["results"]
    assert {r["domain_code"] for r in rows} == {"E05009866", "E05009867"}
    expected = filled_wave.estimates.get(
        question_code="safe_day", statistic="headline", domain_code="E05009866"
    )
    newport = next(r for r in rows if r["domain_code"] == "E05009866")
    assert newport["estimate"] == round(expected.estimate, 1)  # no finer than its base of 80
    assert client_for(dave).get(address).status_code == 404
    assert client_for(None).get(address).status_code in (403, 404)


def test_suppressed_estimates_have_no_figures_in_the_api(filled_wave, client_for, alice):
    filled_wave.estimates.filter(domain_kind="age_band").update(suppressed=True)
    rows = (
        client_for(alice)
        .get(f"/api/v1/surveys/waves/{filled_wave.pk}/estimates/?group=age_band&limit=1000")
        .json()["results"]
    )
    assert rows and all(
        r["estimate"] is None and r["lower"] is None and r["base"] is None for r in rows
    )


def test_the_openapi_document_describes_the_survey_endpoints(client):
    body = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/surveys/waves/{id}/estimates/" in body

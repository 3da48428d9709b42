"""The Open Referral UK API: every response validates against the UK profile's schemas.

The schemas are the compiled ones in ``reference/05_openreferral/uk_profile/schema/compiled``
of the shared data; the taxonomy endpoints, for which the profile compiles no
schema of its own, are checked against the ``taxonomy`` and ``taxonomy_term``
definitions of ``service_with_definitions.json``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.test import Client

from cohesion.directory.demo import create_demo_directory
from cohesion.directory.models import Service, ServiceAtLocation
from cohesion.directory.openreferral.validation import ENDPOINTS, page_validator, problems
from cohesion.directory.taxonomy import TAXONOMY_ID, stable_id

pytestmark = pytest.mark.django_db

BASE = "/openreferral/"


@pytest.fixture
def directory(db: None) -> None:
    create_demo_directory(say=lambda _message: None)


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(BASE + path, params)
    assert response.status_code == 200, (path, response.content[:500])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def assert_valid_page(page: dict[str, Any], item_schema: tuple[str, str]) -> None:
    assert not list(page_validator().iter_errors(page))
    for item in page["contents"]:
        assert problems(*item_schema, document=item) == [], item.get("id")


def test_the_api_says_its_version_profile_and_openapi_document(client: Client) -> None:
    info = get(client, "")
    assert info["version"] == "3.0"
    assert info["profile"].startswith("https://")
    assert info["openapi_url"].endswith("/openreferral/openapi.json")
    document = client.get(info["openapi_url"]).json()
    assert {"/services", "/services/{id}", "/service_at_locations", "/taxonomy_terms/{id}"} <= set(
        document["paths"]
    )


def test_the_validator_procedure_passes_on_every_endpoint(client: Client, directory: None) -> None:
    """As the Open Referral UK validator does: GET /, each list, ids from contents, each {id}, pages 1, middle, last."""
    get(client, "")
    checked = 0
    for path, item_schema, full_schema in ENDPOINTS:
        first = get(client, path, per_page=7)
        assert_valid_page(first, item_schema)
        assert first["total_items"] > 0, path
        assert first["first_page"] and first["page_number"] == 1
        for item in first["contents"]:
            record = get(client, f"{path}/{item['id']}")
            assert problems(*full_schema, document=record) == [], (path, item["id"])
            assert record["id"] == item["id"]
            checked += 1
        last = first["total_pages"]
        for number in sorted({1, max(1, math.ceil(last / 2)), last}):
            page = get(client, path, per_page=7, page=number)
            assert_valid_page(page, item_schema)
            assert page["page_number"] == number
            assert page["last_page"] == (number == last)
            assert page["size"] == len(page["contents"]) <= 7
    assert checked >= 5 * 7 - 7  # the taxonomies list has a single entry


def test_every_published_service_validates_in_full(client: Client, directory: None) -> None:
    for service in Service.objects.published():
        record = get(client, f"services/{service.id}")
        assert problems("service.json", document=record) == [], service.name


def test_every_service_at_a_location_validates_in_full(client: Client, directory: None) -> None:
    for row in ServiceAtLocation.objects.filter(service__state="published"):
        record = get(client, f"service_at_locations/{row.id}")
        assert problems("service_at_location.json", document=record) == []


def test_paging_counts_and_splits_the_whole_list(client: Client, directory: None) -> None:
    published = Service.objects.published().count()
    seen: list[str] = []
    page = get(client, "services", per_page=10)
    assert page["total_items"] == published
    assert page["total_pages"] == math.ceil(published / 10)
    for number in range(1, page["total_pages"] + 1):
        seen += [s["id"] for s in get(client, "services", per_page=10, page=number)["contents"]]
    assert len(seen) == len(set(seen)) == published


def test_a_page_past_the_end_is_empty_not_an_error(client: Client, directory: None) -> None:
    page = get(client, "services", page=999)
    assert page["empty"] is True
    assert page["contents"] == []


def test_drafts_and_entries_waiting_for_review_are_not_published(
    client: Client, directory: None, alice: Any
) -> None:
    hidden = Service.objects.exclude(state="published")
    assert hidden.exists()
    client.force_login(alice)  # even a coordinator who may see them gets the public feed
    ids = {s["id"] for s in get(client, "services", per_page=1000)["contents"]}
    for service in hidden:
        assert str(service.id) not in ids
        assert client.get(f"{BASE}services/{service.id}").status_code == 404


def test_empty_optional_fields_are_left_out(client: Client, directory: None) -> None:
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                assert inner not in (None, "", [], {}), key
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    service = Service.objects.published().first()
    assert service is not None
    record = get(client, f"services/{service.id}")
    walk(record)
    assert "accreditations" not in record


def test_filters_by_taxonomy_term_include_narrower_terms(client: Client, directory: None) -> None:
    youth = get(client, "services", taxonomy_term_id=str(stable_id("youth")), per_page=1000)
    junior = get(client, "services", taxonomy_term_id=str(stable_id("youth-8-12")), per_page=1000)
    assert 0 < junior["total_items"] < youth["total_items"]
    assert all(s["name"] for s in youth["contents"])


def test_filters_by_organisation_search_age_and_day(client: Client, directory: None) -> None:
    hub = Service.objects.get(name="Hate incident reporting centre, North Ormesby").organisation
    by_org = get(client, "services", organization_id=str(hub.id), per_page=100)
    assert by_org["total_items"] == Service.objects.published().filter(organisation=hub).count()
    esol = get(client, "services", search="ESOL", per_page=100)
    assert esol["total_items"] >= 5
    teenagers = get(client, "services", minimum_age=14, maximum_age=14, per_page=100)
    names = {s["name"] for s in teenagers["contents"]}
    assert "Youth club, Newport" in names
    assert "Junior youth club, Newport" not in names
    tuesday = get(client, "services", day="tuesday", taxonomy_term_id=str(stable_id("esol")))
    assert "ESOL Entry 1, North Ormesby" in {s["name"] for s in tuesday["contents"]}
    evening = get(client, "services", start_time="18:30", search="ESOL")
    assert {s["name"] for s in evening["contents"]} >= {"ESOL evening class", "ESOL online"}


def test_filters_by_modified_after(client: Client, directory: None) -> None:
    assert get(client, "services", modified_after="2000-01-01")["total_items"] > 0
    assert get(client, "services", modified_after="2199-01-01T00:00:00Z")["total_items"] == 0


def test_taxonomy_terms_filter_by_taxonomy_and_parent(client: Client) -> None:
    terms = get(client, "taxonomy_terms", taxonomy_id=str(TAXONOMY_ID), per_page=100)
    assert terms["total_items"] >= 19
    children = get(client, "taxonomy_terms", parent_id=str(stable_id("youth")))
    assert {t["code"] for t in children["contents"]} == {"youth-8-12", "youth-13-16", "youth-17-19"}
    taxonomy = get(client, f"taxonomies/{TAXONOMY_ID}")
    assert len(taxonomy["taxonomy_terms"]) == terms["total_items"]


def test_ndjson_streams_every_result_one_a_line(client: Client, directory: None) -> None:
    response = client.get(BASE + "services", {"format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == Service.objects.published().count()
    for line in lines:
        assert problems("service_list.json", document=json.loads(line)) == []


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("services", {"page": "0"}),
        ("services", {"per_page": "100000"}),
        ("services", {"taxonomy_term_id": "not-a-uuid"}),
        ("services", {"modified_after": "yesterday"}),
        ("services", {"day": "someday"}),
        ("services", {"start_time": "25:00"}),
        ("services", {"format": "xml"}),
        ("service_at_locations", {"proximity": "500"}),
        ("service_at_locations", {"postcode": "not a postcode"}),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_what_is_wrong(
    client: Client, path: str, params: dict[str, str]
) -> None:
    response = client.get(BASE + path, params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


@pytest.mark.parametrize(
    "path", ["services/nope", "services/00000000-0000-0000-0000-000000000000", "taxonomies/x"]
)
def test_an_unknown_id_is_a_404_in_json(client: Client, path: str) -> None:
    response = client.get(BASE + path)
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_a_cross_origin_preflight_is_answered_and_writes_are_refused(client: Client) -> None:
    preflight = client.options(BASE + "services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    refused = client.post(BASE + "services")
    assert refused.status_code == 405
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_a_service_page_takes_a_fixed_number_of_queries(
    client: Client, directory: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(30):
        get(client, "services", full="true", per_page=100)
    with django_assert_max_num_queries(8):
        get(client, "service_at_locations", per_page=100)


def test_the_schema_check_itself_catches_a_broken_record(client: Client, directory: None) -> None:
    service = Service.objects.published().first()
    assert service is not None
    record = get(client, f"services/{service.id}")
    del record["name"]
    record["status"] = "open"
    record["schedules"][0]["freq"] = "DAILY"
    found = problems("service.json", document=record)
    assert any("'name' is a required property" in p for p in found)
    assert any(p.startswith("status:") for p in found)
    assert any(p.startswith("schedules/0/freq:") for p in found)


def test_services_at_locations_near_a_postcode_come_nearest_first(
    client: Client, directory: None
) -> None:
    from pathlib import Path

    from cohesion.places.postcodes import load_postcodes

    load_postcodes(Path("cohesion/places/tests/data/onspd_sample_tees_valley.csv"))
    near = get(client, "service_at_locations", postcode="ts3 6al", proximity=800, per_page=100)
    assert near["total_items"] > 0
    names = [row["location"]["name"] for row in near["contents"]]
    # TS3 6AL is at 54.573351, -1.210792: Derwent Street about 240 m away, the hub about 330 m.
    assert names[0] == "Derwent Street Community Room"
    assert names.index("North Ormesby Community Hub") > names.index("Derwent Street Community Room")
    assert "Newport Hub" not in names  # about 2.8 km away
    assert_valid_page(near, ("service_at_location_list.json", ""))
    covering = get(client, "service_at_locations", postcode="TS3 6AL", per_page=1000)
    assert (
        covering["total_items"]
        == ServiceAtLocation.objects.filter(
            service__state="published", service__organisation__state="published"
        ).count()
    )


def test_the_validation_run_finds_no_problem(client: Client, directory: None) -> None:
    from cohesion.directory.openreferral.validation import validate_api

    def fetch(path: str, params: dict[str, Any]) -> tuple[int, Any]:
        response = client.get(BASE + path, params)
        return response.status_code, response.json()

    run = validate_api(fetch)
    assert run.problems == []
    assert run.records == 4 * 7 + 1  # a first page of each list, and the one taxonomy


def test_the_day_and_time_filters_find_sessions_held_at_a_venue(client: Client) -> None:
    """A session may belong to the service at one of its locations, not to the service itself."""
    import datetime as dt

    from cohesion.directory.models import Schedule
    from cohesion.directory.tests.factories import ServiceAtLocationFactory

    at = ServiceAtLocationFactory(service__name="Thursday evening conversation café")
    Schedule.objects.create(
        service_at_location=at,
        freq="WEEKLY",
        byday="TH",
        opens_at=dt.time(18),
        closes_at=dt.time(20),
    )
    ServiceAtLocationFactory(service__name="No sessions listed")

    def names(**params: Any) -> set[str]:
        return {s["name"] for s in get(client, "services", **params)["contents"]}

    assert names(day="thursday") == {"Thursday evening conversation café"}
    assert names(start_time="19:00") == {"Thursday evening conversation café"}
    assert names(day="monday") == set()
    listed = get(client, f"services/{at.service_id}")
    assert [s["service_at_location_id"] for s in listed["schedules"]] == [str(at.id)]
    assert problems("service.json", document=listed) == []
    sal = get(client, "service_at_locations", day="TH")
    assert {r["service"]["name"] for r in sal["contents"]} == {"Thursday evening conversation café"}

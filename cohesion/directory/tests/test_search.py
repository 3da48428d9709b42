"""Searching the directory: filters, distance, pages, twins, print view, and constant queries."""

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from cohesion.core.db import refresh_statistics
from cohesion.directory.choices import PublicationState
from cohesion.directory.demo import create_demo_directory
from cohesion.directory.models import (
    Attribute,
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
)
from cohesion.directory.search import (
    NOW,
    SearchQuery,
    find_matches,
    place_from_text,
    results_for,
    run_search,
)
from cohesion.directory.taxonomy import stable_id
from cohesion.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
)
from cohesion.places.postcodes import load_postcodes

pytestmark = pytest.mark.django_db

SAMPLE_POSTCODES = (
    Path(__file__).resolve().parents[2]
    / "places"
    / "tests"
    / "data"
    / "onspd_sample_tees_valley.csv"
)
# Inside the wards (representative points of the May 2025 boundaries).
NORTH_ORMESBY = (54.570424, -1.20919)
NEWPORT = (54.568677, -1.251804)
A_TUESDAY = dt.datetime(2025, 3, 4, 10, 30)  # in term time


def _service(name, point, need="esol", language="ar", byday="TU", amount=None, **extra):
    at = ServiceAtLocationFactory(
        service__name=name,
        location__latitude=point[0],
        location__longitude=point[1],
        service__minimum_age=extra.pop("min_age", None),
        service__maximum_age=extra.pop("max_age", None),
    )
    service = at.service
    Attribute.objects.create(service=service, taxonomy_term_id=stable_id(need), link_type="need")
    Language.objects.create(service=service, name=language, code=language)
    if amount is not None:
        CostOption.objects.create(service=service, amount=amount)
    Schedule.objects.create(
        service_at_location=at,
        freq="WEEKLY",
        byday=byday,
        opens_at=dt.time(10),
        closes_at=dt.time(12),
    )
    return service


def _names(results):
    return [r.service.name for r in results]


def test_a_search_by_need_language_day_and_place_finds_the_nearest_first(alice):
    _service("ESOL in North Ormesby", NORTH_ORMESBY)
    _service("ESOL in Newport", NEWPORT)
    _service("ESOL on Thursdays", NORTH_ORMESBY, byday="TH")
    _service("ESOL in Polish", NORTH_ORMESBY, language="pl")
    _service("Youth club", NORTH_ORMESBY, need="youth")
    place = place_from_text("North Ormesby")
    query = SearchQuery(need="esol", language="ar", day="TU", place=place, within_km=5)
    results = run_search(None, query, now=A_TUESDAY)
    assert _names(results) == ["ESOL in North Ormesby", "ESOL in Newport"]
    assert results[0].distance_km < 0.5 < results[1].distance_km < 5
    near = run_search(
        None, SearchQuery(need="esol", language="ar", place=place, within_km=1), now=A_TUESDAY
    )
    assert _names(near) == ["ESOL in North Ormesby", "ESOL on Thursdays"]


def test_open_now_uses_the_opening_hours(alice):
    _service("Morning class", NORTH_ORMESBY)
    assert _names(run_search(None, SearchQuery(day=NOW), now=A_TUESDAY)) == ["Morning class"]
    assert run_search(None, SearchQuery(day=NOW), now=A_TUESDAY.replace(hour=13)) == []


def test_age_and_cost_filters(alice):
    _service("Youth 13-16", NORTH_ORMESBY, need="youth", min_age=13, max_age=16)
    _service("Paid course", NORTH_ORMESBY, amount=40)
    assert _names(run_search(None, SearchQuery(age=10))) == ["Paid course"]
    assert "Youth 13-16" in _names(run_search(None, SearchQuery(age=14)))
    assert _names(run_search(None, SearchQuery(cost="paid"))) == ["Paid course"]
    assert _names(run_search(None, SearchQuery(cost="free"))) == ["Youth 13-16"]


def test_drafts_are_hidden_from_the_public_and_shown_to_their_owner(alice):
    draft = _service("Draft class", NORTH_ORMESBY)
    Service.objects.filter(pk=draft.pk).update(state=PublicationState.DRAFT)
    assert run_search(None, SearchQuery(need="esol")) == []
    response = Client().get(reverse("directory-service", args=[draft.pk]))
    assert response.status_code == 404


def test_the_search_page_works_without_javascript_and_offers_print_and_twins(client_for):
    _service("ESOL in North Ormesby", NORTH_ORMESBY)
    client = Client()
    page = client.get(
        reverse("directory-search"), {"need": "esol", "where": "North Ormesby", "day": "TU"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 service found" in html and "ESOL in North Ormesby" in html
    assert "minutes&#x27; walk" in html or "minutes' walk" in html
    assert 'id="print-link"' in html
    printed = client.get(reverse("directory-print"), {"need": "esol", "where": "North Ormesby"})
    assert printed.status_code == 200 and "ESOL in North Ormesby" in printed.content.decode()
    data = client.get(reverse("directory-search-twin", args=["json"]), {"need": "esol"}).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "ESOL in North Ormesby"
    csv_text = client.get(
        reverse("directory-search-twin", args=["csv"]), {"need": "esol"}
    ).content.decode()
    assert csv_text.splitlines()[0].startswith("name,organisation,location,distance_km")
    geo = client.get(reverse("directory-search-twin", args=["geojson"]), {"need": "esol"}).json()
    assert geo["features"][0]["geometry"]["type"] == "Point"


def test_an_unknown_place_or_bad_age_is_a_clear_error_not_a_crash():
    client = Client()
    page = client.get(reverse("directory-search"), {"where": "Atlantis"})
    assert page.status_code == 400
    assert "We could not find" in page.content.decode()
    bad = client.get(reverse("directory-search-twin", args=["json"]), {"age": "old"})
    assert bad.status_code == 400 and "age" in bad.json()["error"]


def test_without_postcodes_the_search_says_how_to_add_them(client_for, alice):
    page = Client().get(reverse("directory-search"), {"where": "TS3 6AL"})
    assert "Searching by postcode is not set up here yet" in page.content.decode()
    signed_in = client_for(alice).get(reverse("directory-search"))
    assert "cohesion load-postcodes" in signed_in.content.decode()


def test_with_postcodes_loaded_a_postcode_finds_services_near_it():
    load_postcodes(SAMPLE_POSTCODES)
    _service("ESOL in North Ormesby", NORTH_ORMESBY)
    _service("ESOL in Newport", NEWPORT)
    page = Client().get(
        reverse("directory-search-twin", args=["json"]),
        {"need": "esol", "where": "ts3 6al", "within": "1"},
    )
    assert [r["name"] for r in page.json()["results"]] == ["ESOL in North Ormesby"]
    assert page.json()["place"] == "TS3 6AL"


def test_the_service_page_and_its_twins(client_for):
    service = _service("ESOL in North Ormesby", NORTH_ORMESBY)
    client = Client()
    page = client.get(reverse("directory-service", args=[service.pk]))
    assert page.status_code == 200 and "ESOL in North Ormesby" in page.content.decode()
    data = client.get(reverse("directory-service-twin", args=[service.pk, "json"])).json()
    assert (
        data["name"] == "ESOL in North Ormesby"
        and data["locations"][0]["latitude"] == NORTH_ORMESBY[0]
    )
    assert client.get(reverse("directory-service", args=[uuid.uuid4()])).status_code == 404


def test_the_demo_directory_has_esol_near_north_ormesby_on_tuesdays_in_arabic():
    create_demo_directory(say=lambda _text: None, today=A_TUESDAY.date())
    place = place_from_text("North Ormesby")
    results = run_search(
        None,
        SearchQuery(need="esol", language="ar", day="TU", place=place, within_km=3),
        now=A_TUESDAY,
    )
    assert results, (
        "the demo should hold an Arabic-speaking ESOL class near North Ormesby on Tuesdays"
    )


def test_search_over_5000_services_and_20000_schedules_answers_in_constant_queries(
    django_assert_max_num_queries,
):
    organisation = OrganisationFactory()
    location = LocationFactory(
        organisation=organisation, latitude=NORTH_ORMESBY[0], longitude=NORTH_ORMESBY[1]
    )

    def build(count):
        services = Service.objects.bulk_create(
            [
                Service(
                    organisation=organisation,
                    name=f"Service {n:05d}",
                    council_code=organisation.council_code,
                )
                for n in range(count)
            ]
        )
        ats = ServiceAtLocation.objects.bulk_create(
            [ServiceAtLocation(service=s, location=location) for s in services]
        )
        Attribute.objects.bulk_create(
            [
                Attribute(service=s, taxonomy_term_id=stable_id("esol"), link_type="need")
                for s in services
            ]
        )
        Schedule.objects.bulk_create(
            [
                Schedule(
                    service_at_location=at,
                    freq="WEEKLY",
                    byday=day,
                    opens_at=dt.time(9 + i),
                    closes_at=dt.time(10 + i),
                )
                for at in ats
                for i, day in enumerate(("MO", "TU", "WE", "TH"))
            ]
        )
        # As an import does: the planner must see the directory's new size. Without it,
        # PostgreSQL may plan for the sizes an earlier test's rolled-back import left in
        # its catalogue (row counts there are not rolled back) and take minutes.
        refresh_statistics(apps.get_app_config("directory").get_models())

    query = SearchQuery(need="esol", day="TU", place=place_from_text("North Ormesby"), within_km=3)
    build(10)
    # Finding: the need's terms, the candidates, their sessions, their venues (4). Details:
    # services, venues, addresses, venue sessions, own sessions, phones, languages, costs,
    # needs (9).
    with django_assert_max_num_queries(13) as small:
        assert len(run_search(None, query, now=A_TUESDAY)) == 10
    with django_assert_max_num_queries(13) as small_page:
        assert len(results_for(None, find_matches(None, query, now=A_TUESDAY)[:20])) == 10
    build(4990)
    assert Schedule.objects.count() >= 20_000
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(run_search(None, query, now=A_TUESDAY)) == 5000
    # The search page: every match found and ordered, details loaded for its 20 only.
    with django_assert_max_num_queries(len(small_page.captured_queries)) as page:
        matches = find_matches(None, query, now=A_TUESDAY)
        shown = results_for(None, matches[:20])
    assert len(matches) == 5000 and len(shown) == 20
    assert all(len(r.sessions) == 1 and r.sessions[0].byday == "TU" for r in shown)
    # No query carries the 5,000 candidates' ids: they stay in sub-queries.
    assert max(len(q["sql"]) for q in page.captured_queries) < 5000


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("ar", "ابحث عن دعم محلي"),
        ("pl", "Znajdź lokalne wsparcie"),
        ("cy", "Dod o hyd i gymorth lleol"),
    ],
)
def test_the_search_page_speaks_every_site_language(language, heading):
    page = Client().get(reverse("directory-search"), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert page.status_code == 200 and heading in html
    assert f'lang="{language}"' in html


@pytest.mark.django_db
def test_a_draft_venue_of_a_published_service_stays_hidden_from_the_public() -> None:
    at = ServiceAtLocationFactory(service__name="Tuesday ESOL class")
    hidden = ServiceAtLocationFactory(service=at.service, location__name="Not yet open hall")
    hidden.location.state = PublicationState.DRAFT
    hidden.location.save()
    page = Client().get(reverse("directory-service", args=[at.service.pk])).content.decode()
    assert at.location.name in page
    assert "Not yet open hall" not in page


@pytest.mark.django_db
def test_a_published_service_of_a_withdrawn_organisation_is_not_public() -> None:
    at = ServiceAtLocationFactory()
    assert Service.objects.published().filter(pk=at.service.pk).exists()
    organisation = at.service.organisation
    organisation.state = PublicationState.DRAFT
    organisation.save()
    assert not Service.objects.published().filter(pk=at.service.pk).exists()

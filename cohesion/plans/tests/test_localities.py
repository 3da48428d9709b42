"""Naming a locality beside the priority ranking, and changing it without re-freezing the ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.indicators.publish import SeriesValue, publish_series
from cohesion.places.queries import get_area
from cohesion.plans.models import Locality
from cohesion.plans.tests.factories import (
    COUNCIL,
    DARLINGTON,
    HUB,
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    POLICE,
    LocalityFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("plans-locality-create", args=[MIDDLESBROUGH])


def _crime_ranking() -> None:
    """Public-order crime highest in Newport, then North Ormesby: one of the ranking's measures."""
    publish_series(
        indicator_code="crime-public-order",
        title="Public order offences",
        unit="count",
        polarity="higher_is_worse",
        source="police.uk (Cleveland Police)",
        description="Police-recorded public order offences in the year.",
        values=[
            SeriesValue(code, dt.date(2024, 1, 1), dt.date(2024, 12, 31), value)
            for code, value in ((NEWPORT, 90.0), (NORTH_ORMESBY, 80.0))
        ],
    )


def _post(client: Any, url: str, **fields: Any) -> Any:
    data = {
        "name": "Newport and Gresham",
        "kind": "locality",
        "wards": [get_area(NEWPORT).pk],
        "manager": user("nadia").pk,
        "partners": [organisation(POLICE).pk],
        "baseline_wave": "Locality survey, autumn 2024",
        "is_public": "on",
    }
    data.update(fields)
    return client.post(url, data)


def test_a_coordinator_names_a_locality_and_the_ranking_it_was_chosen_from_is_kept(client_for):
    _crime_ranking()
    client = client_for(user("alice"))
    form = client.get(CREATE).context["form"]
    labels = [label for _pk, label in form.fields["wards"].choices]
    assert labels[0].startswith("Newport (priority rank 1 of")
    assert labels[1].startswith("North Ormesby (priority rank 2 of")

    response = _post(client, CREATE)
    assert response.status_code == 302
    locality = Locality.objects.get(name="Newport and Gresham")
    assert locality.slug == "newport-and-gresham"
    assert list(locality.wards.values_list("code", flat=True)) == [NEWPORT]
    # The coordinator's own council stays a partner beside the one chosen, so alice can go on editing it.
    assert set(locality.partners.values_list("name", flat=True)) == {POLICE, COUNCIL}
    ranking = locality.chosen_from
    assert [row["code"] for row in ranking["rows"][:2]] == [NEWPORT, NORTH_ORMESBY]
    assert ranking["frozen_on"]
    events = AuditEvent.objects.filter(object_id=str(locality.pk), action="create")
    assert [e.changes.get("wards") for e in events if "wards" in e.changes] == [[NEWPORT]]

    page = client.get(reverse("plans-locality", args=[locality.pk])).content.decode()
    assert "Why this locality" in page and "Locality survey, autumn 2024" in page
    assert 'id="priority-ranking"' in page


def test_changing_a_locality_keeps_the_ranking_it_was_chosen_from(client_for):
    locality = LocalityFactory(chosen_from={"rows": [{"code": NEWPORT, "rank": 1.0}]})
    client = client_for(user("nadia"))
    response = _post(
        client,
        reverse("plans-locality-edit", args=[locality.pk]),
        name="Newport",
        slug=locality.slug,
        wards=[get_area(NEWPORT).pk, get_area(NORTH_ORMESBY).pk],
        partners=[organisation(n).pk for n in (COUNCIL, POLICE, HUB)],
    )
    assert response.status_code == 302
    locality.refresh_from_db()
    assert sorted(locality.wards.values_list("code", flat=True)) == [NEWPORT, NORTH_ORMESBY]
    assert locality.chosen_from == {"rows": [{"code": NEWPORT, "rank": 1.0}]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"wards": []}, "Choose the ward or wards the locality covers."),
        (
            {"kind": "strategy"},
            "A council strategy covers the whole council: leave the wards empty.",
        ),
        ({"name": "!!!"}, "Give the locality a name made of letters or numbers."),
    ],
)
def test_a_locality_that_does_not_make_sense_is_refused_and_nothing_saved(
    client_for, fields, message
):
    before = Locality.objects.count()
    response = _post(client_for(user("alice")), CREATE, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Locality.objects.count() == before


def test_a_second_locality_of_the_same_short_name_is_refused(client_for):
    LocalityFactory(slug="newport-and-gresham")
    response = _post(client_for(user("alice")), CREATE)
    assert response.status_code == 400
    assert "already has a locality with the short name newport-and-gresham" in (
        response.content.decode()
    )


def test_a_ward_of_another_council_is_refused(client_for):
    darlington_ward = get_area(DARLINGTON).children.filter(level="ward").first()
    response = _post(client_for(user("alice")), CREATE, wards=[darlington_ward.pk])
    assert response.status_code == 400
    assert "Choose one of the options offered." in response.content.decode()
    assert not Locality.objects.filter(name="Newport and Gresham").exists()


# nadia's scope is her two wards, not the council: the council's set-up pages are not hers to find.
@pytest.mark.parametrize(
    ("username", "status"), [("amir", 403), ("cllr.hussain", 404), ("nadia", 404), ("dave", 404)]
)
def test_only_the_councils_coordinators_name_its_localities(client_for, username, status):
    client = client_for(user(username))
    assert client.get(CREATE).status_code == status
    assert _post(client, CREATE).status_code == status
    assert not Locality.objects.filter(name="Newport and Gresham").exists()


def test_the_locality_list_offers_naming_a_locality_only_to_coordinators(client_for):
    url = reverse("plans-locality-list")
    assert CREATE in client_for(user("alice")).get(url).content.decode()
    assert CREATE not in client_for(user("nadia")).get(url).content.decode()

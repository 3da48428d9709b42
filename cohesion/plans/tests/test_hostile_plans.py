"""Localities attacked from outside: another council's, wards beyond the editor's reach, fields
not on the form, bad input, and text that would run on the public locality page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cohesion.places.models import Area
from cohesion.places.queries import get_area
from cohesion.plans.models import Locality
from cohesion.plans.tests.factories import (
    COUNCIL,
    DARLINGTON,
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    POLICE,
    LocalityFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db


def _fields(locality: Locality, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": locality.name,
        "slug": locality.slug,
        "kind": locality.kind,
        "description": locality.description,
        "wards": [w.pk for w in locality.wards.all()],
        "manager": locality.manager_id or "",
        "partners": [p.pk for p in locality.partners.all()],
        "baseline_wave": locality.baseline_wave,
        "is_public": "on" if locality.is_public else "",
    }
    data.update(changes)
    return data


def _another_middlesbrough_ward() -> Area:
    return (
        Area.objects.current("ward")
        .filter(parent__code=MIDDLESBROUGH)
        .exclude(code__in=[NEWPORT, NORTH_ORMESBY])
        .order_by("name")
        .first()
    )


def _darlington_locality() -> Locality:
    darlington = Area.objects.current("council").get(code=DARLINGTON)
    ward = Area.objects.current("ward").filter(parent=darlington).first()
    return LocalityFactory(
        council=darlington, name="Bank Top", slug="bank-top", wards=[ward], manager=user("dave"),
        partners=["Darlington Borough Council"],
    )  # fmt: skip


def test_a_neighbourhood_manager_cannot_stretch_a_locality_beyond_her_wards(client_for):
    """Nadia manages Newport; she covers Newport and North Ormesby, not the rest of the town."""
    locality = LocalityFactory()
    elsewhere = _another_middlesbrough_ward()
    url = reverse("plans-locality-edit", args=[locality.pk])
    client = client_for(user("nadia"))
    response = client.post(url, _fields(locality, wards=[get_area(NEWPORT).pk, elsewhere.pk]))
    assert response.status_code == 400
    assert sorted(locality.wards.values_list("code", flat=True)) == [NEWPORT]
    offered = dict(client.get(url).context["form"].fields["wards"].choices)
    assert elsewhere.pk not in offered and get_area(NORTH_ORMESBY).pk in offered
    assert all("rank" in str(label) for label in offered.values())  # labelled as for coordinators
    # Her own wards she may add; the council's coordinator may add any of the council's.
    ok = client.post(
        url, _fields(locality, wards=[get_area(NEWPORT).pk, get_area(NORTH_ORMESBY).pk])
    )
    assert ok.status_code == 302
    locality.refresh_from_db()
    assert (
        client_for(user("alice"))
        .post(url, _fields(locality, wards=[get_area(NEWPORT).pk, elsewhere.pk]))
        .status_code
        == 302
    )
    assert elsewhere.code in set(locality.wards.values_list("code", flat=True))


def test_a_manager_cannot_lock_the_councils_coordinators_out_of_a_locality(client_for):
    locality = LocalityFactory()
    url = reverse("plans-locality-edit", args=[locality.pk])
    response = client_for(user("nadia")).post(
        url, _fields(locality, partners=[organisation(POLICE).pk])
    )
    assert response.status_code in (302, 400)
    assert client_for(user("alice")).get(url).status_code == 200
    assert organisation(COUNCIL) in locality.partners.all()


def test_another_councils_locality_is_not_found_or_changed(client_for):
    theirs = _darlington_locality()
    ours = LocalityFactory()
    for person, locality in (("alice", theirs), ("nadia", theirs), ("dave", ours), ("bob", ours)):
        client = client_for(user(person))
        # Bob's police force is a partner of ours: he reads it, but does not change it.
        pages = ["plans-locality-edit"] + ([] if person == "bob" else ["plans-locality"])
        for name in pages:
            url = reverse(name, args=[locality.pk])
            assert client.get(url).status_code in (403, 404), (person, url)
        edit = reverse("plans-locality-edit", args=[locality.pk])
        assert client.post(edit, _fields(locality, name="Taken")).status_code in (403, 404)
    assert not Locality.objects.filter(name="Taken").exists()
    create = reverse("plans-locality-create", args=[DARLINGTON])
    assert client_for(user("alice")).post(create, {"name": "Ours now"}).status_code == 404


def test_a_locality_cannot_be_moved_into_another_council_by_extra_fields(client_for):
    locality = LocalityFactory()
    darlington = Area.objects.current("council").get(code=DARLINGTON)
    response = client_for(user("alice")).post(
        reverse("plans-locality-edit", args=[locality.pk]),
        _fields(
            locality,
            council=darlington.pk,
            council_code=DARLINGTON,
            chosen_from='{"rows": []}',
            manager=user("dave").pk,
        ),
    )
    assert response.status_code == 400  # dave is not offered as manager
    response = client_for(user("alice")).post(
        reverse("plans-locality-edit", args=[locality.pk]),
        _fields(locality, council=darlington.pk, council_code=DARLINGTON, chosen_from="{}"),
    )
    assert response.status_code == 302
    locality.refresh_from_db()
    assert locality.council_code == MIDDLESBROUGH and locality.council.code == MIDDLESBROUGH


def test_bad_locality_input_is_refused(client_for):
    locality = LocalityFactory()
    url = reverse("plans-locality-edit", args=[locality.pk])
    client = client_for(user("alice"))
    for bad in (
        {"name": "x" * 201},
        {"slug": "y" * 200},
        {"baseline_wave": "z" * 201},
        {"kind": "empire"},
        {"wards": ["999999999"]},
        {"partners": ["-1"]},
    ):
        assert client.post(url, _fields(locality, **bad)).status_code == 400, bad
    locality.refresh_from_db()
    assert locality.name == "Newport"


def test_the_public_locality_page_shows_text_as_text(client_for):
    LocalityFactory(
        name='<script>alert("x")</script>\u202eNewport',
        slug="newport-public",
        description='<img src=x onerror="alert(1)">Our part',
    )
    page = client_for(None).get(
        reverse("plans-locality-public", args=[MIDDLESBROUGH, "newport-public"])
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert" not in body and "<img src=x" not in body
    # A private locality, or one asked for under another council, is not found.
    LocalityFactory(slug="newport-private", is_public=False)
    anonymous = client_for(None)
    assert (
        anonymous.get(
            reverse("plans-locality-public", args=[MIDDLESBROUGH, "newport-private"])
        ).status_code
        == 404
    )
    assert (
        anonymous.get(
            reverse("plans-locality-public", args=[DARLINGTON, "newport-public"])
        ).status_code
        == 404
    )
    assert anonymous.post(
        reverse("plans-locality-public", args=[MIDDLESBROUGH, "newport-public"])
    ).status_code in (403, 405)

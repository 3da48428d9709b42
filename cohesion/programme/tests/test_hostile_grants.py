"""Grants attacked from outside: hidden awards worked out from the public totals, text typed on the
public form that would show an officer something other than what it says, and other councils'
officers reaching for applications that are not theirs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cohesion.programme.grants import public_grant_totals
from cohesion.programme.models import Application, Decision
from cohesion.programme.tests.factories import MIDDLESBROUGH, NEWPORT
from cohesion.programme.tests.factories_grants import (
    ApplicationFactory,
    GrantRoundFactory,
    MonitoringReturnFactory,
)
from cohesion.programme.tests.test_grants import _details

pytestmark = pytest.mark.django_db


def _award(application: Application, amount: int) -> None:
    Decision.objects.create(
        application=application,
        outcome="awarded",
        amount_awarded=Decimal(amount),
        reasons="Yes",
        decided_by=get_user_model().objects.get(username="alice"),
    )


def test_a_hidden_wards_award_cannot_be_worked_out_from_the_overall_total():
    """Twelve awards in Newport and one in North Ormesby: the overall total less Newport would
    give North Ormesby's single award and its amount."""
    grant_round = GrantRoundFactory(budget=Decimal(100000))
    for _ in range(12):
        _award(
            ApplicationFactory(round=grant_round, ward_codes=[NEWPORT], ward_names=["Newport"]),
            1000,
        )
    _award(ApplicationFactory(round=grant_round), 777)  # North Ormesby
    result = public_grant_totals(MIDDLESBROUGH)
    wards = {row["group"]: row for row in result["wards"]}
    assert wards["North Ormesby"]["awards"] is None
    overall, newport = result["overall"], wards["Newport"]
    derivable = overall["awards"] is not None and newport["awards"] is not None
    assert not derivable, (overall, newport)
    assert wards["North Ormesby"]["awarded"] is None


def test_an_award_serving_two_wards_still_counts_in_each_ward():
    grant_round = GrantRoundFactory(budget=Decimal(100000))
    for _ in range(6):
        _award(
            ApplicationFactory(
                round=grant_round,
                ward_codes=[NEWPORT, "x"],
                ward_names=["Newport", "North Ormesby"],
            ),
            100,
        )
    result = public_grant_totals(MIDDLESBROUGH)
    assert result["overall"]["awards"] == 6
    assert [row["awards"] for row in result["wards"]] == [6, 6]


def test_bidi_overrides_and_controls_typed_on_the_public_form_are_not_stored(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    response = client.post(
        url,
        _details(
            grant_round.pk,
            organisation_name="Residents \u202etxe.exe\u202c Group\u200b",
            contact_name="Ewa\u2066 Nowak\u2069",
            project_title="Street\u0007 lunch",
            summary="A lunch \u202d<b>for</b> all.",
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    application = Application.objects.get()
    assert application.organisation_name == "Residents txe.exe Group"
    assert application.contact_name == "Ewa Nowak"
    assert application.project_title == "Street lunch"
    assert application.summary == "A lunch <b>for</b> all."


def test_a_name_of_nothing_but_invisible_characters_is_asked_for_again(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    response = client.post(url, _details(grant_round.pk, organisation_name="\u202e\u200b \u2066"))
    assert response.status_code == 400
    assert "Enter the name of your group or organisation." in response.text
    assert not Application.objects.exists()


def test_an_absurd_number_of_people_reached_is_explained_not_an_error(client_for, alice):
    monitoring_return = MonitoringReturnFactory()
    url = reverse("programme-grant-return-record", args=[monitoring_return.pk])
    response = client_for(alice).post(
        url,
        {
            "submitted_on": "2026-09-01",
            "spend": "100",
            "people_reached": "99999999999999999999",
            "outputs": "",
            "outcomes": "",
            "evidence_note": "",
        },
    )
    assert response.status_code == 400
    monitoring_return.refresh_from_db()
    assert monitoring_return.people_reached is None

"""Administrators clear a member's sign-in lockout from the membership page; it is audited."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cohesion.audit.choices import AuditAction
from cohesion.audit.models import AuditEvent
from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts-sign-in")


def _lock_out(username):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": username, "password": f"wrong-{attempt}"})
    locked = client.post(SIGN_IN, {"username": username, "password": PERSONA_PASSWORD})
    assert locked.status_code == 429
    return client


def _unlock_url(membership):
    return reverse("accounts-membership-unlock", args=[membership.pk])


def test_the_administrator_sees_the_lockout_and_an_unlock_button(client_for, erin, membership_of):
    _lock_out("amir")
    page = client_for(erin).get(
        reverse("accounts-membership-edit", args=[membership_of("amir").pk])
    )
    assert "Unlock sign-in" in page.text
    assert "Sign-in is locked for this username" in page.text


def test_the_administrator_unlocks_a_locked_out_member_who_can_then_sign_in(
    client_for, erin, membership_of
):
    client = _lock_out("amir")
    amir = membership_of("amir")
    response = client_for(erin).post(_unlock_url(amir))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="amir").exists()
    assert (
        client.post(SIGN_IN, {"username": "amir", "password": PERSONA_PASSWORD}).status_code == 302
    )
    event = AuditEvent.objects.get(action=AuditAction.UNLOCKED)
    assert (event.actor_username, event.object_repr) == ("erin", "amir")
    assert event.organisation_name == "Middlesbrough Council"


def test_the_membership_page_counts_failed_sign_ins_before_a_lockout(
    client_for, erin, membership_of
):
    Client().post(SIGN_IN, {"username": "amir", "password": "wrong"})
    Client().post(SIGN_IN, {"username": "amir", "password": "wrong-again"})
    page = client_for(erin).get(
        reverse("accounts-membership-edit", args=[membership_of("amir").pk])
    )
    assert "2 failed sign-ins are recorded against this username" in page.text
    assert "Sign-in is locked" not in page.text


def test_a_superuser_may_unlock_anyone(client_for, superuser, membership_of):
    _lock_out("dave")
    response = client_for(superuser).post(_unlock_url(membership_of("dave")))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="dave").exists()


def test_a_coordinator_cannot_unlock_and_sees_no_button(client_for, alice, membership_of):
    _lock_out("amir")
    amir = membership_of("amir")
    assert client_for(alice).post(_unlock_url(amir)).status_code == 404
    own = client_for(alice).get(
        reverse("accounts-membership-edit", args=[membership_of("alice").pk])
    )
    assert "Unlock sign-in" not in own.text
    assert AccessAttempt.objects.filter(username="amir").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCKED).exists()


def test_another_councils_administrator_cannot_unlock_middlesbrough_members(
    client_for, dave, membership_of
):
    _lock_out("amir")
    assert client_for(dave).post(_unlock_url(membership_of("amir"))).status_code == 404
    assert AccessAttempt.objects.filter(username="amir").exists()


def test_unlocking_by_following_a_link_is_refused(client_for, erin, membership_of):
    _lock_out("amir")
    assert client_for(erin).get(_unlock_url(membership_of("amir"))).status_code == 405
    assert AccessAttempt.objects.filter(username="amir").exists()

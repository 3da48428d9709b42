"""Audit events are written for sign-ins, memberships, organisations and administrator edits."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.audit.choices import AuditAction
from cohesion.audit.context import hash_identifier
from cohesion.audit.tests.admin_forms import admin_form_data
from cohesion.places.choices import Level
from cohesion.places.models import Area
from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts-sign-in")
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"


def _sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def _ward(code):
    return Area.objects.current(Level.WARD).get(code=code)


def _membership(username):
    return Membership.objects.get(user__username=username)


# --- signing in and out -------------------------------------------------------------------


def test_signing_in_is_recorded_with_the_person_their_organisation_and_a_hashed_address(
    new_events, alice
):
    _sign_in(Client(), "alice", PERSONA_PASSWORD)
    [event] = new_events()
    assert event.action == AuditAction.SIGN_IN
    assert (event.actor, event.actor_username) == (alice, "alice")
    assert event.organisation_name == "Middlesbrough Council"
    assert (event.object_type, event.object_id) == ("auth.User", str(alice.pk))
    assert event.path == SIGN_IN
    assert event.ip_hash == hash_identifier("127.0.0.1")
    assert "127.0.0.1" not in str(event.changes)


def test_a_failed_sign_in_is_recorded_with_the_username_tried_and_nobody_as_actor(new_events):
    _sign_in(Client(), "alice", "not-her-password")
    [event] = new_events()
    assert event.action == AuditAction.SIGN_IN_FAILED
    assert event.actor is None
    assert event.actor_username == "alice"
    assert "not-her-password" not in str(event.changes) + event.object_repr


def test_signing_out_is_recorded(new_events, erin):
    client = Client()
    _sign_in(client, "erin", PERSONA_PASSWORD)
    client.post(reverse("accounts-sign-out"))
    assert [(e.action, e.actor_username) for e in new_events()] == [
        (AuditAction.SIGN_IN, "erin"),
        (AuditAction.SIGN_OUT, "erin"),
    ]


def test_a_lockout_is_recorded_once_the_failure_limit_is_reached(new_events):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "alice", f"wrong-{attempt}")
    assert new_events(AuditAction.LOCKED_OUT) == []
    _sign_in(client, "alice", "wrong-again")
    [lockout] = new_events(AuditAction.LOCKED_OUT)
    assert lockout.actor_username == "alice"
    assert len(new_events(AuditAction.SIGN_IN_FAILED)) == settings.AXES_FAILURE_LIMIT
    # The right password while locked out is refused, and recorded as such, never as a sign-in.
    _sign_in(client, "alice", PERSONA_PASSWORD)
    assert new_events(AuditAction.SIGN_IN) == []
    assert len(new_events(AuditAction.LOCKED_OUT)) == 2


# --- memberships --------------------------------------------------------------------------


def test_adding_a_member_is_recorded_with_who_added_them_and_the_role(
    new_events, client_for, erin, middlesbrough, mailoutbox
):
    client_for(erin).post(
        reverse("accounts-member-add", args=[middlesbrough.pk]),
        {"email": "priya@example.org", "role": Role.OFFICER},
    )
    [invited] = new_events(AuditAction.MEMBERSHIP)
    assert invited.actor_username == "erin"
    assert invited.organisation_id == middlesbrough.pk
    assert invited.changes == {
        "event": "invited",
        "email": "priya@example.org",
        "role": Role.OFFICER,
    }
    # The membership itself is made, and recorded, when the invitation is accepted.
    link = re.search(r"(/accounts/invitations/\S+/)", mailoutbox[0].body).group(1)
    Client().post(link)
    added = [e for e in new_events(AuditAction.MEMBERSHIP) if e.pk != invited.pk]
    [event] = added
    assert event.organisation_id == middlesbrough.pk
    assert event.object_type == "accounts.Membership"
    assert event.object_id == str(Membership.objects.get(user__email="priya@example.org").pk)
    assert event.changes == {
        "event": "added",
        "role": [None, Role.OFFICER],
        "is_active": [None, True],
    }


def test_a_role_change_is_recorded_with_the_old_and_the_new_role(new_events, client_for, erin):
    amir = _membership("amir")
    client_for(erin).post(
        reverse("accounts-membership-edit", args=[amir.pk]),
        {"role": Role.OFFICER, "is_active": "on"},
    )
    [event] = new_events(AuditAction.MEMBERSHIP)
    assert event.actor_username == "erin"
    assert event.changes == {"event": "changed", "role": [Role.VIEWER, Role.OFFICER]}


def test_saving_a_membership_unchanged_writes_nothing(new_events):
    _membership("amir").save()
    assert new_events() == []


def test_narrowing_and_widening_a_members_areas_is_recorded_ward_by_ward(
    new_events, client_for, erin
):
    amir = _membership("amir")
    client = client_for(erin)
    url = reverse("accounts-membership-edit", args=[amir.pk])
    client.post(url, {"role": Role.VIEWER, "is_active": "on", "areas": [_ward(NEWPORT).pk]})
    client.post(url, {"role": Role.VIEWER, "is_active": "on", "areas": [_ward(NORTH_ORMESBY).pk]})
    client.post(url, {"role": Role.VIEWER, "is_active": "on"})
    changes = [e.changes for e in new_events(AuditAction.MEMBERSHIP)]
    assert changes == [
        {"event": "areas add", "areas": [NEWPORT]},
        {"event": "areas remove", "areas": [NEWPORT]},
        {"event": "areas add", "areas": [NORTH_ORMESBY]},
        {"event": "areas remove", "areas": [NORTH_ORMESBY]},
    ]
    assert {e.actor_username for e in new_events(AuditAction.MEMBERSHIP)} == {"erin"}


def test_clearing_a_members_areas_records_which_areas_were_removed(new_events):
    nadia = _membership("nadia")
    nadia.areas.clear()
    [event] = new_events(AuditAction.MEMBERSHIP)
    assert event.changes == {"event": "areas clear", "areas": [NEWPORT, NORTH_ORMESBY]}


# --- organisations ------------------------------------------------------------------------


def test_a_new_organisation_is_recorded(new_events):
    organisation = Organisation.objects.create(name="Acklam Youth Club", kind="voluntary")
    [event] = new_events()
    assert (event.action, event.organisation_id) == (AuditAction.CREATE, organisation.pk)
    assert event.object_repr == "Acklam Youth Club"


def test_an_organisation_change_is_recorded_with_the_old_and_new_values(new_events, middlesbrough):
    middlesbrough.is_active = False
    middlesbrough.name = "Middlesbrough Borough Council"
    middlesbrough.save()
    [event] = new_events()
    assert (event.action, event.organisation_id) == (AuditAction.UPDATE, middlesbrough.pk)
    assert event.changes == {
        "event": "changed",
        "name": ["Middlesbrough Council", "Middlesbrough Borough Council"],
        "is_active": [True, False],
    }


def test_a_change_to_where_an_organisation_works_is_recorded(new_events, middlesbrough):
    darlington = Area.objects.current(Level.COUNCIL).get(code="E06000005")
    middlesbrough.areas.add(darlington)
    middlesbrough.areas.remove(darlington)
    assert [e.changes for e in new_events(AuditAction.UPDATE)] == [
        {"event": "areas add", "areas": ["E06000005"]},
        {"event": "areas remove", "areas": ["E06000005"]},
    ]
    assert {e.organisation_id for e in new_events()} == {middlesbrough.pk}


# --- the Django admin ---------------------------------------------------------------------


def test_a_django_admin_edit_of_a_membership_is_recorded_with_the_administrator(
    new_events, client_for, superuser
):
    amir = _membership("amir")
    client = client_for(superuser)
    url = reverse("admin:accounts_membership_change", args=[amir.pk])
    response = client.post(url, admin_form_data(client.get(url), role=Role.COORDINATOR))
    assert response.status_code == 302
    assert _membership("amir").role == Role.COORDINATOR
    [edit] = new_events(AuditAction.ADMIN_EDIT)
    assert edit.actor == superuser
    assert "amir" in edit.object_repr
    assert "Role" in edit.changes["message"]
    [membership] = new_events(AuditAction.MEMBERSHIP)
    assert membership.actor_username == "root"
    assert membership.changes == {"event": "changed", "role": [Role.VIEWER, Role.COORDINATOR]}


def test_a_django_admin_edit_of_an_organisation_is_recorded(
    new_events, client_for, superuser, middlesbrough
):
    client = client_for(superuser)
    url = reverse("admin:accounts_organisation_change", args=[middlesbrough.pk])
    response = client.post(url, admin_form_data(client.get(url), is_active=False))
    assert response.status_code == 302
    [edit] = new_events(AuditAction.ADMIN_EDIT)
    assert edit.actor_username == "root"
    assert "Middlesbrough Council" in edit.object_repr
    [update] = new_events(AuditAction.UPDATE)
    assert update.actor_username == "root"
    assert update.changes["is_active"] == [True, False]

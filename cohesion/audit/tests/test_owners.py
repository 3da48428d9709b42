"""An audit event belongs to the organisation that owns the record as well as to the actor's (Trust item 12)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cohesion.accounts.models import Organisation
from cohesion.audit.choices import AuditAction
from cohesion.audit.models import AuditEvent
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.tensions.choices import EventKind
from cohesion.tensions.models import Report, ReportEvent
from cohesion.tensions.tests.factories_reports import NEWPORT, ReportFactory
from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

PAGE = reverse("audit-event-list")
SIGN_IN = reverse("accounts-sign-in")
HARTLEPOOL = "E06000001"
DARLINGTON = "E06000005"
COCKERTON = "E05010414"  # a Darlington ward


def _owners(event: AuditEvent) -> set[str]:
    ids = event.owners.values_list("organisation_id", flat=True)
    return set(Organisation.objects.filter(pk__in=ids).values_list("name", flat=True))


def _shown_to(client: Client, **filters: str) -> list[AuditEvent]:
    return list(client.get(PAGE, filters).context["page"])


def _fail_sign_in(username: str, times: int = 1) -> None:
    client = Client()
    for attempt in range(times):
        client.post(SIGN_IN, {"username": username, "password": f"not-the-password-{attempt}"})


def test_a_failed_sign_in_to_a_members_account_is_shown_to_her_organisations_administrator(
    client_for: Any, erin: Any
) -> None:
    _fail_sign_in("alice")
    [event] = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert event.actor is None
    assert _owners(event) == {"Middlesbrough Council"}
    assert event in _shown_to(client_for(erin), action=AuditAction.SIGN_IN_FAILED)


def test_a_lockout_of_a_member_is_shown_to_her_organisations_administrator(
    client_for: Any, erin: Any
) -> None:
    _fail_sign_in("amir", times=settings.AXES_FAILURE_LIMIT)
    [lockout] = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT)
    assert lockout.actor_username == "amir"
    assert _owners(lockout) == {"Middlesbrough Council"}
    shown = _shown_to(client_for(erin), action=AuditAction.LOCKED_OUT)
    assert [e.actor_username for e in shown] == ["amir"]


def test_a_failed_sign_in_with_an_unknown_username_is_shown_to_superusers_only(
    client_for: Any, erin: Any, superuser: Any
) -> None:
    _fail_sign_in("mallory")
    [event] = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert (event.organisation_id, _owners(event)) == (None, set())
    assert _shown_to(client_for(erin), action=AuditAction.SIGN_IN_FAILED) == []
    assert "mallory" not in client_for(erin).get(PAGE).text
    assert event in _shown_to(client_for(superuser), action=AuditAction.SIGN_IN_FAILED)


def test_a_failed_sign_in_to_another_councils_officer_is_not_shown_to_middlesbrough(
    client_for: Any, erin: Any
) -> None:
    _fail_sign_in("dave")
    [event] = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert _owners(event) == {"Darlington Borough Council"}
    assert _shown_to(client_for(erin), action=AuditAction.SIGN_IN_FAILED) == []


def test_a_sign_in_by_a_person_of_two_organisations_is_shown_to_both(
    client_for: Any, erin: Any, bob: Any
) -> None:
    from cohesion.accounts.models import Membership

    middlesbrough = Organisation.objects.get(name="Middlesbrough Council")
    Membership.objects.create(user=bob, organisation=middlesbrough, role="viewer")
    Client().post(SIGN_IN, {"username": "bob", "password": PERSONA_PASSWORD})
    [event] = AuditEvent.objects.filter(action=AuditAction.SIGN_IN)
    assert _owners(event) == {"Middlesbrough Council", "Cleveland Police"}
    assert event in _shown_to(client_for(erin), action=AuditAction.SIGN_IN)


def test_the_police_opening_a_councils_case_is_shown_to_the_councils_administrator(
    client_for: Any, erin: Any, bob: Any
) -> None:
    report = ReportFactory(ward_code=NEWPORT, ward_name="Newport", consent_police=True)
    assert client_for(bob).get(report.get_absolute_url()).status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=bob)
    assert (event.organisation_name, event.object_id) == ("Cleveland Police", str(report.pk))
    assert _owners(event) == {"Middlesbrough Council"}
    assert event in _shown_to(client_for(erin), action=AuditAction.VIEW)
    rows = client_for(erin).get(reverse("audit-event-list-twin", args=["json"])).json()["events"]
    [row] = [r for r in rows if r["actor"] == "bob"]
    assert (row["organisation"], row["record_of"]) == ("Cleveland Police", "Middlesbrough Council")


def test_a_queue_of_two_councils_cases_names_each_councils_cases_only_to_that_council(
    client_for: Any, erin: Any, bob: Any
) -> None:
    hartlepool = Organisation.objects.create(name="Hartlepool Borough Council", kind="council")
    hartlepool.areas.add(Area.objects.current(Level.COUNCIL).get(code=HARTLEPOOL))
    ours = ReportFactory(ward_code=NEWPORT, ward_name="Newport", consent_police=True)
    theirs = ReportFactory(ward_code="", ward_name="", council_code=HARTLEPOOL, consent_police=True)
    assert (
        client_for(bob).get(reverse("tensions-report-list-twin", args=["csv"])).status_code == 200
    )
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=bob)
    by_owner = {frozenset(_owners(e)): e for e in exports}
    assert set(by_owner) == {
        frozenset({"Middlesbrough Council"}),
        frozenset({"Hartlepool Borough Council"}),
    }
    assert by_owner[frozenset({"Middlesbrough Council"})].changes["ids"] == [ours.reference]
    assert by_owner[frozenset({"Hartlepool Borough Council"})].changes["ids"] == [theirs.reference]
    page = client_for(erin).get(PAGE, {"action": AuditAction.EXPORT})
    assert [e.actor_username for e in page.context["page"]] == ["bob"]
    assert theirs.reference not in page.text


def test_a_case_moved_to_another_council_stays_visible_to_the_council_it_came_from(
    client_for: Any, erin: Any, dave: Any
) -> None:
    report = ReportFactory()
    # As triage records a move of area: the history keeps the council it left.
    ReportEvent.objects.create(
        report=report,
        kind=EventKind.TRIAGED,
        changes={
            "council_code": [report.council_code, DARLINGTON],
            "ward_code": [report.ward_code, COCKERTON],
        },
    )
    Report.objects.filter(pk=report.pk).update(
        council_code=DARLINGTON,
        council_name="Darlington",
        ward_code=COCKERTON,
        ward_name="Cockerton",
    )
    assert client_for(dave).get(report.get_absolute_url()).status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=dave)
    assert _owners(event) == {"Middlesbrough Council", "Darlington Borough Council"}
    shown = _shown_to(client_for(erin), action=AuditAction.VIEW)
    assert [(e.actor_username, e.organisation_name) for e in shown] == [
        ("dave", "Darlington Borough Council")
    ]


def test_an_administrator_sees_nothing_of_records_her_organisation_does_not_own(
    client_for: Any, erin: Any, dave: Any
) -> None:
    report = ReportFactory(ward_code=COCKERTON, ward_name="Cockerton", council_code=DARLINGTON)
    assert client_for(dave).get(report.get_absolute_url()).status_code == 200
    assert _shown_to(client_for(erin), action=AuditAction.VIEW) == []

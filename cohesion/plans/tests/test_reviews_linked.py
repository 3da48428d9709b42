"""Actions and issue-based plans raised from tensions records, linked both ways; action reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from cohesion.plans.choices import ActionStatus, PlanKind
from cohesion.plans.models import Action, Plan
from cohesion.plans.reminders import send_action_reminders
from cohesion.plans.tests.factories import COUNCIL, POLICE, ActionFactory, PlanFactory, organisation
from cohesion.tensions.tests.factories_assessment import (
    AlertFactory,
    RumourFactory,
    TensionAssessmentFactory,
)

pytestmark = pytest.mark.django_db


def test_bob_raises_an_action_from_an_assessment_and_its_page_lists_it_beside_the_old_free_text(
    client_for, bob, alice
):
    assessment = TensionAssessmentFactory(actions="Extra patrols on Saturday (agreed by phone).")
    url = reverse("plans-action-raise", args=["assessment", assessment.pk])
    response = client_for(bob).post(
        url,
        {
            "title": "Patrol the precinct on Saturday evenings",
            "owner_organisation": organisation(POLICE).pk,
            "due_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    action = Action.objects.get()
    assert (action.source_kind, action.source_id) == ("assessment", assessment.pk)
    assert action.source_text == "Extra patrols on Saturday (agreed by phone)."
    assert (action.plan, action.council_code, action.area_code) == (
        None,
        "E06000002",
        "E05009867",
    )

    page = client_for(alice).get(assessment.get_absolute_url()).content.decode()
    assert "Patrol the precinct on Saturday evenings" in page
    assert "kept for history" in page
    assert reverse("plans-action-raise", args=["assessment", assessment.pk]) in page


def test_an_action_may_only_be_owned_by_an_organisation_the_person_acts_for(client_for, bob):
    rumour = RumourFactory()
    response = client_for(bob).post(
        reverse("plans-action-raise", args=["rumour", rumour.pk]),
        {"title": "Answer the rumour", "owner_organisation": organisation(COUNCIL).pk},
    )
    assert response.status_code == 400
    assert "Choose one of the organisations offered." in response.content.decode()
    assert not Action.objects.exists()


def test_outsiders_get_404_and_read_only_members_403_when_raising_from_a_record(
    client_for, dave, amir
):
    assessment = TensionAssessmentFactory()
    url = reverse("plans-action-raise", args=["assessment", assessment.pk])
    assert client_for(dave).get(url).status_code == 404
    assert client_for(amir).get(url).status_code == 403
    assert (
        client_for(amir).get(reverse("plans-action-raise", args=["nonsense", 1])).status_code == 404
    )


def test_alice_opens_an_issue_plan_from_an_alert_and_each_links_to_the_other(client_for, alice):
    alert = AlertFactory()
    url = reverse("plans-issue-plan-open", args=["alert", alert.pk])
    form = client_for(alice).get(url)
    assert form.status_code == 200
    response = client_for(alice).post(
        url,
        {
            "title": "Response to the rise in reports in North Ormesby",
            "summary": "Weekly until reports fall back.",
            "partners": [organisation(COUNCIL).pk, organisation(POLICE).pk],
        },
    )
    plan = Plan.objects.get(kind=PlanKind.ISSUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans-plan", args=[plan.pk])
    assert (plan.source_kind, plan.source_id, plan.manager) == ("alert", alert.pk, alice)
    assert list(plan.wards.values_list("code", flat=True)) == ["E05009867"]
    assert plan.ends_on - plan.starts_on == dt.timedelta(days=90)

    plan_page = client_for(alice).get(response["Location"]).content.decode()
    assert reverse("plans-review-add", args=[plan.pk]) in plan_page
    reviews = client_for(alice).get(reverse("plans-meeting-list"), {"plan": plan.pk})
    assert reverse("tensions-early-warning-area", args=["E05009867"]) in reviews.content.decode()
    alerts = client_for(alice).get(reverse("tensions-alert-list")).content.decode()
    assert url in alerts


def test_only_a_council_coordinator_opens_an_issue_plan(client_for, nadia, bob):
    rumour = RumourFactory()
    url = reverse("plans-issue-plan-open", args=["rumour", rumour.pk])
    assert client_for(nadia).get(url).status_code == 403
    assert client_for(bob).post(url, {"title": "x"}).status_code == 403
    assert not Plan.objects.exists()


def test_action_owners_are_reminded_once_of_actions_due_within_a_week_or_overdue(nadia, dave):
    today = dt.date(2026, 6, 25)
    for person in (nadia, dave):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    plan = PlanFactory()
    due_soon = ActionFactory(plan=plan, title="Due soon", due_on=dt.date(2026, 6, 30))
    overdue = ActionFactory(
        plan=plan, title="Overdue", due_on=dt.date(2026, 6, 1), owner_person=nadia
    )
    ActionFactory(plan=plan, title="Far off", due_on=dt.date(2026, 9, 30))
    ActionFactory(
        plan=plan, title="Already done", due_on=dt.date(2026, 6, 1), status=ActionStatus.DONE
    )
    outsider = ActionFactory(plan=plan, title="Outsider's", owner_person=dave)

    result = send_action_reminders(today)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [nadia.email]
    assert "Due soon (due 30 Jun 2026)" in message.body
    assert "Overdue (OVERDUE since 01 Jun 2026)" in message.body
    assert "Far off" not in message.body and "Already done" not in message.body
    assert reverse("plans-action", args=[overdue.pk]) in message.body
    assert (result.actions, result.emails) == (3, 1)
    due_soon.refresh_from_db()
    assert due_soon.reminded_on == today
    # dave (another council) may not open the action, so he is not told; the manager is.
    assert "Outsider's" in message.body
    assert outsider.pk not in result.unreachable

    again = send_action_reminders(today + dt.timedelta(days=1))
    assert (again.actions, again.emails, len(mail.outbox)) == (0, 0, 1)
    week_later = send_action_reminders(today + dt.timedelta(days=7))
    assert week_later.emails == 1


def test_raising_an_action_offers_only_the_persons_organisations_in_that_council_and_is_audited(
    client_for, bob
):
    from cohesion.accounts.models import Membership
    from cohesion.audit.models import AuditEvent

    darlington = organisation("Darlington Borough Council")
    Membership.objects.create(user=bob, organisation=darlington, role="officer")
    rumour = RumourFactory()
    page = client_for(bob).get(reverse("plans-action-raise", args=["rumour", rumour.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert POLICE in html
    assert "Darlington Borough Council" not in html
    assert AuditEvent.objects.filter(actor=bob, action="view", object_id=str(rumour.pk)).exists()

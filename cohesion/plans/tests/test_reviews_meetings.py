"""Recording a plan's monthly review and other partnership meetings, and resolving escalations."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.plans.choices import ActionStatus, MeetingKind
from cohesion.plans.models import Action, ActionUpdate, Escalation, Meeting
from cohesion.plans.tests.factories import (
    COUNCIL,
    HUB,
    POLICE,
    ActionFactory,
    MeetingFactory,
    PlanFactory,
    organisation,
)

pytestmark = pytest.mark.django_db


def review_post(plan: Any, actions: list[Action], **extra: Any) -> dict[str, Any]:
    """A review that keeps every action as it is, with ``extra`` fields on top."""
    data: dict[str, Any] = {
        "held_on": "2026-11-12",
        "attendees": "Nadia Novak, neighbourhood manager\nBob Bell, police",
        "organisations": [organisation(COUNCIL).pk, organisation(POLICE).pk],
        "decisions": "Patrols continue; the hub opens on Saturdays.",
    }
    for action in actions:
        data[f"status_{action.pk}"] = action.status
        data[f"progress_{action.pk}"] = action.progress
    data.update(extra)
    return data


def test_nadia_records_a_monthly_review_that_changes_actions_raises_one_and_escalates(
    client_for, nadia
):
    plan = PlanFactory()
    patrols, youth, _done = (
        ActionFactory(plan=plan, title="Patrols"),
        ActionFactory(plan=plan, title="Youth club"),
        ActionFactory(plan=plan, title="Finished", status=ActionStatus.DONE, progress=100),
    )
    client = client_for(nadia)
    page = client.get(reverse("plans-review-add", args=[plan.pk]))
    assert page.status_code == 200
    assert b"Patrols" in page.content and b"Youth club" in page.content
    assert b"Finished" not in page.content  # done actions are not reviewed again

    response = client.post(
        reverse("plans-review-add", args=[plan.pk]),
        review_post(
            plan,
            [patrols, youth],
            **{
                f"status_{patrols.pk}": ActionStatus.AT_RISK,
                f"progress_{patrols.pk}": 40,
                f"note_{patrols.pk}": "Two shifts lost to the football.",
                f"status_{youth.pk}": ActionStatus.DONE,
                f"progress_{youth.pk}": 80,
                "new_title_0": "Leaflet the Newport Road flats",
                "new_owner_0": organisation(HUB).pk,
                "new_due_0": "2026-12-20",
                "escalations": "No funding for the CCTV camera on Union Street",
            },
        ),
    )
    meeting = Meeting.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans-meeting-detail", args=[meeting.pk])
    assert meeting.kind == MeetingKind.PLAN_REVIEW
    assert meeting.created_by == nadia
    assert set(meeting.organisations.values_list("name", flat=True)) == {COUNCIL, POLICE}

    patrols.refresh_from_db()
    youth.refresh_from_db()
    assert (patrols.status, patrols.progress) == (ActionStatus.AT_RISK, 40)
    assert (youth.status, youth.progress) == (ActionStatus.DONE, 100)  # done means 100
    updates = {u.action_id: u for u in ActionUpdate.objects.filter(meeting=meeting)}
    assert set(updates) == {patrols.pk, youth.pk}
    assert updates[patrols.pk].old_status == ActionStatus.ON_TRACK
    assert updates[patrols.pk].note == "Two shifts lost to the football."
    assert updates[patrols.pk].by == nadia

    raised = meeting.raised_actions.get()
    assert (raised.title, raised.plan, raised.owner_organisation.name) == (
        "Leaflet the Newport Road flats",
        plan,
        HUB,
    )
    escalation = Escalation.objects.get(meeting=meeting)
    assert escalation.plan == plan and escalation.resolved_at is None
    assert AuditEvent.objects.filter(
        actor=nadia, action="create", object_id=str(meeting.pk)
    ).exists()

    detail = client.get(reverse("plans-meeting-detail", args=[meeting.pk]))
    assert b"Two shifts lost to the football." in detail.content
    assert b"No funding for the CCTV camera" in detail.content


def test_a_dropped_action_without_a_reason_is_refused_and_nothing_is_saved(client_for, nadia):
    plan = PlanFactory()
    patrols, youth = ActionFactory(plan=plan), ActionFactory(plan=plan)
    response = client_for(nadia).post(
        reverse("plans-review-add", args=[plan.pk]),
        review_post(
            plan,
            [patrols, youth],
            **{
                f"status_{patrols.pk}": ActionStatus.AT_RISK,
                f"status_{youth.pk}": ActionStatus.DROPPED,
                "escalations": "Something",
            },
        ),
    )
    assert response.status_code == 400
    assert "was dropped" in response.content.decode()
    assert not Meeting.objects.exists()
    assert not ActionUpdate.objects.exists()
    assert not Escalation.objects.exists()
    patrols.refresh_from_db()
    assert patrols.status == ActionStatus.ON_TRACK


def test_a_new_action_for_an_organisation_off_the_plan_is_refused_in_plain_words(client_for, nadia):
    plan = PlanFactory(partners=[organisation(COUNCIL), organisation(POLICE)])
    darlington = organisation("Darlington Borough Council")
    response = client_for(nadia).post(
        reverse("plans-review-add", args=[plan.pk]),
        review_post(plan, [], new_title_0="Something", new_owner_0=darlington.pk),
    )
    assert response.status_code == 400
    assert "Choose one of the organisations offered." in response.content.decode()
    assert not Meeting.objects.exists()


def test_next_meeting_before_this_one_is_a_clear_error(client_for, nadia):
    plan = PlanFactory()
    response = client_for(nadia).post(
        reverse("plans-review-add", args=[plan.pk]), review_post(plan, [], next_on="2026-11-01")
    )
    assert response.status_code == 400
    assert "The next meeting must be after this one." in response.content.decode()


def test_only_the_plans_editors_record_its_review(client_for, amir, bob, dave, alice):
    plan = PlanFactory()
    url = reverse("plans-review-add", args=[plan.pk])
    assert client_for(dave).get(url).status_code == 404  # another council
    assert client_for(amir).get(url).status_code == 403  # reads the plan, may not review it
    assert client_for(bob).post(url, review_post(plan, [])).status_code == 403
    assert not Meeting.objects.exists()
    assert client_for(alice).get(url).status_code == 200  # a partner council's coordinator


def test_a_coordinator_records_a_steering_group_meeting_that_raises_an_action(
    client_for, alice, nadia
):
    response = client_for(alice).post(
        reverse("plans-meeting-add"),
        {
            "kind": MeetingKind.STEERING,
            "title": "Cohesion steering group",
            "held_on": "2026-11-20",
            "organisations": [organisation(COUNCIL).pk],
            "new_title_0": "Write to the housing association about the empty shop",
            "new_owner_0": organisation(COUNCIL).pk,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.plan, meeting.council_code) == (
        MeetingKind.STEERING,
        None,
        "E06000002",
    )
    action = meeting.raised_actions.get()
    assert action.plan is None and action.council_code == "E06000002"
    # A plan review cannot be recorded from here: it belongs to a plan.
    refused = client_for(alice).post(
        reverse("plans-meeting-add"), {"kind": MeetingKind.PLAN_REVIEW, "held_on": "2026-11-21"}
    )
    assert refused.status_code == 400
    assert client_for(nadia).get(reverse("plans-meeting-add")).status_code == 403


def test_meeting_list_and_detail_have_json_and_csv_twins_for_readers_only(
    client_for, bob, carol, dave
):
    meeting = MeetingFactory(title="November review")
    update = ActionFactory(plan=meeting.plan)
    ActionUpdate.objects.create(
        action=update,
        meeting=meeting,
        old_status="on_track",
        new_status="at_risk",
        new_progress=30,
        note="Short of staff",
    )
    listing = client_for(bob).get(reverse("plans-meeting-list-twin", args=["json"]))
    assert [m["title"] for m in listing.json()["meetings"]] == ["November review"]
    detail = client_for(carol).get(reverse("plans-meeting-detail-twin", args=[meeting.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(detail.content.decode())))
    assert [(r["new_status"], r["note"]) for r in rows] == [("at_risk", "Short of staff")]
    assert client_for(dave).get(reverse("plans-meeting-list-twin", args=["json"])).json() == {
        "meetings": []
    }
    assert (
        client_for(dave)
        .get(reverse("plans-meeting-detail-twin", args=[meeting.pk, "json"]))
        .status_code
        == 404
    )


def test_the_manager_resolves_an_escalation_and_a_police_reader_may_not(client_for, nadia, bob):
    meeting = MeetingFactory()
    escalation = Escalation.objects.create(meeting=meeting, plan=meeting.plan, summary="CCTV")
    url = reverse("plans-escalation-resolve", args=[escalation.pk])
    assert client_for(bob).post(url, {"resolution": "No"}).status_code == 403
    empty = client_for(nadia).post(url, {"resolution": "   "})
    assert empty.status_code == 400
    assert (
        client_for(nadia).post(url, {"resolution": "Funded from the ward budget"}).status_code
        == 302
    )
    escalation.refresh_from_db()
    assert escalation.resolution == "Funded from the ward budget"
    assert escalation.resolved_at is not None


def test_the_review_form_of_a_plan_with_forty_actions_takes_a_bounded_number_of_queries(
    client_for, nadia, django_assert_max_num_queries
):
    plan = PlanFactory()
    for _ in range(40):
        ActionFactory(plan=plan)
    client = client_for(nadia)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("plans-review-add", args=[plan.pk]))
    assert page.content.decode().count('class="govuk-fieldset cohesion-action-group"') == 40
    assert 'class="govuk-select' in page.content.decode()

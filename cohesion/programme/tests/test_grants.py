"""Grants: the public application (eligibility first, one application per form however often it is
sent), decisions within the round's budget, due diligence, scores, returns, reminders and totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohesion.audit.models import AuditEvent
from cohesion.programme.choices import DecisionOutcome
from cohesion.programme.grant_reminders import send_return_reminders
from cohesion.programme.grants import decide, grant_totals, public_grant_totals
from cohesion.programme.models import Application, Decision, MonitoringReturn
from cohesion.programme.tests.factories import MIDDLESBROUGH, NEWPORT, NORTH_ORMESBY
from cohesion.programme.tests.factories_grants import (
    ApplicationFactory,
    GrantRoundFactory,
    MonitoringReturnFactory,
)

pytestmark = pytest.mark.django_db

KEY = "a-submission-key-0123456789"


def _details(round_pk: int, **overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "step": "details",
        "e-q0": "yes",
        "e-q1": "no",
        "organisation_name": "Gresham Residents Together",
        "contact_name": "Ewa Nowak",
        "contact_email": "ewa@example.org",
        "wards": [NORTH_ORMESBY, NEWPORT],
        "project_title": "Street lunch",
        "summary": "A street lunch for new and old neighbours.",
        "amount_requested": "1500",
        "submission": KEY,
    }
    data.update(overrides)
    return data


def test_a_group_answers_the_eligibility_questions_then_applies_and_gets_a_reference(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    first = client.get(url)
    assert "Is your group based in Middlesbrough?" in first.text
    second = client.post(url, {"step": "eligibility", "e-q0": "yes", "e-q1": "no"})
    assert second.status_code == 200
    assert 'name="submission"' in second.text and 'name="e-q0" value="yes"' in second.text
    sent = client.post(url, _details(grant_round.pk))
    assert sent.status_code == 302 and sent["Location"] == reverse("programme-grants-applied")
    application = Application.objects.get()
    assert set(application.ward_names) == {"Newport", "North Ormesby"}
    assert application.eligibility_answers == {"0": True, "1": False}
    assert application.language == "en"
    confirmation = client.get(sent["Location"])
    assert application.reference in confirmation.text
    # Refreshing the confirmation keeps the reference; another browser is sent to the funds.
    assert application.reference in client.get(sent["Location"]).text
    elsewhere = Client().get(sent["Location"])
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse(
        "programme-grants-index"
    )


def test_ineligible_answers_get_a_plain_message_and_store_nothing(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    page = client.post(url, {"step": "eligibility", "e-q0": "yes", "e-q1": "yes"})
    assert page.status_code == 200
    assert "You cannot apply to this fund" in page.text
    assert "Is the project for profit?" in page.text
    assert 'name="organisation_name"' not in page.text
    # Skipping to the details with ineligible answers stores nothing either.
    client.post(url, _details(grant_round.pk, **{"e-q0": "no"}))
    assert Application.objects.count() == 0


def test_unanswered_eligibility_questions_are_asked_again(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    page = client.post(url, {"step": "eligibility", "e-q0": "yes"})
    assert page.status_code == 400
    assert "Answer yes or no." in page.text


def test_the_same_form_sent_twice_stores_one_application(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    first = client.post(url, _details(grant_round.pk))
    reference = Application.objects.get().reference
    again = client.post(url, _details(grant_round.pk))
    assert first.status_code == again.status_code == 302
    assert Application.objects.count() == 1
    assert reference in client.get(again["Location"]).text


def test_a_reused_form_with_another_project_is_a_new_application_not_lost(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    client.post(url, _details(grant_round.pk))
    client.post(url, _details(grant_round.pk, project_title="Family fun day"))
    assert sorted(Application.objects.values_list("project_title", flat=True)) == [
        "Family fun day",
        "Street lunch",
    ]


def test_the_application_form_explains_each_mistake_and_saves_nothing(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    page = client.post(
        url,
        _details(grant_round.pk, contact_email="not an email", amount_requested="9000", wards=[]),
    )
    assert page.status_code == 400
    assert "Enter an email address like name@example.org." in page.text
    assert "This round gives at most £5,000 to each project." in page.text
    assert "Choose at least one ward." in page.text
    assert Application.objects.count() == 0


def test_a_closed_round_takes_no_applications(client):
    today = timezone.localdate()
    grant_round = GrantRoundFactory(
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=1)
    )
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    assert "This fund is not open" in client.get(url).text
    client.post(url, _details(grant_round.pk))
    assert Application.objects.count() == 0
    assert grant_round.title not in client.get(reverse("programme-grants-index")).text


def test_the_form_speaks_polish(client):
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    page = client.get(url + "?lang=pl")
    assert "Czy możesz złożyć wniosek?" in page.text
    assert "Czy Twoja grupa działa w Middlesbrough?" in page.text


def test_an_award_above_the_rounds_remaining_budget_is_refused_and_nothing_saved(alice):
    grant_round = GrantRoundFactory(budget=Decimal("3000"))
    first = ApplicationFactory(round=grant_round, amount_requested=Decimal("2000"))
    second = ApplicationFactory(round=grant_round, amount_requested=Decimal("1500"))
    decide(first, alice, outcome=DecisionOutcome.AWARDED, reasons="Strong", amount=Decimal(2000))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        decide(second, alice, outcome=DecisionOutcome.AWARDED, reasons="Good", amount=Decimal(1500))
    assert "£1,000.00 left" in str(refused.value)
    assert not Decision.objects.filter(application=second).exists()
    assert not MonitoringReturn.objects.filter(application=second).exists()
    assert AuditEvent.objects.count() == events
    assert grant_round.remaining() == Decimal(1000)


def test_the_decision_page_says_why_an_award_is_refused(client_for, alice):
    grant_round = GrantRoundFactory(budget=Decimal("1000"))
    application = ApplicationFactory(round=grant_round)
    page = client_for(alice).post(
        reverse("programme-grant-decision", args=[application.pk]),
        {"outcome": "awarded", "amount_awarded": "1500", "reasons": "A good project"},
    )
    assert page.status_code == 400
    assert "more than the £1,000.00 left in the round" in page.text
    assert "Nothing has been saved" in page.text
    assert not Decision.objects.exists()


def test_changing_an_award_counts_only_the_new_amount_against_the_budget(alice):
    grant_round = GrantRoundFactory(budget=Decimal("2000"))
    application = ApplicationFactory(round=grant_round)
    decide(application, alice, outcome="awarded", reasons="Yes", amount=Decimal(1500))
    decide(application, alice, outcome="awarded", reasons="Yes, more", amount=Decimal(2000))
    assert Decision.objects.get().amount_awarded == Decimal(2000)
    assert MonitoringReturn.objects.filter(application=application).count() == 1


def test_a_decline_records_reasons_and_no_money(client_for, alice):
    application = ApplicationFactory()
    response = client_for(alice).post(
        reverse("programme-grant-decision", args=[application.pk]),
        {"outcome": "declined", "reasons": "Outside the fund's priorities", "amount_awarded": ""},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == "declined" and decision.amount_awarded == 0
    assert not MonitoringReturn.objects.exists()


def test_officers_record_due_diligence_and_scores_and_each_is_audited(client_for, alice, nadia):
    application = ApplicationFactory()
    client_for(alice).post(
        reverse("programme-grant-due-diligence", args=[application.pk]),
        {
            "constituted_checked": "on",
            "bank_details_verified": "on",
            "safeguarding_seen": "on",
            "no_extremist_links": "on",
            "note": "Constitution and policy seen; open-source check found nothing.",
        },
    )
    application.refresh_from_db()
    assert application.due_diligence.passed
    assert application.due_diligence.checked_by == alice
    bad = client_for(nadia).post(
        reverse("programme-grant-score", args=[application.pk]),
        {"need": "6", "cohesion": "4", "deliverability": "3", "value": "4"},
    )
    assert bad.status_code == 400 and "Give a score from 0 to 5." in bad.text
    client_for(nadia).post(
        reverse("programme-grant-score", args=[application.pk]),
        {"need": "5", "cohesion": "4", "deliverability": "3", "value": "4", "comment": "Good"},
    )
    assert application.scores.get(scorer=nadia).total == 16
    actions = set(
        AuditEvent.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )
    assert {"create"} <= actions


def test_opening_an_application_is_audited_as_a_view(client_for, nadia):
    application = ApplicationFactory()
    page = client_for(nadia).get(reverse("programme-grant-application", args=[application.pk]))
    assert "ewa@example.org" in page.text
    event = AuditEvent.objects.filter(action="view", actor=nadia).latest("id")
    assert event.object_id == str(application.pk)
    assert page["Cache-Control"].startswith("private, no-store")


def test_recording_a_return_feeds_the_totals_by_stream_and_ward(client_for, alice):
    application = ApplicationFactory(
        ward_codes=[NORTH_ORMESBY, NEWPORT], ward_names=["North Ormesby", "Newport"]
    )
    decide(application, alice, outcome="awarded", reasons="Yes", amount=Decimal(1500))
    item = MonitoringReturn.objects.get()
    response = client_for(alice).post(
        reverse("programme-grant-return-record", args=[item.pk]),
        {
            "submitted_on": timezone.localdate().isoformat(),
            "spend": "1200",
            "people_reached": "85",
            "outputs": "Two street lunches",
            "outcomes": "Neighbours met",
            "evidence_note": "Photos and receipts",
        },
    )
    assert response.status_code == 302
    totals = grant_totals([MIDDLESBROUGH])
    assert totals["overall"]["awarded"] == Decimal(1500)
    assert totals["overall"]["spend"] == Decimal(1200)
    assert totals["overall"]["people_reached"] == 85
    assert {row["group"] for row in totals["wards"]} == {"Newport", "North Ormesby"}
    assert [row["awards"] for row in totals["streams"]] == [1]


def test_public_totals_hide_a_single_award(client):
    ApplicationFactory()
    application = ApplicationFactory(project_title="Other")
    Decision.objects.create(
        application=application,
        outcome="awarded",
        amount_awarded=Decimal(800),
        reasons="Yes",
        decided_by=_user("alice"),
    )
    result = public_grant_totals(MIDDLESBROUGH)
    assert result["overall"]["awards"] is None
    assert result["overall"]["awarded"] is None
    page = client.get(reverse("programme-grants-totals", args=[MIDDLESBROUGH]))
    assert page.status_code == 200 and "800" not in page.text
    csv = client.get(reverse("programme-grants-totals-twin", args=[MIDDLESBROUGH, "csv"]))
    assert csv.text.splitlines()[0] == "by,group,awards,awarded,spend,people_reached"


def _user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_reminders_go_to_the_holder_and_coordinators_once_a_day(alice, carol):
    alice.email, carol.email = "alice@example.org", "carol@example.org"
    alice.save()
    carol.save()
    today = timezone.localdate()
    MonitoringReturnFactory(due_on=today + dt.timedelta(days=10))
    MonitoringReturnFactory(due_on=today + dt.timedelta(days=40))  # not yet
    first = send_return_reminders(today)
    assert first.returns == 1 and first.holder_emails == 1
    assert first.officer_emails == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"ewa@example.org", "alice@example.org"}
    assert "due" in mail.outbox[0].body and "Street lunch" in mail.outbox[0].body
    sent = len(mail.outbox)
    call_command("remind_grant_returns")
    assert len(mail.outbox) == sent
    assert send_return_reminders(today + dt.timedelta(days=1)).returns == 1

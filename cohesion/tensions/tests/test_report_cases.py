"""Working a case: triage, status, assignment, referral with consent, contact, notes, links, history, intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.tensions.intake import ReportInput, clear_caches, due_dates, submit_report
from cohesion.tensions.models import (
    AppendOnlyError,
    Referral,
    Report,
    ReportEvent,
    ReportLink,
    ResponseTimescale,
)
from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY, ReportFactory
from cohesion.tensions.workflow import (
    WorkflowError,
    assign,
    change_status,
    link_reports,
    record_contact,
    refer,
    triage,
)


@pytest.fixture
def police(db: None) -> Organisation:
    return Organisation.objects.get(name="Cleveland Police")


@pytest.fixture
def council(db: None) -> Organisation:
    return Organisation.objects.get(name="Middlesbrough Council")


@pytest.mark.django_db
def test_triage_classifies_the_report_and_moves_it_from_new_to_triaged(alice: Any) -> None:
    report = ReportFactory()
    triage(
        report, actor=alice, eep="experienced", root_cause="A row over parking", reason="Read it"
    )
    report.refresh_from_db()
    assert (report.status, report.eep, report.root_cause) == (
        "triaged",
        "experienced",
        "A row over parking",
    )
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", "to_status"))
    assert ("triaged", "") in kinds and ("status", "triaged") in kinds
    triaged = ReportEvent.objects.get(report=report, kind="triaged")
    assert triaged.changes["eep"] == ["", "experienced"]
    assert (
        triaged.actor_username == "alice" and triaged.organisation_name == "Middlesbrough Council"
    )


@pytest.mark.django_db
def test_triage_can_move_a_report_to_another_ward(alice: Any) -> None:
    report = ReportFactory()
    triage(report, actor=alice, eep="evidenced", area_code="E05009866")
    report.refresh_from_db()
    assert (report.ward_code, report.ward_name, report.location_source) == (
        "E05009866",
        "Newport",
        "officer",
    )


@pytest.mark.django_db
def test_closing_needs_a_reason_and_reopening_needs_an_explanation(alice: Any) -> None:
    report = ReportFactory()
    with pytest.raises(WorkflowError, match="why the case is being closed"):
        change_status(report, "closed", actor=alice)
    change_status(
        report, "closed", actor=alice, closure_reason="duplicate", reason="Same as another"
    )
    report.refresh_from_db()
    assert (report.status, report.closure_reason) == ("closed", "duplicate")
    with pytest.raises(WorkflowError, match="reopened"):
        change_status(report, "in_progress", actor=alice)
    change_status(report, "in_progress", actor=alice, reason="The reporter rang again")
    report.refresh_from_db()
    assert (report.status, report.closure_reason) == ("in_progress", "")


@pytest.mark.django_db
def test_a_new_case_cannot_jump_straight_to_in_progress(alice: Any) -> None:
    with pytest.raises(WorkflowError, match="cannot become in progress"):
        change_status(ReportFactory(), "in_progress", actor=alice)


@pytest.mark.django_db
def test_the_database_refuses_a_closed_case_without_a_reason() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(status="closed", closure_reason="")


@pytest.mark.django_db
def test_referral_to_the_police_is_refused_without_the_reporters_consent(
    alice: Any, police: Organisation
) -> None:
    report = ReportFactory(consent_police=False)
    with pytest.raises(WorkflowError, match="did not agree to share this report with the police"):
        refer(report, actor=alice, organisation=police)
    assert not Referral.objects.exists()
    report.refresh_from_db()
    assert report.status == "new"


@pytest.mark.django_db
def test_the_refer_form_refuses_with_a_clear_message_and_refers_nothing(
    alice: Any, client_for: Any, police: Organisation
) -> None:
    report = ReportFactory(consent_police=False)
    response = client_for(alice).post(
        report.get_absolute_url() + "refer/", {"organisation": police.pk, "reason": "Crime"}
    )
    assert response.status_code == 400
    assert "did not agree to share this report with the police" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_referral_with_consent_is_recorded_with_who_when_and_moves_the_case(
    alice: Any, client_for: Any, police: Organisation, bob: Any
) -> None:
    report = ReportFactory(consent_police=True)
    response = client_for(alice).post(
        report.get_absolute_url() + "refer/",
        {"organisation": police.pk, "reason": "A crime", "eep": "experienced"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get(report=report)
    assert (referral.organisation, referral.referred_by, referral.consent_basis) == (
        police,
        alice,
        "police",
    )
    report.refresh_from_db()
    assert report.status == "referred"
    # The police liaison can now read the contact details as well.
    assert Report.objects.restrict(bob, "view_contact").filter(pk=report.pk).exists()


@pytest.mark.django_db
def test_referral_to_a_voluntary_partner_needs_consent_to_share_with_partners(alice: Any) -> None:
    charity = Organisation.objects.create(name="Tees Victim Support", kind="voluntary")
    with pytest.raises(WorkflowError, match="partner organisations"):
        refer(ReportFactory(consent_partners=False), actor=alice, organisation=charity)
    referral = refer(ReportFactory(consent_partners=True), actor=alice, organisation=charity)
    assert referral.consent_basis == "partners"


@pytest.mark.django_db
def test_a_case_is_referred_to_an_organisation_only_once(alice: Any, police: Organisation) -> None:
    report = ReportFactory(consent_police=True)
    refer(report, actor=alice, organisation=police)
    with pytest.raises(WorkflowError, match="already been referred"):
        refer(report, actor=alice, organisation=police)


@pytest.mark.django_db
def test_assignment_sets_the_owner_and_moves_a_new_case_through_triage(
    alice: Any, nadia: Any, council: Organisation
) -> None:
    report = ReportFactory()
    assign(report, actor=alice, organisation=council, officer=nadia, reason="Her ward")
    report.refresh_from_db()
    assert (report.assigned_organisation, report.assigned_officer, report.status) == (
        council,
        nadia,
        "assigned",
    )
    statuses = list(
        ReportEvent.objects.filter(report=report, kind="status").values_list("to_status", flat=True)
    )
    assert statuses == ["triaged", "assigned"]


@pytest.mark.django_db
def test_a_case_cannot_be_assigned_to_someone_outside_the_organisation(
    alice: Any, bob: Any, council: Organisation
) -> None:
    with pytest.raises(WorkflowError, match="not an officer of"):
        assign(ReportFactory(), actor=alice, organisation=council, officer=bob)


@pytest.mark.django_db
def test_the_assign_page_assigns_through_the_form(
    alice: Any, nadia: Any, client_for: Any, council: Organisation
) -> None:
    report = ReportFactory()
    response = client_for(alice).post(
        report.get_absolute_url() + "assign/",
        {"organisation": council.pk, "officer": str(nadia.pk), "reason": "Locality lead"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assigned_officer == nadia


@pytest.mark.django_db
def test_recording_first_contact_takes_the_report_off_the_overdue_list(alice: Any) -> None:
    long_ago = timezone.now() - dt.timedelta(days=3)
    report = ReportFactory(created_at=long_ago, first_contact_due=long_ago + dt.timedelta(hours=24))
    assert report.is_overdue()
    assert Report.objects.overdue().filter(pk=report.pk).exists()
    record_contact(report, actor=alice, note="Phoned")
    report.refresh_from_db()
    assert report.first_contact_at is not None
    assert not Report.objects.overdue().filter(pk=report.pk).exists()
    with pytest.raises(WorkflowError, match="already recorded"):
        record_contact(report, actor=alice)


@pytest.mark.django_db
def test_the_overdue_queue_lists_late_reports_only(alice: Any, client_for: Any) -> None:
    now = timezone.now()
    late = ReportFactory(first_contact_due=now - dt.timedelta(hours=1))
    on_time = ReportFactory(first_contact_due=now + dt.timedelta(hours=5))
    closed = ReportFactory(
        first_contact_due=now - dt.timedelta(hours=1), status="closed", closure_reason="resolved"
    )
    data = client_for(alice).get("/tensions/reports/overdue.json").json()
    references = {r["reference"] for r in data["reports"]}
    assert late.reference in references
    assert on_time.reference not in references and closed.reference not in references
    assert all(r["overdue"] for r in data["reports"])


@pytest.mark.django_db
def test_the_new_queue_holds_only_untriaged_reports(alice: Any, client_for: Any) -> None:
    fresh = ReportFactory()
    triaged = ReportFactory(status="triaged")
    html = client_for(alice).get("/tensions/reports/new/").content.decode()
    assert fresh.reference in html and triaged.reference not in html


@pytest.mark.django_db
def test_links_record_same_incident_both_ways_and_refuse_a_self_link(alice: Any) -> None:
    first, second = ReportFactory(), ReportFactory()
    link_reports(first, second, actor=alice, kind="same_incident", reason="Same street, same night")
    assert ReportLink.objects.filter(report=first, to_report=second).count() == 1
    assert ReportEvent.objects.filter(report=second, kind="linked").exists()
    with pytest.raises(WorkflowError, match="itself"):
        link_reports(first, first, actor=alice, kind="repeat_victim")


@pytest.mark.django_db
def test_the_link_form_will_not_reveal_a_report_the_officer_cannot_see(
    nadia: Any, client_for: Any
) -> None:
    mine = ReportFactory()
    hidden = ReportFactory(ward_code="E05009862", ward_name="Linthorpe")
    response = client_for(nadia).post(
        mine.get_absolute_url() + "link/",
        {"reference": hidden.reference, "kind": "repeat_location"},
    )
    assert response.status_code == 400
    assert "no report with that reference that you can see" in response.content.decode()


@pytest.mark.django_db
def test_history_lines_cannot_be_changed_or_deleted() -> None:
    report = ReportFactory()
    event = ReportEvent.objects.create(report=report, kind="note")
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ReportEvent.objects.filter(report=report).update(reason="x")
    with pytest.raises(AppendOnlyError):
        ReportEvent.objects.filter(report=report).delete()


@pytest.mark.django_db
def test_the_case_page_shows_history_notes_and_actions_to_the_owner(
    alice: Any, client_for: Any
) -> None:
    report = ReportFactory()
    client = client_for(alice)
    client.post(report.get_absolute_url() + "note/", {"text": "Called the shop owner."})
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Called the shop owner." in html
    assert "Note added" in html
    assert report.get_absolute_url() + "triage/" in html


@pytest.mark.django_db
def test_the_police_liaison_sees_no_triage_or_referral_buttons(bob: Any, client_for: Any) -> None:
    report = ReportFactory(consent_police=True)
    html = client_for(bob).get(report.get_absolute_url()).content.decode()
    assert "triage/" not in html and "refer/" not in html
    assert "not entitled to see the reporter" in html


# --- Intake and timescales -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_volunteer_records_a_report_for_someone_with_source_and_eep(
    carol: Any, client_for: Any
) -> None:
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    response = client_for(carol).post(
        "/tensions/reports/record/",
        {
            "submission": "intake-" + "x" * 20,
            "organisation": hub.pk,
            "on_behalf_of": "The victim, in person at the hub",
            "category": "hate_incident",
            "motivations": ["race", "religion"],
            "description": "He was spat at on the bus and called names.",
            "eep": "experienced",
            "area": NORTH_ORMESBY,
            "reporter_role": "victim",
            "consent_partners": "on",
            "phone": "01632 960001",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.channel, report.eep, report.entered_by, report.entered_by_organisation) == (
        "reporting_centre",
        "experienced",
        carol,
        hub,
    )
    assert report.on_behalf_of == "The victim, in person at the hub"
    assert report.submitter_hash == ""
    created = ReportEvent.objects.get(report=report, kind="created")
    assert created.actor == carol and created.on_behalf_of == "The victim, in person at the hub"
    assert response["Location"] == report.get_absolute_url()
    assert report.contact.phone == "01632 960001"


@pytest.mark.django_db
def test_a_council_officers_intake_is_recorded_as_partner_staff(
    alice: Any, client_for: Any
) -> None:
    council = Organisation.objects.get(name="Middlesbrough Council")
    client_for(alice).post(
        "/tensions/reports/record/",
        {
            "organisation": council.pk,
            "category": "tension",
            "tension_type": "graffiti",
            "description": "Offensive graffiti on the community centre wall.",
            "area": NORTH_ORMESBY,
            "reporter_role": "witness",
        },
    )
    report = Report.objects.get()
    assert (report.channel, report.category, report.tension_type) == (
        "partner_staff",
        "tension",
        "graffiti",
    )


@pytest.mark.django_db
def test_a_volunteer_cannot_record_for_an_organisation_she_does_not_belong_to(
    carol: Any, client_for: Any
) -> None:
    council = Organisation.objects.get(name="Middlesbrough Council")
    response = client_for(carol).post(
        "/tensions/reports/record/",
        {
            "organisation": council.pk,
            "category": "tension",
            "description": "Something happened.",
            "area": NORTH_ORMESBY,
            "reporter_role": "witness",
        },
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_tension_report_is_due_in_two_working_days_counted_past_the_weekend() -> None:
    friday = timezone.make_aware(dt.datetime(2025, 11, 21, 15, 0))
    first, senior = due_dates("tension", friday)
    assert first == timezone.make_aware(dt.datetime(2025, 11, 25, 15, 0))  # Tuesday
    assert senior is None


@pytest.mark.django_db
def test_changed_timescales_apply_to_new_reports() -> None:
    ResponseTimescale.objects.filter(category="hate_incident").update(first_contact_amount=4)
    clear_caches()
    try:
        result = submit_report(
            ReportInput(
                category="hate_incident",
                description="Shouted at in the park.",
                reporter_role="victim",
                area_code=NORTH_ORMESBY,
            ),
            submitter_hash="h" * 32,
        )
        report = result.report
        assert report.first_contact_due - report.created_at == dt.timedelta(hours=4)
    finally:
        clear_caches()


@pytest.mark.django_db
def test_references_look_like_chn_and_four_and_four_unambiguous_characters() -> None:
    import re

    from cohesion.tensions.models.reports import new_reference, normalise_reference

    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    assert all(
        re.fullmatch(r"CHN-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", r) for r in references
    )
    assert normalise_reference(" chn 7k3q 94xt ") == "CHN-7K3Q-94XT"


@pytest.mark.django_db
def test_an_administrator_changes_a_timescale_in_the_admin_and_new_reports_follow_it(
    superuser: Any, client_for: Any
) -> None:
    scale = ResponseTimescale.objects.get(category="tension")
    url = f"/django-admin/tensions/responsetimescale/{scale.pk}/change/"
    client = client_for(superuser)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": "tension",
            "first_contact_amount": "3",
            "first_contact_unit": "working_days",
            "senior_contact_amount": "",
            "senior_contact_unit": "",
            "source": "Changed by the council",
        },
    )
    assert response.status_code == 302
    try:
        monday = timezone.make_aware(dt.datetime(2025, 11, 24, 9, 0))
        assert due_dates("tension", monday)[0] == timezone.make_aware(
            dt.datetime(2025, 11, 27, 9, 0)
        )
    finally:
        clear_caches()


@pytest.mark.django_db
def test_the_refer_form_says_up_front_what_the_reporter_agreed_to_share(
    alice: Any, client_for: Any
) -> None:
    report = ReportFactory(consent_police=False, consent_partners=True)
    html = client_for(alice).get(report.get_absolute_url() + "refer/").content.decode()
    consent = html[html.index('id="refer-consent"') :]
    assert "Not agreed: do not refer to the police" in consent
    assert "Sharing with partner organisations" in consent
    assert "Not agreed: refer only within the council" not in consent


@pytest.mark.django_db
def test_referring_an_unclassified_case_asks_for_its_eep_classification_first(
    alice: Any, client_for: Any, police: Organisation
) -> None:
    report = ReportFactory(consent_police=True, eep="")
    url = report.get_absolute_url() + "refer/"
    refused = client_for(alice).post(url, {"organisation": police.pk, "reason": "A crime"})
    assert refused.status_code == 400
    assert "Choose evidenced, experienced or potential." in refused.content.decode()
    assert not Referral.objects.exists()
    report.refresh_from_db()
    assert (report.status, report.eep) == ("new", "")
    client_for(alice).post(url, {"organisation": police.pk, "eep": "evidenced"})
    report.refresh_from_db()
    assert (report.status, report.eep) == ("referred", "evidenced")


@pytest.mark.django_db
def test_a_classified_case_is_referred_without_asking_again(
    alice: Any, client_for: Any, police: Organisation
) -> None:
    report = ReportFactory(consent_police=True, eep="potential")
    html = client_for(alice).get(report.get_absolute_url() + "refer/").content.decode()
    assert 'name="eep"' not in html


@pytest.mark.django_db
def test_the_partner_intake_form_counts_characters_and_never_cuts_a_paste(
    carol: Any, client_for: Any
) -> None:
    html = client_for(carol).get("/tensions/reports/record/").content.decode()
    group = html[html.index('id="id_description-group"') :]
    group = group[: group.index("</textarea>")]
    assert 'data-module="govuk-character-count"' in group
    assert "maxlength=" not in group.replace("data-maxlength=", "")

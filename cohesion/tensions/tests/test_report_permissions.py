"""Who may see and do what with reports: every report and case view, for every persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cohesion.accounts.models import Organisation
from cohesion.audit.models import AuditEvent
from cohesion.tensions.models import Referral, Report, ReporterContact
from cohesion.tensions.tests.factories_reports import (
    DARLINGTON,
    NEWPORT,
    ReportFactory,
)
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

MIDDLESBROUGH_OFFICERS = {"alice": 200, "erin": 200}


def _reports() -> dict[str, Report]:
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    police = Organisation.objects.get(name="Cleveland Police")
    reports = {
        # North Ormesby, public form, no consent to share: the council only.
        "north_ormesby": ReportFactory(),
        # Newport, consent to police: the council and the police.
        "newport_police": ReportFactory(
            ward_code=NEWPORT, ward_name="Newport", consent_police=True
        ),
        # Linthorpe, entered by the hub, no consent: the council and the hub.
        "hub": ReportFactory(
            ward_code="E05009862",
            ward_name="Linthorpe",
            channel="reporting_centre",
            entered_by_organisation=hub,
        ),
        # Referred to the police although in a ward the police liaison would not otherwise see.
        "referred": ReportFactory(
            ward_code="E05009862", ward_name="Linthorpe", consent_police=True
        ),
        # Darlington: Darlington's officers only.
        "darlington": ReportFactory(
            ward_code="E05010414",
            ward_name="Cockerton",
            council_code=DARLINGTON,
            council_name="Darlington",
            consent_police=True,
        ),
    }
    Referral.objects.create(report=reports["referred"], organisation=police, consent_basis="police")
    for report in reports.values():
        ReporterContact.objects.create(report=report, name="A Person", phone="07700 900982")
    return reports


def detail(name: str, suffix: str = "") -> Any:
    return lambda objects: f"/tensions/reports/{objects[name].reference}/{suffix}"


ANON_TO_SIGN_IN = {ANONYMOUS: 302}
NO_INDIVIDUAL_REPORTS = {"amir": 403, "cllr.hussain": 403}

CASES = [
    Case("public form", "/report/", expect={}, default=200),
    Case("public map areas", "/report/areas.geojson", expect={}, default=200),
    Case(
        "all reports",
        "/tensions/reports/",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS},
        default=200,
    ),
    Case(
        "new reports queue",
        "/tensions/reports/new/",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS},
        default=200,
    ),
    Case(
        "overdue queue",
        "/tensions/reports/overdue/",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS},
        default=200,
    ),
    Case(
        "all reports as CSV",
        "/tensions/reports.csv",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS, "carol": 403},
        default=200,
    ),
    Case(
        "new queue as JSON",
        "/tensions/reports/new.json",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS, "carol": 403},
        default=200,
    ),
    Case(
        "overdue queue as CSV",
        "/tensions/reports/overdue.csv",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS, "carol": 403},
        default=200,
    ),
    Case(
        "record a report for someone",
        "/tensions/reports/record/",
        expect={**ANON_TO_SIGN_IN, **NO_INDIVIDUAL_REPORTS},
        default=200,
    ),
    # A report only the council may see.
    Case(
        "case page, council only",
        detail("north_ormesby"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200},
    ),
    Case(
        "contact details, council only",
        detail("north_ormesby", "contact/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200},
    ),
    Case(
        "triage, council only",
        detail("north_ormesby", "triage/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200},
    ),
    # Consent to police sharing: the police liaison may read and add notes, not work the case.
    Case(
        "case page, shared with police",
        detail("newport_police"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 200},
    ),
    Case(
        "contact details, consented but not referred to police",
        detail("newport_police", "contact/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "triage, shared with police",
        detail("newport_police", "triage/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "change status, shared with police",
        detail("newport_police", "status/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "assign, shared with police",
        detail("newport_police", "assign/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "refer, shared with police",
        detail("newport_police", "refer/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "link, shared with police",
        detail("newport_police", "link/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "record contact, shared with police",
        detail("newport_police", "contact-made/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 403},
    ),
    Case(
        "note form, shared with police",
        detail("newport_police", "note/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "nadia": 200, "bob": 200},
    ),
    # Entered by the reporting centre, outside nadia's wards.
    Case(
        "case page, entered by the hub",
        detail("hub"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "carol": 200},
    ),
    Case(
        "contact details, entered by the hub",
        detail("hub", "contact/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "carol": 200},
    ),
    Case(
        "triage, entered by the hub",
        detail("hub", "triage/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "carol": 403},
    ),
    # Referred to the police: they see it and its contact details (consent given).
    Case(
        "case page, referred to police",
        detail("referred"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "bob": 200},
    ),
    Case(
        "contact details, referred to police",
        detail("referred", "contact/"),
        expect={**ANON_TO_SIGN_IN, **MIDDLESBROUGH_OFFICERS, "bob": 200},
    ),
    # Another council's report: only that council.
    Case("case page, Darlington", detail("darlington"), expect={**ANON_TO_SIGN_IN, "dave": 200}),
    Case(
        "status, Darlington",
        detail("darlington", "status/"),
        expect={**ANON_TO_SIGN_IN, "dave": 200},
    ),
    # Writes.
    Case(
        "add a note, shared with police",
        detail("newport_police", "note/"),
        method="post",
        data={"text": "Spoke to the neighbourhood team."},
        expect={**ANON_TO_SIGN_IN, "alice": 302, "erin": 302, "nadia": 302, "bob": 302},
    ),
    Case(
        "triage, shared with police (post)",
        detail("newport_police", "triage/"),
        method="post",
        data={"eep": "experienced", "category": "hate_incident", "motivations": ["race"]},
        expect={**ANON_TO_SIGN_IN, "alice": 302, "erin": 302, "nadia": 302, "bob": 403},
    ),
    Case(
        "close, Darlington (post)",
        detail("darlington", "status/"),
        method="post",
        data={"status": "closed", "closure_reason": "duplicate"},
        expect={**ANON_TO_SIGN_IN, "dave": 302},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_persona_gets_the_right_answer_from_every_report_view(
    case: Case, persona: str
) -> None:
    objects = _reports()
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(get_user_model().objects.get(username=persona))
    check_case(case, persona, client, objects)


@pytest.mark.django_db
def test_an_officer_of_another_council_sees_none_of_middlesbroughs_reports_in_lists(
    dave: Any, client_for: Any
) -> None:
    objects = _reports()
    client = client_for(dave)
    html = client.get("/tensions/reports/").content.decode()
    data = client.get("/tensions/reports.json").json()
    assert [r["reference"] for r in data["reports"]] == [objects["darlington"].reference]
    for name in ("north_ormesby", "newport_police", "hub", "referred"):
        assert objects[name].reference not in html


@pytest.mark.django_db
def test_the_police_liaison_list_holds_only_consented_or_referred_reports_in_cleveland(
    bob: Any, client_for: Any
) -> None:
    objects = _reports()
    data = client_for(bob).get("/tensions/reports.json").json()
    assert {r["reference"] for r in data["reports"]} == {
        objects["newport_police"].reference,
        objects["referred"].reference,
    }


@pytest.mark.django_db
def test_the_volunteer_sees_only_what_her_centre_entered(carol: Any, client_for: Any) -> None:
    objects = _reports()
    html = client_for(carol).get("/tensions/reports/").content.decode()
    assert objects["hub"].reference in html
    assert objects["north_ormesby"].reference not in html
    assert objects["newport_police"].reference not in html


@pytest.mark.django_db
def test_the_neighbourhood_manager_sees_only_her_two_wards(nadia: Any, client_for: Any) -> None:
    objects = _reports()
    data = client_for(nadia).get("/tensions/reports.json").json()
    assert {r["reference"] for r in data["reports"]} == {
        objects["north_ormesby"].reference,
        objects["newport_police"].reference,
    }


@pytest.mark.django_db
def test_exports_hold_no_description_or_contact_details(alice: Any, client_for: Any) -> None:
    _reports()
    body = client_for(alice).get("/tensions/reports.csv").content.decode()
    assert "Someone shouted abuse" not in body and "07700" not in body
    assert body.splitlines()[0].startswith("reference,received,category")


@pytest.mark.django_db
def test_every_view_of_a_case_and_of_contact_details_is_audited(
    alice: Any, client_for: Any
) -> None:
    report = _reports()["north_ormesby"]
    client = client_for(alice)
    client.get(report.get_absolute_url())
    client.get(report.get_absolute_url() + "contact/")
    views = AuditEvent.objects.filter(action="view", actor=alice)
    assert views.filter(object_type="tensions.Report", object_id=str(report.pk)).count() == 1
    assert (
        views.filter(
            object_type="tensions.ReporterContact", object_id=str(report.contact.pk)
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_exports_are_audited(alice: Any, client_for: Any) -> None:
    _reports()
    client_for(alice).get("/tensions/reports.csv")
    assert AuditEvent.objects.filter(action="export", actor=alice).count() == 1


@pytest.mark.django_db
def test_restrict_answers_each_action_for_each_persona_at_the_queryset(
    alice: Any, bob: Any, carol: Any, amir: Any, dave: Any
) -> None:
    objects = _reports()

    def refs(user: Any, action: str) -> set[str]:
        return set(Report.objects.restrict(user, action).values_list("reference", flat=True))

    everyone_in_middlesbrough = {
        objects[n].reference for n in ("north_ormesby", "newport_police", "hub", "referred")
    }
    assert refs(alice, "refer") == everyone_in_middlesbrough
    assert refs(bob, "view") == {objects["newport_police"].reference, objects["referred"].reference}
    assert refs(bob, "view_contact") == {objects["referred"].reference}
    assert refs(bob, "triage") == set()
    assert refs(carol, "view") == {objects["hub"].reference}
    assert refs(carol, "assign") == set()
    assert refs(amir, "view") == set()
    assert refs(dave, "view") == {objects["darlington"].reference}
    assert refs(alice, "no-such-action") == set()
    assert ReporterContact.objects.restrict(bob, "view").count() == 1

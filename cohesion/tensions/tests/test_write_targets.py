"""Every write that names an area, organisation, person or record checks that target.

Trust items 1-4: a case must not leave the people who may work it, nor be
given to someone who cannot open it; a form must not list what its user may
not open; and one council's settings must not change another's board.

The last test walks every write form of the tensions app, posts a target
outside the actor's scope as the persona who might try it, and expects the
form again with an error (400) and nothing saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.places.queries import get_area
from cohesion.tensions.choices import Status
from cohesion.tensions.models import Referral, Report, ReportEvent, ReportLink
from cohesion.tensions.models.assessment import (
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    copy_default_scale,
)
from cohesion.tensions.models.events import Rumour, TriggerEvent
from cohesion.tensions.reminders import send_reminders
from cohesion.tensions.tests.factories_assessment import (
    RumourFactory,
    TensionAssessmentFactory,
    TriggerEventFactory,
    level,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.tensions.workflow import WorkflowError, triage

pytestmark = pytest.mark.django_db

COLLEGE_DARLINGTON = "E05010415"  # a Darlington ward
ACKLAM = "E05009853"  # a Middlesbrough ward outside nadia's two
NORTH_ORMESBY = "E05009867"
DARLINGTON = "E06000005"
MIDDLESBROUGH = "E06000002"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _case(reference: str, action: str) -> str:
    return f"/tensions/reports/{reference}/{action}/"


# --------------------------------------------------------------------------- item 1


def test_triage_refuses_an_area_outside_the_officers_scope(
    nadia: Any, dave: Any, client_for: Any
) -> None:
    """Trust item 1: nadia cannot move a case to a Darlington ward, and Darlington never sees it."""
    report = ReportFactory()
    form = client_for(nadia).get(_case(report.reference, "triage"))
    assert form.status_code == 200
    offered = form.content.decode()
    assert f'value="{NORTH_ORMESBY}"' in offered
    assert f'value="{COLLEGE_DARLINGTON}"' not in offered
    assert f'value="{ACKLAM}"' not in offered  # Middlesbrough, but not one of nadia's wards

    response = client_for(nadia).post(
        _case(report.reference, "triage"),
        {"eep": "experienced", "category": report.category, "area": COLLEGE_DARLINGTON},
    )
    assert response.status_code == 400
    assert "You can only move a case to an area you work in" in response.content.decode()
    report.refresh_from_db()
    assert (report.council_code, report.ward_code, report.status) == (
        MIDDLESBROUGH,
        NORTH_ORMESBY,
        Status.NEW,
    )
    assert not ReportEvent.objects.filter(report=report).exists()
    darlington = client_for(dave)
    assert darlington.get(f"/tensions/reports/{report.reference}/").status_code == 404
    assert darlington.get(_case(report.reference, "contact")).status_code == 404


def test_the_triage_workflow_itself_rolls_back_a_move_out_of_scope(nadia: Any) -> None:
    """Trust item 1: the workflow checks the target too, whatever form or script calls it."""
    report = ReportFactory()
    with pytest.raises(WorkflowError, match="area you work in"):
        triage(report, actor=nadia, eep="experienced", area_code=COLLEGE_DARLINGTON)
    report.refresh_from_db()
    assert (report.council_code, report.eep) == (MIDDLESBROUGH, "")
    assert not ReportEvent.objects.filter(report=report).exists()


def test_a_council_officer_may_still_move_a_case_within_her_council(alice: Any) -> None:
    report = ReportFactory()
    triage(report, actor=alice, eep="experienced", area_code=ACKLAM)
    report.refresh_from_db()
    assert report.ward_code == ACKLAM


# --------------------------------------------------------------------------- item 2


def test_a_case_is_assigned_only_to_someone_who_can_open_it(
    alice: Any, dave: Any, client_for: Any
) -> None:
    """Trust item 2: alice cannot give a Middlesbrough case to Darlington or to dave."""
    report = ReportFactory(consent_partners=True)
    client = client_for(alice)
    form = client.get(_case(report.reference, "assign")).content.decode()
    assert "Darlington Borough Council" not in form
    assert "Dave Dodd" not in form
    darlington = _org("Darlington Borough Council")
    middlesbrough = _org("Middlesbrough Council")
    for data in (
        {"organisation": darlington.pk},
        {"organisation": darlington.pk, "officer": dave.pk},
        {"organisation": middlesbrough.pk, "officer": dave.pk},
    ):
        response = client.post(_case(report.reference, "assign"), data)
        assert response.status_code == 400, data
        assert "can only be given to" in response.content.decode()
    report.refresh_from_db()
    assert (report.assigned_organisation, report.assigned_officer, report.status) == (
        None,
        None,
        Status.NEW,
    )
    response = client.post(
        _case(report.reference, "assign"),
        {"organisation": middlesbrough.pk, "officer": alice.pk},
    )
    assert response.status_code == 302


def test_a_case_is_referred_only_to_a_partner_who_can_then_open_it(
    alice: Any, client_for: Any, django_user_model: Any
) -> None:
    """Trust item 2: referrals to another council or a reporting centre give nobody access, so are refused."""
    report = ReportFactory(consent_partners=True, consent_police=True, eep="experienced")
    housing = Organisation.objects.create(name="Thirteen Housing", kind=OrganisationKind.HOUSING)
    housing.areas.add(get_area(MIDDLESBROUGH))
    officer = django_user_model.objects.create_user(username="hana", first_name="Hana")
    Membership.objects.create(user=officer, organisation=housing, role=Role.OFFICER)
    client = client_for(alice)
    form = client.get(_case(report.reference, "refer")).content.decode()
    assert "Darlington Borough Council" not in form
    assert "North Ormesby Community Hub" not in form
    assert "Thirteen Housing" in form
    for name in ("Darlington Borough Council", "North Ormesby Community Hub"):
        response = client.post(_case(report.reference, "refer"), {"organisation": _org(name).pk})
        assert response.status_code == 400, name
        assert "will be able to open it" in response.content.decode()
    assert not Referral.objects.filter(report=report).exists()
    response = client.post(_case(report.reference, "refer"), {"organisation": housing.pk})
    assert response.status_code == 302
    assert client_for(officer).get(f"/tensions/reports/{report.reference}/").status_code == 200


def test_reminders_go_only_to_people_who_can_open_the_case(alice: Any, dave: Any) -> None:
    """Trust item 2 (defence in depth): dave, wrongly given a case, is never emailed about it."""
    alice.email = "alice@middlesbrough.example"
    alice.save()
    dave.email = "dave@darlington.example"
    dave.save()
    now = timezone.now()
    # Made directly, as a script or an old record might: the forms would refuse it.
    report = ReportFactory(assigned_officer=dave, first_contact_due=now - dt.timedelta(hours=3))
    send_reminders(now)
    recipients = [address for message in mail.outbox for address in message.to]
    assert "dave@darlington.example" not in recipients
    assert "alice@middlesbrough.example" in recipients
    assert any(report.reference in message.body for message in mail.outbox)


# --------------------------------------------------------------------------- item 3


def page_reports(client: Any, assessment: Any) -> list[Any]:
    form = client.get(f"/tensions/assessments/{assessment.pk}/edit/").context["form"]
    return list(form.fields["linked_reports"].queryset)


def test_the_assessment_form_lists_only_reports_the_editor_can_open(
    nadia: Any, client_for: Any
) -> None:
    """Trust item 3: nadia edits a North Ormesby assessment linked to an Acklam case she may not open."""
    hidden = ReportFactory(ward_code=ACKLAM, ward_name="Acklam")
    visible = ReportFactory()
    assessment = TensionAssessmentFactory()
    assessment.linked_reports.set([hidden, visible])
    client = client_for(nadia)
    page = client.get(f"/tensions/assessments/{assessment.pk}/edit/").content.decode()
    assert visible.reference in page
    assert hidden.reference not in page
    assert [r.pk for r in page_reports(client, assessment)] == [visible.pk]

    url = f"/tensions/assessments/{assessment.pk}/edit/"
    data = {"level": level(3).pk, "rationale": "Quieter.", "linked_reports": [hidden.pk]}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Link only reports listed here" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.level == level(2)
    # Saving without it keeps the link she cannot see, untouched.
    response = client.post(url, {**data, "linked_reports": []})
    assert response.status_code == 302
    assert set(assessment.linked_reports.all()) == {hidden}


# --------------------------------------------------------------------------- item 4


def test_a_council_administrator_changes_only_her_own_councils_scale(
    erin: Any, alice: Any, dave: Any, client_for: Any
) -> None:
    """Trust item 4: erin's change to the scale shows on Middlesbrough's board and no other."""
    moderate = level(2)
    fields = {"order": 2, "name": "Medium", "colour": "#ffbf47", "is_active": "on"}
    response = client_for(erin).post(f"/tensions/levels/{moderate.pk}/edit/", fields)
    assert response.status_code == 302

    def board_levels(user: Any, council: str) -> list[str]:
        data = client_for(user).get(f"/tensions/board/{council}.json").json()
        return [lv["name"] for lv in data["levels"]]

    assert board_levels(alice, MIDDLESBROUGH)[1] == "Medium"
    assert board_levels(dave, DARLINGTON)[1] == "Moderate"
    moderate.refresh_from_db()
    assert moderate.name == "Moderate"


def test_a_council_administrator_cannot_touch_another_councils_scale_or_the_default(
    erin: Any, client_for: Any
) -> None:
    """Trust item 4: another council's levels are not hers; the default is for site staff."""
    darlington = _org("Darlington Borough Council")
    theirs = copy_default_scale(darlington)[0]
    client = client_for(erin)
    fields = {"order": 1, "name": "Calm", "colour": "#00703c", "is_active": "on"}
    assert client.post(f"/tensions/levels/{theirs.pk}/edit/", fields).status_code == 404
    assert (
        client.post(
            f"/tensions/levels/{level(1).pk}/edit/?organisation={darlington.pk}", fields
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.name == "Low" and level(1).name == "Low"
    assert not TensionLevel.objects.restrict(erin, "change").filter(organisation=None).exists()


# --------------------------------------------------------------------------- every write form


@dataclass
class Attempt:
    """One write naming a target outside the persona's scope, and how to tell nothing was saved."""

    name: str
    persona: str
    url: Callable[[dict[str, Any]], str]
    data: Callable[[dict[str, Any]], dict[str, Any]]
    unchanged: Callable[[dict[str, Any]], bool]


def _world(django_user_model: Any) -> dict[str, Any]:
    darlington = _org("Darlington Borough Council")
    report = ReportFactory(consent_partners=True, consent_police=True, eep="experienced")
    acklam_report = ReportFactory(ward_code=ACKLAM, ward_name="Acklam")
    assessment = TensionAssessmentFactory()
    return {
        "report": report,
        "acklam_report": acklam_report,
        "assessment": assessment,
        "darlington": darlington,
        "darlington_level": copy_default_scale(darlington)[2],
        "hub": _org("North Ormesby Community Hub"),
        "middlesbrough": _org("Middlesbrough Council"),
        "dave": django_user_model.objects.get(username="dave"),
        "acklam": get_area(ACKLAM),
        "north_ormesby": get_area(NORTH_ORMESBY),
        "event": TriggerEventFactory(area=get_area(NORTH_ORMESBY)),
        "rumour": RumourFactory(),
        "reports": Report.objects.count(),
        "events": TriggerEvent.objects.count(),
        "rumours": Rumour.objects.count(),
        "intelligence": PartnerIntelligence.objects.count(),
    }


def _report_untouched(w: dict[str, Any]) -> bool:
    report = Report.objects.get(pk=w["report"].pk)
    return (
        report.ward_code == NORTH_ORMESBY
        and report.assigned_organisation_id is None
        and report.assigned_officer_id is None
        and not report.referrals.exists()
        and not ReportLink.objects.filter(report=report).exists()
    )


def _new_rumour(area: Any, owner: Any = "") -> dict[str, Any]:
    return {
        "what": "Talk of a march.",
        "area": getattr(area, "pk", area),
        "heard_on": timezone.localdate().isoformat(),
        "where_heard": "street",
        "reach": "few",
        "status": "new",
        "owner": getattr(owner, "pk", owner),
    }


def _new_event(area: Any, risk: Any) -> dict[str, Any]:
    return {
        "title": "A march",
        "kind": "march",
        "area": area.pk,
        "starts_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "expected_risk": risk.pk,
    }


ATTEMPTS = [
    Attempt(
        "triage: area in another council",
        "nadia",
        lambda w: _case(w["report"].reference, "triage"),
        lambda w: {"eep": "evidenced", "category": "hate_incident", "area": COLLEGE_DARLINGTON},
        _report_untouched,
    ),
    Attempt(
        "assign: another council",
        "alice",
        lambda w: _case(w["report"].reference, "assign"),
        lambda w: {"organisation": w["darlington"].pk},
        _report_untouched,
    ),
    Attempt(
        "assign: another council's officer",
        "alice",
        lambda w: _case(w["report"].reference, "assign"),
        lambda w: {"organisation": w["middlesbrough"].pk, "officer": w["dave"].pk},
        _report_untouched,
    ),
    Attempt(
        "refer: another council",
        "alice",
        lambda w: _case(w["report"].reference, "refer"),
        lambda w: {"organisation": w["darlington"].pk},
        _report_untouched,
    ),
    Attempt(
        "refer: a reporting centre",
        "alice",
        lambda w: _case(w["report"].reference, "refer"),
        lambda w: {"organisation": w["hub"].pk},
        _report_untouched,
    ),
    Attempt(
        "link: a report the officer cannot open",
        "nadia",
        lambda w: _case(w["report"].reference, "link"),
        lambda w: {"reference": w["acklam_report"].reference, "kind": "same_incident"},
        _report_untouched,
    ),
    Attempt(
        "intake: an organisation the volunteer does not record for",
        "carol",
        lambda w: "/tensions/reports/record/",
        lambda w: {
            "organisation": w["middlesbrough"].pk,
            "category": "hate_incident",
            "description": "Shouted at near the shops.",
            "reporter_role": "victim",
            "area": NORTH_ORMESBY,
        },
        lambda w: Report.objects.count() == w["reports"],
    ),
    Attempt(
        "assessment: a linked report the officer cannot open",
        "nadia",
        lambda w: f"/tensions/assessments/{w['assessment'].pk}/edit/",
        lambda w: {
            "level": level(3).pk,
            "rationale": "Rising.",
            "linked_reports": [w["acklam_report"].pk],
        },
        lambda w: TensionAssessment.objects.get(pk=w["assessment"].pk).level == level(2),
    ),
    Attempt(
        "assessment: a level of another council's scale",
        "alice",
        lambda w: f"/tensions/assessments/{w['assessment'].pk}/edit/",
        lambda w: {"level": w["darlington_level"].pk, "rationale": "Rising."},
        lambda w: TensionAssessment.objects.get(pk=w["assessment"].pk).level == level(2),
    ),
    Attempt(
        "assessment: a partner that does not work in the council",
        "alice",
        lambda w: f"/tensions/assessments/{w['assessment'].pk}/edit/",
        lambda w: {
            "level": level(3).pk,
            "rationale": "Rising.",
            "partners_consulted": [w["darlington"].pk],
        },
        lambda w: TensionAssessment.objects.get(pk=w["assessment"].pk).level == level(2),
    ),
    Attempt(
        "new assessment: a linked report the officer cannot open",
        "nadia",
        lambda w: f"/tensions/areas/{NEWPORT_CODE}/assessments/new/",
        lambda w: {
            "week": this_week().isoformat(),
            "level": level(3).pk,
            "rationale": "Rising.",
            "linked_reports": [w["acklam_report"].pk],
        },
        lambda w: not TensionAssessment.objects.filter(area_code=NEWPORT_CODE).exists(),
    ),
    Attempt(
        "partner intelligence: on behalf of an organisation not the officer's",
        "bob",
        lambda w: f"/tensions/areas/{NORTH_ORMESBY}/intelligence/new/",
        lambda w: {
            "week": this_week().isoformat(),
            "organisation": w["middlesbrough"].pk,
            "summary": "Talk of a gathering.",
            "grading": "untested",
        },
        lambda w: PartnerIntelligence.objects.count() == w["intelligence"],
    ),
    Attempt(
        "trigger event: an area outside the officer's wards",
        "nadia",
        lambda w: "/tensions/calendar/new/",
        lambda w: _new_event(w["acklam"], level(3)),
        lambda w: TriggerEvent.objects.count() == w["events"],
    ),
    Attempt(
        "trigger event: a level of another council's scale",
        "alice",
        lambda w: "/tensions/calendar/new/",
        lambda w: _new_event(w["north_ormesby"], w["darlington_level"]),
        lambda w: TriggerEvent.objects.count() == w["events"],
    ),
    Attempt(
        "trigger event: moved to an area outside the officer's wards",
        "nadia",
        lambda w: f"/tensions/calendar/{w['event'].pk}/edit/",
        lambda w: _new_event(w["acklam"], level(3)),
        lambda w: TriggerEvent.objects.get(pk=w["event"].pk).area_code == NORTH_ORMESBY,
    ),
    Attempt(
        "rumour: an area outside the officer's wards",
        "nadia",
        lambda w: "/tensions/rumours/new/",
        lambda w: _new_rumour(w["acklam"]),
        lambda w: Rumour.objects.count() == w["rumours"],
    ),
    Attempt(
        "rumour: owned by another council's officer",
        "alice",
        lambda w: f"/tensions/rumours/{w['rumour'].pk}/edit/",
        lambda w: _new_rumour(w["north_ormesby"], w["dave"]),
        lambda w: Rumour.objects.get(pk=w["rumour"].pk).owner_id is None,
    ),
]

NEWPORT_CODE = "E05009866"


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda a: a.name)
def test_every_write_form_refuses_a_target_outside_the_actors_scope(
    attempt: Attempt, client_for: Any, django_user_model: Any
) -> None:
    """Trust items 1-4: a refused target is a form error (400) and nothing is saved."""
    world = _world(django_user_model)
    actor = django_user_model.objects.get(username=attempt.persona)
    response = client_for(actor).post(attempt.url(world), attempt.data(world))
    assert response.status_code == 400, response.content.decode()[:2000]
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select a valid choice" not in page  # a plain message, never Django's
    assert attempt.unchanged(world)


def test_a_trigger_event_takes_its_risk_from_the_scale_of_its_council(
    bob: Any, client_for: Any
) -> None:
    """Trust item 4: where councils keep different scales, each level says whose it is and must match."""
    middlesbrough = _org("Middlesbrough Council")
    own = copy_default_scale(middlesbrough)
    client = client_for(bob)  # Cleveland Police covers Middlesbrough and three other councils
    page = client.get("/tensions/calendar/new/").content.decode()
    assert "3 Elevated (Middlesbrough Council)" in page
    assert "3 Elevated (default scale)" in page
    response = client.post("/tensions/calendar/new/", _new_event(get_area(NORTH_ORMESBY), level(3)))
    assert response.status_code == 400
    assert "Choose a level from the tension scale of the council" in response.content.decode()
    assert not TriggerEvent.objects.exists()
    response = client.post("/tensions/calendar/new/", _new_event(get_area(NORTH_ORMESBY), own[2]))
    assert response.status_code == 302
    assert TriggerEvent.objects.get().expected_risk == own[2]

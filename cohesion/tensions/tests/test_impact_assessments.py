"""Community impact assessments link reports, a trigger event or an area, all in one council.

An assessment quotes the cases it links, so every link is checked against the
person's scope and against the assessment's council: a partner working in
several councils cannot draw one council's case into another's assessment, and
a case later moved to another council takes the assessment out of sight rather
than leaking it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cohesion.audit.models import AuditEvent
from cohesion.places.queries import get_area
from cohesion.tensions.forms.assessment import NOTHING_LINKED, REPORT_NOT_OFFERED
from cohesion.tensions.models.events import CommunityImpactAssessment
from cohesion.tensions.tests.factories_assessment import (
    DARLINGTON,
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    CommunityImpactFactory,
    TriggerEventFactory,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
STOCKTON = "E06000004"
ACKLAM = "E05009853"
NEW = "/tensions/impact/new/"
ASSESSMENT = {
    "communities_affected": "Families near the mosque",
    "impact": "medium",
    "summary": "People are wary of walking to prayers.",
}


def _post(client: Client, url: str = NEW, **links: Any) -> Any:
    return client.post(url, {**ASSESSMENT, **links})


def test_an_assessment_with_nothing_linked_is_refused_with_a_clear_message(
    alice: Any, client_for: ClientFor
) -> None:
    response = _post(client_for(alice))
    assert response.status_code == 400
    assert str(NOTHING_LINKED) in response.content.decode()
    assert not CommunityImpactAssessment.objects.exists()


def test_an_assessment_can_cover_an_area_alone(alice: Any, client_for: ClientFor) -> None:
    response = _post(client_for(alice), area=get_area(NEWPORT).pk)
    assert response.status_code == 302
    impact = CommunityImpactAssessment.objects.get()
    assert (impact.area_code, impact.council_code) == (NEWPORT, MIDDLESBROUGH)
    assert not impact.reports.exists() and impact.trigger_event is None


def test_an_assessment_of_a_trigger_event_takes_the_events_area(
    alice: Any, client_for: ClientFor
) -> None:
    event = TriggerEventFactory(area=get_area(NORTH_ORMESBY))
    response = _post(client_for(alice), trigger_event=event.pk)
    assert response.status_code == 302
    impact = CommunityImpactAssessment.objects.get()
    assert (impact.trigger_event, impact.area_code) == (event, NORTH_ORMESBY)


def test_an_assessment_links_several_reports_and_covers_their_council_when_wards_differ(
    alice: Any, client_for: ClientFor
) -> None:
    first = ReportFactory()
    second = ReportFactory(ward_code=NEWPORT, ward_name="Newport")
    response = _post(client_for(alice), reports=[first.pk, second.pk])
    assert response.status_code == 302
    impact = CommunityImpactAssessment.objects.get()
    assert set(impact.reports.all()) == {first, second}
    assert impact.area_code == MIDDLESBROUGH


def test_reports_in_one_ward_give_the_assessment_that_ward(
    alice: Any, client_for: ClientFor
) -> None:
    reports = [ReportFactory(), ReportFactory()]
    assert _post(client_for(alice), reports=[r.pk for r in reports]).status_code == 302
    assert CommunityImpactAssessment.objects.get().area_code == NORTH_ORMESBY


def test_police_cannot_link_reports_of_two_councils_in_one_assessment(
    bob: Any, client_for: ClientFor
) -> None:
    here = ReportFactory(consent_police=True)
    there = ReportFactory(
        consent_police=True,
        council_code=STOCKTON,
        council_name="Stockton-on-Tees",
        ward_code="",
        ward_name="",
    )
    response = _post(client_for(bob), reports=[here.pk, there.pk])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Everything one assessment links must be in one council" in page
    assert not CommunityImpactAssessment.objects.exists()


def test_police_cannot_attach_a_report_to_an_area_of_another_council(
    bob: Any, client_for: ClientFor
) -> None:
    report = ReportFactory(consent_police=True)
    response = _post(client_for(bob), reports=[report.pk], area=get_area(STOCKTON).pk)
    assert response.status_code == 400
    assert "must be in one council" in response.content.decode()
    assert not CommunityImpactAssessment.objects.exists()


def test_another_councils_officer_cannot_attach_a_middlesbrough_report(
    dave: Any, client_for: ClientFor
) -> None:
    report = ReportFactory()
    response = _post(client_for(dave), reports=[report.pk], area=get_area(DARLINGTON).pk)
    assert response.status_code == 400
    page = response.content.decode()
    assert str(REPORT_NOT_OFFERED) in page and report.reference not in page
    assert not CommunityImpactAssessment.objects.exists()


def test_another_councils_officer_cannot_choose_a_middlesbrough_area(
    dave: Any, client_for: ClientFor
) -> None:
    response = _post(client_for(dave), area=get_area(NORTH_ORMESBY).pk)
    assert response.status_code == 400
    assert "Choose a ward or council you work in" in response.content.decode()
    assert not CommunityImpactAssessment.objects.exists()


def test_another_councils_officer_cannot_link_a_middlesbrough_trigger_event(
    dave: Any, client_for: ClientFor
) -> None:
    event = TriggerEventFactory()
    response = _post(client_for(dave), trigger_event=event.pk)
    assert response.status_code == 400
    assert "those of the councils you work in" in response.content.decode()


def test_a_ward_officer_cannot_assess_a_ward_outside_her_scope(
    nadia: Any, client_for: ClientFor
) -> None:
    response = _post(client_for(nadia), area=get_area(ACKLAM).pk)
    assert response.status_code == 400
    assert not CommunityImpactAssessment.objects.exists()


def test_the_form_lists_only_reports_the_person_may_open(bob: Any, client_for: ClientFor) -> None:
    shared = ReportFactory(consent_police=True)
    private = ReportFactory(consent_police=False)
    page = client_for(bob).get(NEW).content.decode()
    assert shared.reference in page and private.reference not in page


def test_a_case_moved_to_another_council_takes_its_assessment_out_of_sight_of_both(
    alice: Any, dave: Any, client_for: ClientFor
) -> None:
    report = ReportFactory()
    impact = CommunityImpactFactory(report=report)
    assert client_for(alice).get(impact.get_absolute_url()).status_code == 200
    Report = type(report)
    Report.objects.filter(pk=report.pk).update(
        council_code=DARLINGTON, council_name="Darlington", ward_code="", ward_name=""
    )
    assert client_for(alice).get(impact.get_absolute_url()).status_code == 404
    assert client_for(dave).get(impact.get_absolute_url()).status_code == 404
    assert not CommunityImpactAssessment.objects.restrict(dave).exists()


def test_the_listening_session_and_plan_actions_are_linked_with_their_labels(
    alice: Any, client_for: ClientFor
) -> None:
    from cohesion.plans.tests.factories import ActionFactory
    from cohesion.programme.choices import EventKind
    from cohesion.programme.tests.factories import EventFactory

    session = EventFactory(kind=EventKind.LISTENING, title="Listening session at the mosque")
    action = ActionFactory(title="Reassurance patrols near the mosque")
    response = _post(
        client_for(alice),
        area=get_area(NORTH_ORMESBY).pk,
        stakeholders="Imam, ward councillors, school heads",
        channels="Mosque WhatsApp group, Radio Tees",
        listening_event=session.pk,
        plan_actions=[action.pk],
    )
    assert response.status_code == 302
    impact = CommunityImpactAssessment.objects.get()
    assert impact.listening_event_id == session.pk
    assert impact.listening_event_label.startswith("Listening session at the mosque")
    assert impact.linked_actions() == [(action.pk, "Reassurance patrols near the mosque")]
    page = client_for(alice).get(impact.get_absolute_url()).content.decode()
    assert f"/programme/events/{session.pk}/" in page and "Radio Tees" in page
    assert f"/plans/actions/{action.pk}/" in page


def test_a_listening_session_of_another_council_is_refused(
    alice: Any, client_for: ClientFor
) -> None:
    from cohesion.programme.tests.factories import EventFactory

    elsewhere = EventFactory(council=get_area(DARLINGTON), ward=None)
    response = _post(
        client_for(alice), area=get_area(NORTH_ORMESBY).pk, listening_event=elsewhere.pk
    )
    assert response.status_code == 400
    assert not CommunityImpactAssessment.objects.exists()


def test_the_json_twin_gives_the_links_and_is_audited_as_an_export(
    bob: Any, client_for: ClientFor
) -> None:
    report = ReportFactory(consent_police=True)
    event = TriggerEventFactory()
    impact = CommunityImpactFactory(report=report, trigger_event=event)
    response = client_for(bob).get(f"/tensions/impact/{impact.pk}.json")
    assert response.status_code == 200
    data = response.json()["impact_assessment"]
    assert data["reports"] == [report.reference]
    assert data["trigger_event"]["id"] == event.pk
    assert AuditEvent.objects.filter(actor=bob, action="export").exists()


def test_changing_an_assessment_keeps_its_links_unless_changed(
    alice: Any, client_for: ClientFor
) -> None:
    first, second = ReportFactory(), ReportFactory()
    impact = CommunityImpactFactory(reports=[first])
    response = _post(
        client_for(alice),
        f"/tensions/impact/{impact.pk}/edit/",
        reports=[first.pk, second.pk],
        impact="high",
    )
    assert response.status_code == 302
    impact.refresh_from_db()
    assert set(impact.reports.all()) == {first, second} and impact.impact == "high"


def test_the_trigger_event_form_link_preselects_the_event(
    alice: Any, client_for: ClientFor
) -> None:
    event = TriggerEventFactory()
    page = client_for(alice).get(f"{NEW}?event={event.pk}").content.decode()
    assert f'value="{event.pk}" selected' in page

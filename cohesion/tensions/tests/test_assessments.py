"""Tension assessments: one per area and week, history on every save, evidence, and who sees what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from cohesion.audit.models import AuditEvent
from cohesion.places.queries import get_area
from cohesion.tensions.models import Report
from cohesion.tensions.models.assessment import (
    AssessmentRevision,
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    readable_text_colour,
)
from cohesion.tensions.models.events import TriggerEvent
from cohesion.tensions.models.reports import AppendOnlyError
from cohesion.tensions.tests.factories_assessment import (
    DARLINGTON,
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    PartnerIntelligenceFactory,
    TensionAssessmentFactory,
    TriggerEventFactory,
    level,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


def _post_new(client: Client, code: str, **fields: Any) -> Any:
    data = {"week": this_week().isoformat(), "level": level(3).pk, "rationale": "Reports rising."}
    data.update(fields)
    return client.post(f"/tensions/areas/{code}/assessments/new/", data)


def test_the_default_scale_runs_from_1_low_to_5_critical() -> None:
    assert [(lv.order, lv.name) for lv in TensionLevel.objects.all()] == [
        (1, "Low"),
        (2, "Moderate"),
        (3, "Elevated"),
        (4, "High"),
        (5, "Critical"),
    ]


def test_level_tags_get_the_text_colour_with_more_contrast() -> None:
    assert readable_text_colour("#ffdd00") == "#0b0c0c"  # yellow: black text
    assert readable_text_colour("#4c2c92") == "#ffffff"  # purple: white text


def test_an_area_has_only_one_assessment_per_week() -> None:
    TensionAssessmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TensionAssessmentFactory()
    TensionAssessmentFactory(week_start=this_week() - dt.timedelta(weeks=1))
    TensionAssessmentFactory(area=get_area(NEWPORT))
    assert TensionAssessment.objects.count() == 3


def test_a_week_must_start_on_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        TensionAssessmentFactory(week_start=this_week() + dt.timedelta(days=2))


def test_assessments_keep_the_ward_and_council_codes_they_are_restricted_by() -> None:
    ward = TensionAssessmentFactory()
    council = TensionAssessmentFactory(area=get_area(MIDDLESBROUGH))
    assert (ward.area_code, ward.council_code) == (NORTH_ORMESBY, MIDDLESBROUGH)
    assert (council.area_code, council.council_code) == (MIDDLESBROUGH, MIDDLESBROUGH)


def test_a_second_assessment_of_the_same_week_is_refused_with_a_message(
    alice: Any, client_for: ClientFor
) -> None:
    TensionAssessmentFactory()
    response = _post_new(client_for(alice), NORTH_ORMESBY)
    assert response.status_code == 400
    assert "already has an assessment for this week" in response.content.decode()
    assert TensionAssessment.objects.count() == 1


def test_saving_and_changing_an_assessment_keeps_every_version(
    alice: Any, nadia: Any, client_for: ClientFor
) -> None:
    report = ReportFactory()
    response = _post_new(client_for(alice), NORTH_ORMESBY, linked_reports=[report.pk])
    assessment = TensionAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
    assert list(assessment.linked_reports.all()) == [report]

    edit = f"/tensions/assessments/{assessment.pk}/edit/"
    response = client_for(nadia).post(
        edit, {"level": level(4).pk, "rationale": "Reports rising.", "linked_reports": [report.pk]}
    )
    assert response.status_code == 302

    first, second = AssessmentRevision.objects.filter(assessment=assessment).order_by("number")
    assert (first.number, first.by, first.level.name) == (1, alice, "Elevated")
    assert (second.number, second.by, second.level.name) == (2, nadia, "High")
    assert second.changes["level"] == ["Elevated", "High"]
    assert "rationale" not in second.changes
    assert first.content["linked_reports"] == [report.reference]
    actions = list(
        AuditEvent.objects.filter(object_type="tensions.TensionAssessment").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "update"]

    page = client_for(alice).get(assessment.get_absolute_url()).content.decode()
    assert "Version 2" in page and "Version 1" in page


def test_assessment_history_cannot_be_rewritten(alice: Any, client_for: ClientFor) -> None:
    _post_new(client_for(alice), NORTH_ORMESBY)
    revision = AssessmentRevision.objects.get()
    revision.content = {"level": "Low"}
    with pytest.raises(AppendOnlyError):
        revision.save()
    with pytest.raises(AppendOnlyError):
        revision.delete()


def test_a_viewer_sees_the_assessment_but_not_the_reports_behind_it(
    amir: Any, alice: Any, client_for: ClientFor
) -> None:
    report = ReportFactory()
    assessment = TensionAssessmentFactory()
    assessment.linked_reports.add(report)
    page = client_for(amir).get(assessment.get_absolute_url()).content.decode()
    assert "1 linked report you cannot open" in page
    assert report.reference not in page
    assert report.reference in client_for(alice).get(assessment.get_absolute_url()).content.decode()


def test_viewing_an_assessment_is_audited(amir: Any, client_for: ClientFor) -> None:
    assessment = TensionAssessmentFactory()
    client_for(amir).get(assessment.get_absolute_url())
    assert AuditEvent.objects.filter(
        action="view", object_type="tensions.TensionAssessment", object_id=str(assessment.pk)
    ).exists()


def test_without_police_data_the_assessment_says_none_is_loaded(
    alice: Any, client_for: ClientFor
) -> None:
    assessment = TensionAssessmentFactory()
    page = client_for(alice).get(assessment.get_absolute_url()).content.decode()
    assert 'id="police-evidence-none"' in page


def test_the_police_liaison_adds_intelligence_that_officers_read_and_councillors_do_not(
    bob: Any, alice: Any, cllr_hussain: Any, client_for: ClientFor
) -> None:
    assessment = TensionAssessmentFactory()
    organisation = bob.memberships.get().organisation
    response = client_for(bob).post(
        f"/tensions/areas/{NORTH_ORMESBY}/intelligence/new/",
        {
            "week": this_week().isoformat(),
            "organisation": organisation.pk,
            "summary": "Talk of a gathering on Saturday.",
            "grading": "untested",
        },
    )
    assert response.status_code == 302
    item = PartnerIntelligence.objects.get()
    assert (item.author, item.organisation, item.council_code) == (bob, organisation, MIDDLESBROUGH)
    assert (
        "Talk of a gathering"
        in client_for(alice).get(assessment.get_absolute_url()).content.decode()
    )
    assert "Talk of a gathering" not in (
        client_for(cllr_hussain).get(assessment.get_absolute_url()).content.decode()
    )


def test_the_police_liaison_cannot_change_an_assessment(bob: Any, client_for: ClientFor) -> None:
    assessment = TensionAssessmentFactory()
    response = client_for(bob).post(
        f"/tensions/assessments/{assessment.pk}/edit/",
        {"level": level(5).pk, "rationale": "Changed by the police."},
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.level.order == 2


def test_another_council_sees_nothing_of_middlesbrough(dave: Any, client_for: ClientFor) -> None:
    assessment = TensionAssessmentFactory()
    PartnerIntelligenceFactory()
    event = TriggerEventFactory()
    assert not TensionAssessment.objects.restrict(dave, "view").exists()
    assert not PartnerIntelligence.objects.restrict(dave, "view").exists()
    assert not TriggerEvent.objects.restrict(dave, "view").exists()
    client = client_for(dave)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(f"/tensions/board/{MIDDLESBROUGH}/").status_code == 404
    assert event.title not in client.get("/tensions/calendar/").content.decode()
    own = TriggerEventFactory(area=get_area(DARLINGTON), title="Darlington match", created_by=dave)
    assert list(TriggerEvent.objects.restrict(dave, "view")) == [own]


def test_a_ward_manager_sees_council_wide_trigger_events_but_cannot_change_them(
    nadia: Any,
) -> None:
    event = TriggerEventFactory()
    assert list(TriggerEvent.objects.restrict(nadia, "view")) == [event]
    assert not TriggerEvent.objects.restrict(nadia, "change").exists()


def test_the_board_shows_each_wards_level_its_change_and_open_reports(
    alice: Any, client_for: ClientFor
) -> None:
    last_week = this_week() - dt.timedelta(weeks=1)
    TensionAssessmentFactory(week_start=last_week, level=level(2))
    TensionAssessmentFactory(level=level(4))
    TensionAssessmentFactory(area=get_area(NEWPORT), week_start=last_week, level=level(3))
    ReportFactory.create_batch(3)
    ReportFactory(status="closed", closure_reason="resolved")
    data = client_for(alice).get(f"/tensions/board/{MIDDLESBROUGH}.json").json()
    rows = {row["code"]: row for row in data["areas"]}
    assert len(rows) == 21  # the council and its 20 wards
    north = rows[NORTH_ORMESBY]
    assert (north["tension_level"], north["previous_level"], north["change_since_last_week"]) == (
        "High",
        "Moderate",
        2,
    )
    assert north["open_reports"] == 3
    newport = rows[NEWPORT]  # not assessed this week: last week's level stays in force
    assert (newport["tension_level"], newport["change_since_last_week"]) == ("Elevated", 0)
    page = client_for(alice).get(f"/tensions/board/{MIDDLESBROUGH}/").content.decode()
    assert "Up 2 levels" in page and 'id="board-legend"' in page


def test_a_ward_manager_and_a_councillor_see_only_their_wards_on_the_board(
    nadia: Any, cllr_hussain: Any, client_for: ClientFor
) -> None:
    codes = {
        row["code"]
        for row in client_for(nadia).get(f"/tensions/board/{MIDDLESBROUGH}.json").json()["areas"]
    }
    assert codes == {NEWPORT, NORTH_ORMESBY}
    councillor = client_for(cllr_hussain).get(f"/tensions/board/{MIDDLESBROUGH}.csv")
    lines = councillor.content.decode().strip().splitlines()
    assert len(lines) == 2 and NORTH_ORMESBY in lines[1]


def test_the_board_map_colours_each_ward_by_its_level(alice: Any, client_for: ClientFor) -> None:
    TensionAssessmentFactory(level=level(4))
    features = client_for(alice).get(f"/tensions/board/{MIDDLESBROUGH}.geojson").json()["features"]
    fills = {f["properties"]["code"]: f["properties"]["fill"] for f in features}
    assert len(fills) == 20
    assert fills[NORTH_ORMESBY] == level(4).colour
    assert fills[NEWPORT] == "#f3f2f1"


def test_an_administrator_changes_the_scale_and_a_bad_colour_is_refused(
    erin: Any, client_for: ClientFor
) -> None:
    moderate = level(2)
    url = f"/tensions/levels/{moderate.pk}/edit/"
    fields = {"order": 2, "name": "Medium", "description": "", "is_active": "on"}
    response = client_for(erin).post(url, {**fields, "colour": "yellow"})
    assert response.status_code == 400 and "Give a colour like" in response.content.decode()
    assert not TensionLevel.objects.filter(organisation__isnull=False).exists()
    response = client_for(erin).post(url, {**fields, "colour": "#ffbf47"})
    assert response.status_code == 302
    # Middlesbrough now has its own scale; the default every other council uses is unchanged.
    own = TensionLevel.objects.for_council("E06000002").get(order=2)
    assert (own.name, own.colour, own.organisation.name) == (
        "Medium",
        "#ffbf47",
        "Middlesbrough Council",
    )
    moderate.refresh_from_db()
    assert (moderate.name, moderate.organisation) == ("Moderate", None)


def test_an_officer_logs_a_rumour_and_a_trigger_event(alice: Any, client_for: ClientFor) -> None:
    client = client_for(alice)
    area = get_area(NORTH_ORMESBY)
    response = client.post(
        "/tensions/rumours/new/",
        {
            "what": "The mosque is to be closed.",
            "area": area.pk,
            "heard_on": "2025-11-17",
            "where_heard": "social_media",
            "reach": "neighbourhood",
            "status": "new",
            "owner": alice.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        "/tensions/calendar/new/",
        {
            "title": "March through the town centre",
            "kind": "march",
            "area": get_area(MIDDLESBROUGH).pk,
            "starts_on": "2025-12-06",
            "expected_risk": level(3).pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = TriggerEvent.objects.get()
    assert (event.area_code, event.council_code, event.created_by) == (
        MIDDLESBROUGH,
        MIDDLESBROUGH,
        alice,
    )


def test_an_officer_cannot_place_a_rumour_outside_their_wards(
    nadia: Any, client_for: ClientFor
) -> None:
    response = client_for(nadia).post(
        "/tensions/rumours/new/",
        {
            "what": "Something about Acklam.",
            "area": get_area("E05009853").pk,  # Acklam, outside nadia's wards
            "heard_on": "2025-11-17",
            "where_heard": "street",
            "reach": "few",
            "status": "new",
        },
    )
    assert response.status_code == 400
    assert "Choose a ward or council you work in" in response.content.decode()
    assert "Select a valid choice" not in response.content.decode()


def test_an_impact_assessment_is_made_for_a_report_and_takes_its_ward(
    alice: Any, client_for: ClientFor
) -> None:
    report = ReportFactory(ward_code=NEWPORT, ward_name="Newport")
    response = client_for(alice).post(
        f"/tensions/impact/new/{report.reference}/",
        {
            "reports": [report.pk],
            "communities_affected": "Families near the mosque",
            "impact": "medium",
            "summary": "People are wary of walking to prayers.",
        },
    )
    assert response.status_code == 302
    impact = report.impact_assessments.get()
    assert (impact.area_code, impact.council_code, impact.author) == (NEWPORT, MIDDLESBROUGH, alice)
    assert Report.objects.count() == 1


def _publish_public_order(numerator: float) -> None:
    from cohesion.indicators.publish import SeriesValue, publish_series

    publish_series(
        indicator_code="crime-public-order",
        title="Public order per 1,000 residents (12 months)",
        unit="rate_per_1000",
        polarity="higher_is_worse",
        source="police.uk test",
        description="Public order offences in 12 months per 1,000 residents.",
        values=[
            SeriesValue(
                NORTH_ORMESBY,
                dt.date(2024, 12, 1),
                dt.date(2025, 11, 30),
                value=numerator / 4.634,
                numerator=numerator,
                denominator=4634,
            )
        ],
    )


def test_police_uk_public_order_counts_are_shown_as_evidence_when_loaded(
    alice: Any, client_for: ClientFor
) -> None:
    _publish_public_order(57)
    assessment = TensionAssessmentFactory(week_start=dt.date(2025, 12, 1))
    page = client_for(alice).get(assessment.get_absolute_url()).content.decode()
    table = page.split('id="police-evidence"')[1].split("</table>")[0]
    assert ">57<" in table and ">12.3<" in table
    earlier = TensionAssessmentFactory(week_start=dt.date(2025, 11, 17))  # before that period ends
    page = client_for(alice).get(earlier.get_absolute_url()).content.decode()
    assert 'id="police-evidence-none"' in page


def test_small_police_uk_counts_stay_suppressed_in_the_evidence(
    alice: Any, client_for: ClientFor
) -> None:
    _publish_public_order(3)
    assessment = TensionAssessmentFactory(week_start=dt.date(2025, 12, 1))
    page = client_for(alice).get(assessment.get_absolute_url()).content.decode()
    assert "too few to show" in page and ">3<" not in page


def test_the_ward_record_lists_impact_assessments_only_to_those_who_may_see_the_report(
    alice: Any, amir: Any, client_for: ClientFor
) -> None:
    from cohesion.tensions.tests.factories_assessment import CommunityImpactFactory

    report = ReportFactory()
    CommunityImpactFactory(report=report)
    url = f"/tensions/areas/{NORTH_ORMESBY}/"
    assert report.reference in client_for(alice).get(url).content.decode()
    assert report.reference not in client_for(amir).get(url).content.decode()


def test_the_new_assessment_form_defaults_to_this_week_while_it_is_free(
    alice: Any, client_for: ClientFor
) -> None:
    response = client_for(alice).get(f"/tensions/areas/{NORTH_ORMESBY}/assessments/new/")
    html = response.content.decode()
    assert f'value="{this_week().isoformat()}" selected' in html
    assert "Change this week's assessment" not in html


def test_when_this_week_is_assessed_the_form_links_to_it_and_offers_the_latest_free_week(
    alice: Any, client_for: ClientFor
) -> None:
    current = TensionAssessmentFactory()
    TensionAssessmentFactory(week_start=this_week() - dt.timedelta(weeks=1))
    response = client_for(alice).get(f"/tensions/areas/{NORTH_ORMESBY}/assessments/new/")
    html = response.content.decode()
    assert f'href="/tensions/assessments/{current.pk}/edit/"' in html
    assert "Change this week's assessment" in html
    free = (this_week() - dt.timedelta(weeks=2)).isoformat()
    assert f'value="{free}" selected' in html


def test_a_clash_with_an_assessed_week_links_to_the_assessment_to_change(
    alice: Any, client_for: ClientFor
) -> None:
    existing = TensionAssessmentFactory()
    response = _post_new(client_for(alice), NORTH_ORMESBY)
    assert f'href="/tensions/assessments/{existing.pk}/edit/"' in response.content.decode()

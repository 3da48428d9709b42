"""Binding a target to an indicator, its page and chart, and a status set by hand, as each persona."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.plans.calculations.progress import Status
from cohesion.plans.models import Target
from cohesion.plans.tests.factories import NEWPORT, NORTH_ORMESBY, PlanFactory, TargetFactory
from cohesion.plans.tests.test_targets_services import ASB_MONTH, NEWPORT_ASB, publish_asb

pytestmark = pytest.mark.django_db

DARLINGTON_WARD = "E05001556"


def form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Less anti-social behaviour in Newport",
        "indicator_code": ASB_MONTH,
        "area_code": NEWPORT,
        "direction": "decrease",
        "target_value": "25",
        "target_date": "2027-03-31",
    }
    data.update(changes)
    return data


def errors(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan():
    publish_asb(NEWPORT_ASB)
    return PlanFactory()


def test_nadia_binds_a_target_to_a_series_and_the_baseline_defaults_to_the_latest_value(
    client_for, nadia, plan
):
    response = client_for(nadia).post(reverse("plans-target-add", args=[plan.pk]), form())
    target = Target.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans-target-detail", args=[target.pk])
    assert (target.baseline_start, target.baseline_end) == (
        dt.date(2025, 11, 1),
        dt.date(2025, 11, 30),
    )
    assert target.baseline_value == 31.0
    # The baseline is the latest value: nothing since, so the status waits for the next month.
    assert target.computed_status == Status.NOT_ENOUGH_DATA
    assert AuditEvent.objects.filter(action="create", object_id=str(target.pk)).exists()


def test_a_baseline_period_takes_its_value_from_the_series(client_for, nadia, plan):
    response = client_for(nadia).post(
        reverse("plans-target-add", args=[plan.pk]),
        form(baseline_start="2024-08-01", baseline_end="2024-08-31"),
    )
    assert response.status_code == 302
    target = Target.objects.get(plan=plan)
    assert target.baseline_value == 66.0
    assert target.computed_status == Status.ON_TRACK


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"area_code": "E06000002"},
            "are published for Middlesbrough, so a target on it could never be judged",
        ),
        (
            {"baseline_start": "2024-09-01", "baseline_end": "2024-08-01"},
            "The baseline period must end on or after the day it starts.",
        ),
        (
            {"baseline_start": "2024-08-01"},
            "Give both the start and the end of the baseline period.",
        ),
        (
            {
                "baseline_start": "2024-08-01",
                "baseline_end": "2024-08-31",
                "target_date": "2024-06-30",
            },
            "The target date must be after the baseline period, which ends on 2024-08-31.",
        ),
        (
            {"target_value": "40"},
            "To reduce the value, the target must be below the baseline (31).",
        ),
        (
            {"direction": "increase", "target_value": "20"},
            "To increase the value, the target must be above the baseline (31).",
        ),
        (
            {"baseline_start": "2020-01-01", "baseline_end": "2020-01-31"},
            "No value is published for 2020-01-01 to 2020-01-31",
        ),
        ({"area_code": DARLINGTON_WARD}, "Select a valid choice."),
    ],
)
def test_a_target_that_could_not_be_judged_is_refused_with_a_clear_error_and_nothing_saved(
    client_for, nadia, plan, changes, message
):
    response = client_for(nadia).post(reverse("plans-target-add", args=[plan.pk]), form(**changes))
    assert response.status_code == 400
    assert message in errors(response)
    assert not Target.objects.filter(plan=plan).exists()


def test_the_area_choices_are_the_plans_wards_and_its_council(client_for, nadia, plan):
    page = client_for(nadia).get(reverse("plans-target-add", args=[plan.pk])).content.decode()
    assert f'value="{NEWPORT}"' in page
    assert 'value="E06000002"' in page
    assert f'value="{NORTH_ORMESBY}"' not in page


def test_readers_of_the_plan_may_not_add_or_change_targets_and_another_council_sees_nothing(
    client_for, amir, bob, dave, plan
):
    target = TargetFactory(plan=plan, baseline_value=38.0, target_value=28.5)
    for reader in (amir, bob):
        client = client_for(reader)
        assert client.get(reverse("plans-target-detail", args=[target.pk])).status_code == 200
        assert client.post(reverse("plans-target-add", args=[plan.pk]), form()).status_code == 403
        assert client.post(reverse("plans-target-status", args=[target.pk]), {}).status_code == 403
    outsider = client_for(dave)
    assert outsider.get(reverse("plans-target-detail", args=[target.pk])).status_code == 404
    assert outsider.post(reverse("plans-target-edit", args=[target.pk]), form()).status_code == 404
    assert Target.objects.filter(plan=plan).count() == 1


def test_the_target_page_shows_the_status_its_explanation_the_chart_and_the_series(
    client_for, bob, plan
):
    target = TargetFactory(
        plan=plan,
        baseline_value=38.0,
        baseline_start=dt.date(2024, 4, 1),
        baseline_end=dt.date(2024, 4, 30),
        target_value=28.5,
    )
    from cohesion.plans.services import refresh_target_statuses

    refresh_target_statuses(targets=[target])
    page = client_for(bob).get(reverse("plans-target-detail", args=[target.pk])).content.decode()
    assert "Change not distinguishable from noise" in page
    assert "the change is within the margin of error" in page
    assert '<svg class="cohesion-target-chart"' in page
    assert 'stroke-dasharray="6 4"' in page  # the target line
    assert "Nov 2025" in page and "27 – 52" in page  # a value's Poisson interval in the table
    assert "Set the status by hand" not in page  # bob reads the plan; he does not edit it
    assert AuditEvent.objects.filter(action="view", object_id=str(target.pk)).exists()


def test_the_target_has_json_and_csv_twins_with_the_series(client_for, alice, plan):
    target = TargetFactory(plan=plan, baseline_value=38.0, target_value=28.5)
    client = client_for(alice)
    data = client.get(reverse("plans-target-detail-twin", args=[target.pk, "json"])).json()
    assert data["indicator_code"] == ASB_MONTH
    assert data["area_name"] == "Newport"
    assert len(data["series"]) == len(NEWPORT_ASB)
    assert data["series"][-1]["value"] == 31.0
    response = client.get(reverse("plans-target-detail-twin", args=[target.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["period"] == "Apr 2024" and rows[0]["value"] == "38.0"
    assert AuditEvent.objects.filter(action="export", object_id=str(target.pk)).count() == 2


def test_a_status_set_by_hand_needs_a_reason_and_both_statuses_are_shown(client_for, nadia, plan):
    target = TargetFactory(plan=plan, baseline_value=38.0, target_value=28.5)
    from cohesion.plans.services import refresh_target_statuses

    refresh_target_statuses(targets=[target])
    client = client_for(nadia)
    url = reverse("plans-target-status", args=[target.pk])
    refused = client.post(url, {"manual_status": "off_track"})
    assert refused.status_code == 400
    refused = client.post(url, {"manual_status": "deterioration", "manual_reason": "  "})
    assert "Give a reason when setting a target&#x27;s status by hand." in refused.content.decode()
    target.refresh_from_db()
    assert target.manual_status == ""

    reason = "Two months of closures at the youth club; the partnership expects a rise."
    assert (
        client.post(url, {"manual_status": "deterioration", "manual_reason": reason}).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.shown_status == Status.DETERIORATION
    assert target.manual_set_by.username == "nadia"
    page = client.get(reverse("plans-target-detail", args=[target.pk])).content.decode()
    assert "Reported status:" in page and "Deterioration" in page
    assert reason in page
    assert "Computed from the data:" in page and "Change not distinguishable from noise" in page

    assert client.post(url, {"manual_status": "", "manual_reason": "ignored"}).status_code == 302
    target.refresh_from_db()
    assert (target.manual_status, target.manual_reason, target.manual_set_by) == ("", "", None)


def test_editing_a_target_recomputes_its_status(client_for, alice, plan):
    target = TargetFactory(plan=plan, baseline_value=38.0, target_value=28.5)
    response = client_for(alice).post(
        reverse("plans-target-edit", args=[target.pk]),
        form(baseline_start="2024-08-01", baseline_end="2024-08-31", target_value="40"),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.baseline_value == 66.0
    # 31 in November 2025 is at or below 40: achieved.
    assert target.computed_status == Status.ACHIEVED


def test_the_panels_of_many_targets_take_a_constant_number_of_queries(
    django_assert_max_num_queries, plan
):
    from cohesion.plans.views.targets import target_panels

    targets = [
        TargetFactory(plan=plan, baseline_value=38.0, target_value=28.5, area_code=area)
        for area in (NEWPORT, NORTH_ORMESBY)
        for _ in range(15)
    ]
    targets += [TargetFactory(plan=plan, indicator_code="survey_safe_after_dark") for _ in range(5)]
    # The indicators, the area names, and one series query per distinct indicator.
    with django_assert_max_num_queries(4):
        panels = target_panels(targets)
    assert len(panels) == 35
    assert panels[0]["area_name"] == "Newport" and len(panels[0]["rows"]) == len(NEWPORT_ASB)
    assert panels[-1]["indicator"] is None and panels[-1]["rows"] == []

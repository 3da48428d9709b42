"""The demo step for assessments and early warning, run after the synthetic reports step."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.tensions.demo_assessments import create_demo_assessments
from cohesion.tensions.demo_reports import create_demo_reports
from cohesion.tensions.models.alerts import Alert
from cohesion.tensions.models.assessment import TensionAssessment
from cohesion.tensions.models.events import Rumour, TriggerEvent
from cohesion.tensions.tests.factories_assessment import NORTH_ORMESBY, this_week

pytestmark = pytest.mark.django_db


def test_the_demo_records_synthetic_assessments_and_catches_the_seeded_spike() -> None:
    said: list[str] = []
    create_demo_reports(say=said.append)
    made = create_demo_assessments(say=said.append)
    assert made["assessments"] == 36 and made["trigger_events"] == 5 and made["rumours"] == 3
    assert not TensionAssessment.objects.filter(synthetic=False).exists()
    assert not TriggerEvent.objects.filter(synthetic=False).exists()
    assert not Rumour.objects.filter(synthetic=False).exists()
    spike_week = this_week() - dt.timedelta(weeks=1)
    caught = Alert.objects.filter(area_code=NORTH_ORMESBY, week_start=spike_week, category="all")
    assert caught.filter(method="C2").exists()  # the calibrated default for reports
    assert any(line.startswith("  Early warning: New alerts:") for line in said)


def test_running_the_demo_step_again_adds_nothing() -> None:
    create_demo_reports(say=lambda _: None)
    create_demo_assessments(say=lambda _: None)
    counts = (TensionAssessment.objects.count(), Alert.objects.count())
    again = create_demo_assessments(say=lambda _: None)
    assert (again["assessments"], again["alerts"]) == (0, 0)
    assert (TensionAssessment.objects.count(), Alert.objects.count()) == counts

"""The programme's demo step: a synthetic term across Middlesbrough with outcomes and its totals."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.programme.choices import EventKind
from cohesion.programme.demo import holiday_start, run
from cohesion.programme.models import Event, Outcome
from cohesion.programme.queries import programme_totals

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


def test_the_demo_term_has_sixteen_orientation_sessions_and_over_25_languages():
    said: list[str] = []
    result = run(None, said.append, today=TODAY)  # type: ignore[arg-type]
    assert Event.objects.exclude(synthetic=True).count() == 0
    orientation = Outcome.objects.filter(event__kind=EventKind.ORIENTATION)
    assert orientation.count() == 16
    assert result["overall"]["languages"] >= 25
    assert result["overall"]["attendance"] > 400
    assert "Programme (synthetic)" in said[0] and result["sentence"] in said[0]


def test_the_demo_is_the_same_when_run_again():
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    first = programme_totals("E06000002")
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    assert programme_totals("E06000002") == first


def test_the_feast_of_fun_runs_in_the_holiday_week():
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    feast = Event.objects.get(title__startswith="Feast of Fun")
    assert feast.starts_at.date() == holiday_start(TODAY) == dt.date(2026, 12, 21)


def test_the_demo_grant_round_runs_from_applications_to_returns_within_its_budget():
    from cohesion.programme.models import Application, GrantRound, MonitoringReturn

    said: list[str] = []
    run(None, said.append, today=TODAY)  # type: ignore[arg-type]
    autumn = GrantRound.objects.get(title__endswith="autumn round")
    assert autumn.applications.count() == 8
    assert Application.objects.exclude(synthetic=True).count() == 0
    assert autumn.awarded_total() == 11400 <= autumn.budget
    assert MonitoringReturn.objects.filter(submitted_on__isnull=False).count() == 3
    assert MonitoringReturn.objects.filter(submitted_on__isnull=True).count() == 2
    assert GrantRound.objects.get(title__endswith="spring round").is_open(TODAY)
    line = next(s for s in said if "Grants (synthetic)" in s)
    assert "8 applications, 5 awarded £11,400 of £15,000" in line
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    assert Application.objects.count() == 8

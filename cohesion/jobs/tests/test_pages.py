"""The jobs page and /healthz: each job's last run, outcome and next run; jobs that stopped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cohesion.jobs.choices import RunStatus
from cohesion.jobs.models import JobRun
from cohesion.jobs.queries import job_statuses, overdue_jobs
from cohesion.jobs.registry import JOBS

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def _run(
    job: str, finished: dt.datetime, status: str = RunStatus.SUCCEEDED, summary: str = ""
) -> JobRun:
    return JobRun.objects.create(
        job=job,
        slot=finished - dt.timedelta(minutes=1),
        status=status,
        claimed_at=finished - dt.timedelta(minutes=1),
        started_at=finished - dt.timedelta(minutes=1),
        finished_at=finished,
        summary=summary,
    )


@pytest.fixture
def daily_reminders(settings: Any) -> None:
    settings.COHESION_SCHEDULE = {"send-action-reminders": "daily at 07:00"}


def test_a_daily_job_whose_last_success_is_two_days_old_has_stopped(daily_reminders: None) -> None:
    _run("send-action-reminders", NOW - dt.timedelta(hours=47))
    assert overdue_jobs(NOW) == []
    assert overdue_jobs(NOW + dt.timedelta(hours=2)) == ["send-action-reminders"]


def test_a_job_that_only_fails_has_stopped_two_periods_after_it_was_first_tried(
    daily_reminders: None,
) -> None:
    _run("send-action-reminders", NOW - dt.timedelta(days=1), RunStatus.FAILED)
    _run("send-action-reminders", NOW - dt.timedelta(days=3), RunStatus.FAILED)
    assert overdue_jobs(NOW) == ["send-action-reminders"]


def test_a_job_switched_off_or_never_tried_is_not_reported(settings: Any) -> None:
    settings.COHESION_SCHEDULE = {"send-action-reminders": "off", "send-reminders": "hourly"}
    _run("send-action-reminders", NOW - dt.timedelta(days=30))
    assert overdue_jobs(NOW) == []


def test_each_job_is_listed_with_its_last_run_outcome_and_next_run(settings: Any) -> None:
    settings.COHESION_SCHEDULE = {
        "send-action-reminders": "daily at 07:00",
        "early-warning-weekly": "weekly on monday at 05:00",
    }
    _run("send-action-reminders", NOW - dt.timedelta(hours=5), summary="2 email(s) sent.")
    statuses = {s.name: s for s in job_statuses(NOW)}
    assert list(statuses) == list(JOBS)
    reminders = statuses["send-action-reminders"]
    assert reminders.last_run is not None and reminders.last_run.summary == "2 email(s) sent."
    assert reminders.next_run == dt.datetime(2026, 6, 11, 6, 0, tzinfo=dt.UTC)  # 07:00 BST
    assert statuses["early-warning-weekly"].next_run == dt.datetime(
        2026, 6, 15, 4, 0, tzinfo=dt.UTC
    )
    assert statuses["early-warning-weekly"].last_run is None
    assert (
        statuses["send-reminders"].cadence is None and statuses["send-reminders"].next_run is None
    )


def test_the_jobs_page_shows_the_outcome_and_the_jobs_that_stopped(
    superuser: Any, client_for: Any, settings: Any
) -> None:
    settings.COHESION_SCHEDULE = {
        "send-action-reminders": "daily at 07:00",
        "purge-contact-details": "daily at 02:00",
    }
    now = timezone.now()
    _run("send-action-reminders", now - dt.timedelta(hours=2), summary="3 email(s) sent.")
    _run(
        "purge-contact-details",
        now - dt.timedelta(days=4),
        RunStatus.FAILED,
        summary="OperationalError: disk full",
    )
    html = client_for(superuser).get("/admin-jobs/").content.decode()
    reminders = html[html.index('id="job-send-action-reminders"') :]
    reminders = reminders[: reminders.index("</tr>")]
    assert "Succeeded" in reminders and "3 email(s) sent." in reminders
    assert "daily at 07:00" in reminders
    assert "Stopped running" not in reminders
    purge = html[html.index('id="job-purge-contact-details"') :]
    purge = purge[: purge.index("</tr>")]
    assert "Failed" in purge and "OperationalError: disk full" in purge
    assert "Stopped running" in purge and "Has never succeeded." in purge
    off = html[html.index('id="job-early-warning-monthly"') :]
    assert "Off" in off[: off.index("</tr>")]


def test_healthz_stays_ok_and_names_a_job_that_stopped(settings: Any) -> None:
    settings.COHESION_SCHEDULE = {"purge-contact-details": "daily at 02:00"}
    client = Client()
    fresh = client.get("/healthz")
    assert (fresh.status_code, fresh.content) == (200, b"ok\n")
    assert "Cohesion-Stale-Jobs" not in fresh
    _run("purge-contact-details", timezone.now() - dt.timedelta(days=3))
    stale = client.get("/healthz")
    assert stale.status_code == 200
    assert stale.content == b"ok\nstale jobs: purge-contact-details\n"
    assert stale["Cohesion-Stale-Jobs"] == "purge-contact-details"
    strict = client.get("/healthz?jobs")
    assert (strict.status_code, strict.content) == (503, b"stale jobs: purge-contact-details\n")
    _run("purge-contact-details", timezone.now() - dt.timedelta(hours=1))
    assert client.get("/healthz?jobs").status_code == 200


def test_an_unknown_job_or_unreadable_cadence_in_the_setting_is_refused(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from cohesion.jobs.queries import configured_schedule

    settings.COHESION_SCHEDULE = {"send-remindrs": "hourly"}
    with pytest.raises(ImproperlyConfigured, match=r"unknown job.*send-remindrs"):
        configured_schedule()
    settings.COHESION_SCHEDULE = {"send-reminders": "every now and then"}
    with pytest.raises(ImproperlyConfigured, match="send-reminders"):
        configured_schedule()


def test_every_job_in_the_default_schedule_is_registered_and_readable() -> None:
    from cohesion.jobs.queries import configured_schedule

    assert set(settings.COHESION_SCHEDULE) == set(JOBS)
    assert all(cadence is not None for cadence in configured_schedule().values())


def test_the_scheduler_writes_one_plain_line_per_run_when_not_on_a_terminal(settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.COHESION_SCHEDULE = {
        "purge-contact-details": "daily at 02:00",
        "send-reminders": "hourly",
    }
    out = StringIO()
    call_command("run_scheduler", "--once", "--run-here", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "\x1b" not in out.getvalue()
    assert any("purge-contact-details for " in line and ": succeeded." in line for line in lines)
    again = StringIO()
    call_command("run_scheduler", "--once", "--run-here", stdout=again)
    assert again.getvalue() == ""

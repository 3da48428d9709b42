"""What the scheduled jobs are doing: the schedule as configured, each job's last runs and health."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Min

from cohesion.jobs.choices import RunStatus
from cohesion.jobs.models import JobRun
from cohesion.jobs.registry import JOBS, Job
from cohesion.jobs.schedule import BadCadence, Cadence, is_overdue, next_run, parse_cadence


def configured_schedule() -> dict[str, Cadence | None]:
    """Every registered job with its cadence from ``COHESION_SCHEDULE`` (None: off, or not listed).

    Raises ImproperlyConfigured for a job nobody registered or a cadence that cannot be read.
    """
    wanted = dict(getattr(settings, "COHESION_SCHEDULE", {}))
    unknown = sorted(set(wanted) - set(JOBS))
    if unknown:
        raise ImproperlyConfigured(
            f"COHESION_SCHEDULE names unknown job(s): {', '.join(unknown)}. "
            f"The jobs are: {', '.join(JOBS)}."
        )
    schedule: dict[str, Cadence | None] = {}
    for name in JOBS:
        try:
            schedule[name] = parse_cadence(wanted.get(name, "off"))
        except BadCadence as error:
            raise ImproperlyConfigured(f"COHESION_SCHEDULE[{name!r}]: {error}") from error
    return schedule


@dataclass(frozen=True)
class JobStatus:
    """One job as the jobs page and /healthz see it."""

    job: Job
    cadence: Cadence | None
    last_run: JobRun | None
    last_success: JobRun | None
    next_run: dt.datetime | None
    overdue: bool

    @property
    def name(self) -> str:
        return self.job.name


def job_statuses(now: dt.datetime) -> list[JobStatus]:
    """Each registered job: its cadence, last run, last success, next run and whether it has stopped."""
    schedule = configured_schedule()
    first_tried = dict(
        JobRun.objects.order_by()
        .values("job")
        .annotate(first=Min("claimed_at"))
        .values_list("job", "first")
    )
    statuses = []
    for name, job in JOBS.items():
        cadence = schedule[name]
        runs = JobRun.objects.filter(job=name).order_by("-slot")
        last_success = runs.filter(status=RunStatus.SUCCEEDED).order_by("-finished_at").first()
        success_at = last_success.finished_at if last_success else None
        statuses.append(
            JobStatus(
                job=job,
                cadence=cadence,
                last_run=runs.first(),
                last_success=last_success,
                next_run=next_run(cadence, now, settings.TIME_ZONE) if cadence else None,
                overdue=cadence is not None
                and is_overdue(cadence, success_at, first_tried.get(name), now),
            )
        )
    return statuses


def overdue_jobs(now: dt.datetime) -> list[str]:
    """The names of the scheduled jobs that have stopped running (see :func:`is_overdue`)."""
    return [status.name for status in job_statuses(now) if status.overdue]

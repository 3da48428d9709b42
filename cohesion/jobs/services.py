"""Claiming and running scheduled jobs, once per slot.

A scheduler (``cohesion run-scheduler``, started by ``cohesion serve``) calls :func:`tick`
every so often with the time. For each job whose current slot has not been claimed, it
claims the slot (a ``JobRun`` row; the unique constraint on job and slot lets one claim
through) and hands the run to the task worker, or runs it itself (``--run-here``, for cron
without a worker). :func:`execute` takes a claimed run, once, and records its outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohesion.jobs.choices import RunStatus
from cohesion.jobs.models import JobRun
from cohesion.jobs.queries import configured_schedule
from cohesion.jobs.registry import JOBS
from cohesion.jobs.schedule import current_slot

logger = logging.getLogger(__name__)


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job: str, slot: dt.datetime, now: dt.datetime) -> JobRun | None:
    """Claim ``job``'s run for ``slot``; None when someone has claimed it already."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job, slot=slot, claimed_at=now, claimed_by=_me())
    except IntegrityError:
        return None


def execute(run_id: int) -> JobRun | None:
    """Run a claimed job and record how it went; None if the run was already taken."""
    taken = JobRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return None
    run = JobRun.objects.get(pk=run_id)
    try:
        run.summary = JOBS[run.job].run()
        run.status = RunStatus.SUCCEEDED
    except Exception as error:  # the run failed: say why on the jobs page and keep scheduling
        logger.exception("Scheduled job %s for %s failed", run.job, run.slot)
        run.summary = f"{type(error).__name__}: {error}"[:2000]
        run.status = RunStatus.FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "summary", "finished_at"])
    return run


def tick(now: dt.datetime, *, run_here: bool = False) -> list[JobRun]:
    """Claim every job's current slot that nobody has claimed; queue (or run) each claimed run."""
    claimed = []
    for name, cadence in configured_schedule().items():
        if cadence is None:
            continue
        run = claim(name, current_slot(cadence, now, settings.TIME_ZONE), now)
        if run is None:
            continue
        claimed.append(run)
        if run_here:
            execute(run.pk)
        else:
            from cohesion.jobs.tasks import run_job_task

            run_job_task.enqueue(run.pk)
    return claimed

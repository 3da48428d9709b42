"""``cohesion run-scheduler``: run each scheduled job once per slot (COHESION_SCHEDULE)."""

from __future__ import annotations

import signal
import threading
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connections
from django.utils import timezone

from cohesion.jobs.queries import configured_schedule
from cohesion.jobs.schedule import next_run
from cohesion.jobs.services import tick


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (COHESION_SCHEDULE): each job's run for each slot is claimed "
        "once, however many schedulers or cron lines run, and handed to the task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Claim what is due now and stop (for cron)."
        )
        parser.add_argument(
            "--run-here",
            action="store_true",
            help="Run the jobs in this process instead of handing them to the task worker.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between looks at the schedule (default 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = configured_schedule()
        if options["once"]:
            self._tick(options["run_here"])
            return
        # SIGTERM (a service manager, `cohesion serve` stopping) and Ctrl+C end the loop
        # between looks at the schedule, never in the middle of claiming or running a job.
        stop = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stop.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        on = [name for name, cadence in schedule.items() if cadence is not None]
        self._say(f"Scheduler started: {len(on)} job(s) scheduled: {', '.join(on) or 'none'}.")
        try:
            while not stop.is_set():
                now = timezone.now()
                try:
                    self._tick(options["run_here"], now)
                except DatabaseError as error:  # the database restarting: try again next time
                    self._say(f"Could not reach the database ({error}); trying again.")
                    connections.close_all()
                due = [
                    next_run(cadence, now, settings.TIME_ZONE)
                    for cadence in schedule.values()
                    if cadence is not None
                ]
                wait = min([options["interval"], *((d - now).total_seconds() for d in due)])
                stop.wait(max(wait, 1.0))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self._say("Scheduler stopped.")

    def _tick(self, run_here: bool, now: datetime | None = None) -> None:
        for run in tick(now or timezone.now(), run_here=run_here):
            slot = timezone.localtime(run.slot)
            if run_here:
                run.refresh_from_db()
                self._say(f"{run.job} for {slot:%Y-%m-%d %H:%M}: {run.status}. {run.summary}")
            else:
                self._say(f"{run.job} for {slot:%Y-%m-%d %H:%M}: queued for the task worker.")

    def _say(self, line: str) -> None:
        # One plain line per event, flushed, so a service log or a pipe reads it as it happens.
        self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {line}")
        self.stdout.flush()

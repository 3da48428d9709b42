from __future__ import annotations

from django.db import models

from cohesion.jobs.choices import RunStatus


class JobRun(models.Model):
    """One run of a scheduled job for one slot (a scheduled time, see cohesion/jobs/schedule.py).

    The row is the claim: a scheduler that wants to run a job for a slot inserts it, in its
    own transaction, and only the one whose insert commits goes on (the unique constraint
    turns every other insert away, on SQLite and PostgreSQL alike). So however many
    schedulers, cron lines or task workers run, a slot's job runs, and sends its emails,
    once. The worker that takes the run moves it from queued to running with one
    conditional update, so a task delivered twice runs once too.
    """

    job = models.CharField(max_length=64)
    slot = models.DateTimeField(help_text="The scheduled time this run is for.")
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    claimed_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=200, blank=True, help_text="host and process")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="What the run did, or why it failed.")

    class Meta:
        ordering = ("-slot",)
        constraints = [
            models.UniqueConstraint(fields=("job", "slot"), name="jobs_one_run_per_slot"),
        ]
        indexes = [models.Index(fields=("job", "status", "-slot"), name="jobs_run_job_status")]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M} ({self.status})"

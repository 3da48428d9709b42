"""The task the scheduler hands each claimed run to (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from cohesion.jobs.services import execute


@task()
def run_job_task(run_id: int) -> str:
    run = execute(run_id)
    return run.status if run is not None else "already taken"

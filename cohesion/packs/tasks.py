"""Background tasks for packs, run by the task worker (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from cohesion.packs.scheduling import run_schedules


@task()
def send_scheduled_packs_task() -> dict[str, int]:
    result = run_schedules()
    return {"made": len(result.made), "emails": result.emails, "failed": len(result.failed)}

"""Background tasks for the directory, run by the task worker (django-tasks, database queue).

Enqueue with ``remind_stale_directory_task.enqueue()``, or run the same work now with
``cohesion remind-stale-directory``.
"""

from __future__ import annotations

from django_tasks import task

from cohesion.directory.reminders import remind_stale_directory


@task()
def remind_stale_directory_task() -> dict[str, int]:
    result = remind_stale_directory()
    return {
        "services": result.services,
        "organisations": result.organisations,
        "emails": result.emails,
        "unreachable": len(result.unreachable),
    }

"""Background tasks for reports, run by the task worker (django-tasks, database queue).

Enqueue with ``send_reminders_task.enqueue()`` / ``purge_contact_details_task.enqueue()``,
or run the same work now with ``cohesion send-reminders`` / ``cohesion purge-contact-details``.
"""

from __future__ import annotations

from django_tasks import task

from cohesion.tensions.reminders import send_reminders
from cohesion.tensions.retention import purge_contact_details


@task()
def send_reminders_task() -> dict[str, int]:
    result = send_reminders()
    return {
        "reports": result.reports,
        "emails": result.emails,
        "unreachable": len(result.unreachable),
    }


@task()
def purge_contact_details_task() -> int:
    return purge_contact_details().removed

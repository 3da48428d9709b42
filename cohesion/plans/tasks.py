"""Background tasks for plans, run by the task worker (django-tasks, database queue).

Enqueue with ``send_action_reminders_task.enqueue()``, or run the same work now with
``cohesion send-action-reminders``.
"""

from __future__ import annotations

from django_tasks import task

from cohesion.plans.reminders import send_action_reminders


@task()
def send_action_reminders_task() -> dict[str, int]:
    result = send_action_reminders()
    return {
        "actions": result.actions,
        "emails": result.emails,
        "unreachable": len(result.unreachable),
    }

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Email action owners about actions due within a week or overdue (run once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cohesion.plans.tasks import send_action_reminders_task

            result = send_action_reminders_task.enqueue()
            self.stdout.write(f"Action reminders queued as task {result.id}.")
            return
        from cohesion.plans.reminders import send_action_reminders

        outcome = send_action_reminders()
        self.stdout.write(
            f"{outcome.actions} action(s) due or overdue; {outcome.emails} email(s) sent."
        )
        if outcome.unreachable:
            self.stderr.write(
                "Nobody with an email address answers for actions: "
                + ", ".join(str(pk) for pk in outcome.unreachable)
            )

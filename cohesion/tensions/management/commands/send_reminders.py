from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Email case owners about reports whose response is due soon or overdue (run every hour)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cohesion.tensions.report_tasks import send_reminders_task

            result = send_reminders_task.enqueue()
            self.stdout.write(f"Reminders queued as task {result.id}.")
            return
        from cohesion.tensions.reminders import send_reminders

        outcome = send_reminders()
        self.stdout.write(
            f"{outcome.reports} report(s) due or overdue; {outcome.emails} email(s) sent."
        )
        if outcome.unreachable:
            self.stderr.write(
                "Nobody with an email address answers for: " + ", ".join(outcome.unreachable)
            )

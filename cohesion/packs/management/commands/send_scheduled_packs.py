from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Make, issue and email the packs scheduled for today (run once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cohesion.packs.tasks import send_scheduled_packs_task

            queued = send_scheduled_packs_task.enqueue()
            self.stdout.write(f"Scheduled packs queued as task {queued.id}.")
            return
        from cohesion.packs.scheduling import run_schedules

        result = run_schedules()
        self.stdout.write(
            f"{len(result.made)} pack(s) made and issued; {result.emails} email(s) sent."
        )
        for pk, reason in result.failed.items():
            self.stderr.write(f"Schedule {pk}: {reason}")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Email the owners of directory entries nobody has confirmed for "
        "COHESION_DIRECTORY_STALE_AFTER_DAYS days (run once a day; each is reminded once a period)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cohesion.directory.tasks import remind_stale_directory_task

            result = remind_stale_directory_task.enqueue()
            self.stdout.write(f"Stale directory reminders queued as task {result.id}.")
            return
        from cohesion.directory.reminders import remind_stale_directory

        outcome = remind_stale_directory()
        self.stdout.write(
            f"{outcome.services} stale service(s); {outcome.organisations} organisation(s) "
            f"reminded; {outcome.emails} email(s) sent."
        )
        if outcome.unreachable:
            self.stderr.write(
                "No officer with an email address maintains: " + ", ".join(outcome.unreachable)
            )

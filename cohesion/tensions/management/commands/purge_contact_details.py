from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Delete reporters' contact details older than CONTACT_RETENTION_DAYS "
        "(the retention job; run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cohesion.tensions.report_tasks import purge_contact_details_task

            result = purge_contact_details_task.enqueue()
            self.stdout.write(f"Retention job queued as task {result.id}.")
            return
        from cohesion.tensions.retention import purge_contact_details

        outcome = purge_contact_details(dry_run=options["dry_run"])
        verb = "would be removed" if options["dry_run"] else "removed"
        self.stdout.write(
            f"{outcome.removed} reporter contact record(s) older than "
            f"{settings.CONTACT_RETENTION_DAYS} days {verb} (before {outcome.cutoff:%Y-%m-%d %H:%M})."
        )

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Remove the personal data of volunteers inactive for more than VOLUNTEER_RETENTION_DAYS "
        "(the register's retention job; run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.programme.volunteer_retention import purge_volunteer_data

        outcome = purge_volunteer_data(dry_run=options["dry_run"])
        verb = "would be cleared" if options["dry_run"] else "cleared"
        self.stdout.write(
            f"{outcome.removed} volunteer record(s) inactive for more than "
            f"{settings.VOLUNTEER_RETENTION_DAYS} days {verb} (inactive before {outcome.cutoff:%Y-%m-%d})."
        )

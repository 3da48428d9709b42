"""``cohesion import-events FILE --as USERNAME [--dry-run]``: add and change calendar events from CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cohesion.core.management.table_command import ImportCommand
from cohesion.programme.spreadsheets import import_events


class Command(ImportCommand):
    help = (
        "Add and change the partnership calendar's events from a CSV or XLSX file in the columns "
        "the calendar exports in, checked as the named person's event form would check them. "
        "Nothing is saved unless every row is acceptable."
    )
    what = "events"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.actor(options)
        if user is None:
            raise CommandError("Name the person the events are imported as: --as USERNAME.")
        name, content = self.read(options)
        check_only = options["dry_run"] or options["check_only"]
        self.report(import_events(name, content, user, check_only=check_only))

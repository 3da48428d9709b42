"""``cohesion import-plan-actions FILE --plan N``: add and change a plan's actions from CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cohesion.plans.management.table_command import ImportCommand
from cohesion.plans.spreadsheets import import_actions


class Command(ImportCommand):
    help = (
        "Add and change a plan's actions from a CSV or XLSX file in the columns the plan's "
        "actions export in. Every row is checked first; nothing is saved unless every row is "
        "acceptable, and the problems are listed by row and column."
    )
    what = "actions"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, required=True, help="The plan's number.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self.plan(options["plan"])
        name, content = self.read(options)
        outcome = import_actions(
            plan, name, content, self.actor(options), check_only=options["check_only"]
        )
        self.report(outcome)

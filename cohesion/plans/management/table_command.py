"""What the plans' import verbs share, beyond every import verb's (:mod:`cohesion.core.management.table_command`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cohesion.core.management.table_command import ImportCommand
from cohesion.plans.models import Plan


class PlanTableImportCommand(ImportCommand):
    """An import into one plan's table (``--plan N``), run by ``importer``."""

    importer: Any = None

    def plan(self, pk: int) -> Plan:
        plan = Plan.objects.filter(pk=pk).first()
        if plan is None:
            raise CommandError(f"There is no plan {pk}.")
        return plan

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, required=True, help="The plan's number.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self.plan(options["plan"])
        name, content = self.read(options)
        importer = type(self).importer
        outcome = importer(
            plan, name, content, self.actor(options), check_only=options["check_only"]
        )
        self.report(outcome)

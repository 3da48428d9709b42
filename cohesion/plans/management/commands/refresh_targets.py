from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Recompute the status of plan targets from their indicators' series (all targets, or "
        "those on one indicator). Runs by itself whenever indicator values are stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", help="Only targets on this indicator code.")
        parser.add_argument(
            "--area", action="append", help="Only targets for this GSS code (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.plans.services import refresh_target_statuses

        with transaction.atomic():
            outcome = refresh_target_statuses(
                indicator_code=options["indicator"], area_codes=options["area"]
            )
        self.stdout.write(
            f"{outcome.refreshed} target(s) recomputed, {outcome.changed} changed status, "
            f"{outcome.failed} could not be judged."
        )

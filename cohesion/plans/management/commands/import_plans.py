"""``cohesion import-plans FILE --council CODE``: add and change a council's plans from CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cohesion.core.management.table_command import ImportCommand
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.plans.spreadsheets import import_plans


class Command(ImportCommand):
    help = (
        "Add and change a council's locality plans and strategy from a CSV or XLSX file in the "
        "columns plans export in. A new plan takes its locality's wards, partners and manager "
        "where those cells are empty, and the council's themes. Nothing is saved unless every "
        "row is acceptable."
    )
    what = "plans"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--council", required=True, help="The council's GSS code.")

    def handle(self, *args: Any, **options: Any) -> None:
        council = Area.objects.current(Level.COUNCIL).filter(code=options["council"]).first()
        if council is None:
            raise CommandError(f"There is no council {options['council']}.")
        name, content = self.read(options)
        outcome = import_plans(
            council, name, content, self.actor(options), check_only=options["check_only"]
        )
        self.report(outcome)

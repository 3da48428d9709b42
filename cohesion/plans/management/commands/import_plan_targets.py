"""``cohesion import-plan-targets FILE --plan N``: add and change a plan's targets from CSV or XLSX."""

from __future__ import annotations

from cohesion.plans.management.table_command import PlanTableImportCommand
from cohesion.plans.spreadsheets import import_targets


class Command(PlanTableImportCommand):
    help = (
        "Add and change a plan's targets from a CSV or XLSX file in the columns the plan's "
        "targets export in. Each target must name an indicator with values for its area. "
        "Nothing is saved unless every row is acceptable."
    )
    what = "targets"
    importer = staticmethod(import_targets)

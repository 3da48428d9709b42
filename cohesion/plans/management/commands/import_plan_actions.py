"""``cohesion import-plan-actions FILE --plan N``: add and change a plan's actions from CSV or XLSX."""

from __future__ import annotations

from cohesion.plans.management.table_command import PlanTableImportCommand
from cohesion.plans.spreadsheets import import_actions


class Command(PlanTableImportCommand):
    help = (
        "Add and change a plan's actions from a CSV or XLSX file in the columns the plan's "
        "actions export in. Every row is checked first; nothing is saved unless every row is "
        "acceptable, and the problems are listed by row and column."
    )
    what = "actions"
    importer = staticmethod(import_actions)

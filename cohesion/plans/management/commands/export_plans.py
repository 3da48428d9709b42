"""``cohesion export-plans TABLE --output FILE``: plans, a plan's actions or its targets as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record_many
from cohesion.core import spreadsheets as tables
from cohesion.plans import spreadsheets
from cohesion.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Write plans (of one council with --council), or one plan's actions or targets "
        "(--plan), as CSV or XLSX in the columns the matching import reads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=sorted(spreadsheets.TABLES))
        parser.add_argument("--output", type=Path, required=True, help="A .csv or .xlsx file.")
        parser.add_argument("--plan", type=int, help="The plan, for actions and targets.")
        parser.add_argument("--council", default="", help="Only this council's plans.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        sheet = output.suffix.lower().lstrip(".")
        if sheet not in tables.FORMATS:
            raise CommandError("Name an output file ending in .csv or .xlsx.")
        table = options["table"]
        records: list[Any]
        if table == "plans":
            plans = Plan.objects.all()
            if options["council"]:
                plans = plans.filter(council_code=options["council"])
            records = list(plans.prefetch_related("wards", "partners").select_related("locality"))
            rows = spreadsheets.plan_rows(records)
        else:
            plan = Plan.objects.filter(pk=options["plan"] or 0).first()
            if plan is None:
                raise CommandError("Name the plan with --plan N.")
            records = [plan]
            if table == "actions":
                rows = spreadsheets.action_rows(
                    spreadsheets.actions_for_export(plan, None, everything=True)
                )
            else:
                rows = spreadsheets.target_rows(spreadsheets.targets_for_export(plan))
        output.write_bytes(tables.file_bytes(rows, spreadsheets.TABLES[table], sheet, title="Plan"))
        record_many(AuditAction.EXPORT, records, f"plans {table}", fmt=sheet)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(rows)} {table} to {output}."))

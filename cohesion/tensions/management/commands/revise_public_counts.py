"""Release a completed week's public counts afresh: the announced revision of figures already shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Release one completed week of a council's public report counts afresh, with a reason "
        "(for example after late reports or corrections). Earlier releases are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("council", help="The council's GSS code, e.g. E06000002.")
        parser.add_argument(
            "--week", required=True, help="The Monday the week starts (YYYY-MM-DD)."
        )
        parser.add_argument("--reason", required=True, help="Why the figures are revised.")

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.audit.choices import AuditAction
        from cohesion.audit.log import record
        from cohesion.places.choices import Level
        from cohesion.places.models import Area
        from cohesion.tensions.alerting import revise_week

        code = options["council"].strip().upper()
        # A unitary council's code names it at more than one level: look for it as a council.
        council = Area.objects.filter(code=code, level=Level.COUNCIL).first()
        if council is None:
            raise CommandError(
                f"{options['council']} is not the GSS code of a council Cohesion holds."
            )
        try:
            week = dt.date.fromisoformat(options["week"])
        except ValueError as exc:
            raise CommandError(f"The week must be a date as YYYY-MM-DD: {exc}") from exc
        if week.weekday():
            raise CommandError(f"{week} is not a Monday: give the Monday the week starts.")
        reason = options["reason"].strip()
        if not reason:
            raise CommandError("Give the reason for the revision.")
        try:
            release = revise_week(council.code, week, reason)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        record(
            AuditAction.UPDATE,
            release,
            object_repr=f"Public counts of {council.name}, week of {week}",
            changes={"reason": reason},
        )
        self.stdout.write(
            f"Released the week of {week} for {council.name} afresh ({reason}); "
            "the earlier release is kept."
        )

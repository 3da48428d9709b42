"""``cohesion run-early-warning``: count reports by ward and week, flag spikes, store alerts, email followers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.tensions.alerting import (
    DEFAULT_METHODS,
    METHODS,
    WarningSettings,
    run_early_warning,
)


class Command(BaseCommand):
    help = (
        "Count reports per ward, council and category for each ISO week, run each source's "
        "calibrated default method (EARS C2 at alpha 0.01 over reports, the count model at "
        "alpha 0.05 over police.uk months) or the methods asked for, store flagged weeks as "
        "alerts, email the people who follow those areas and publish the weekly counts to "
        "indicators."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "councils",
            nargs="*",
            help="Council GSS codes (default: every council with reports), e.g. E06000002.",
        )
        parser.add_argument(
            "--weeks", type=int, default=104, help="Weeks of history to count (default 104)."
        )
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Run as if on this date."
        )
        parser.add_argument(
            "--method",
            action="append",
            choices=METHODS,
            help=(
                "Run this method over both sources, at each source's alpha (repeat for several; "
                "default: EARS C2 over reports and negative_binomial over police.uk months, "
                "chosen by bench/bench_alert_calibration.py). "
                "farrington_flexible, the improved Farrington method, judges a week only with "
                "5 years of weeks before it: give --weeks 264 or more."
            ),
        )
        parser.add_argument(
            "--no-email", action="store_true", help="Store alerts but send no email."
        )
        parser.add_argument(
            "--no-publish", action="store_true", help="Do not publish the counts to indicators."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            settings = WarningSettings(
                methods=tuple(options["method"] or DEFAULT_METHODS), history_weeks=options["weeks"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        codes = [code.strip().upper() for code in options["councils"]] or None
        if codes:
            from cohesion.places.choices import Level
            from cohesion.places.models import Area

            known = set(
                Area.objects.filter(code__in=codes, level=Level.COUNCIL).values_list(
                    "code", flat=True
                )
            )
            unknown = sorted(set(codes) - known)
            if unknown:
                raise CommandError(f"Unknown council code(s): {', '.join(unknown)}.")
        summary = run_early_warning(
            codes,
            today=options["today"],
            options=settings,
            notify=not options["no_email"],
            publish=not options["no_publish"],
        )
        for line in summary.lines():
            self.stdout.write(line)

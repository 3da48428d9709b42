"""``cohesion weight-survey-wave``: weight a wave and recompute its estimates."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.surveys.models import Wave
from cohesion.surveys.weighting import weight_wave


class Command(BaseCommand):
    help = "Rake a survey wave to its population margins and recompute its estimates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("wave", type=int, help="The wave's number (as in its address).")

    def handle(self, *args: Any, **options: Any) -> None:
        wave = Wave.objects.filter(pk=options["wave"]).select_related("survey").first()
        if wave is None:
            raise CommandError(f"There is no wave {options['wave']}.")
        outcome = weight_wave(wave)
        if not outcome.ok:
            raise CommandError(f"Not weighted: {outcome.message}")
        report = outcome.report
        self.stdout.write(
            self.style.SUCCESS(
                f"Weighted {report['n']} responses of {wave}: design effect "
                f"{report['design_effect']:.2f}, effective sample size "
                f"{report['effective_sample_size']:.0f}, {wave.estimates.count()} estimates."
            )
        )

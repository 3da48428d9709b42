"""``cohesion load-national``: every ward and council of England and Wales, with its indicators."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.core.progress import ProgressPrinter
from cohesion.indicators.loaders.base import IndicatorLoadError, load_indicators
from cohesion.places.loaders import PlacesLoadError, load_england_wales_wards, load_places


class Command(BaseCommand):
    help = (
        "Load every ward and council of England and Wales with its indicators: the places "
        "(Tees Valley in detail, then all 7,590 May 2025 wards), then Census 2021, IMD 2025 and "
        "the other indicators for every ward. Anything already loaded is skipped, so running it "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder of public data (default: ../shared/data).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"] or settings.COHESION_DATA_DIR)
        if not data_dir.is_dir():
            raise CommandError(
                f"The data folder {data_dir} does not exist. Give its path with --data-dir."
            )
        progress = ProgressPrinter(enabled=not options["no_progress"])
        started = time.perf_counter()
        try:
            self.stdout.write("1/3 Places: councils, and Tees Valley in detail…")
            report = load_places(data_dir, progress=progress)
            self.stdout.write("2/3 Places: every ward of England and Wales…")
            national = load_england_wales_wards(data_dir, progress=progress)
            for code, count in sorted({**report.generations, **national.generations}.items()):
                self.stdout.write(f"  {code}: {count:,} areas added")
            skipped = len(report.skipped_files) + len(national.skipped_files)
            if skipped:
                self.stdout.write(f"  {skipped} place files already loaded, skipped")
            for warning in report.warnings + national.warnings:
                self.stderr.write(self.style.WARNING(f"  {warning}"))
            places_seconds = time.perf_counter() - started
            self.stdout.write("3/3 Indicators for every ward and council…")
            load_indicators(
                data_dir,
                progress=progress,
                say=lambda text: self.stdout.write(f"  {text}"),
                national=True,
            )
        except (PlacesLoadError, IndicatorLoadError) as error:
            raise CommandError(str(error)) from error
        finally:
            progress.close()
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"England and Wales loaded in {total:.0f} s "
                f"(places {places_seconds:.0f} s, indicators {total - places_seconds:.0f} s)."
            )
        )

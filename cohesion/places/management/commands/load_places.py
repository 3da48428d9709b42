from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.core.progress import ProgressPrinter
from cohesion.places.loaders import PlacesLoadError, load_england_wales_wards, load_places
from cohesion.places.releases import RELEASES_BY_CODE


class Command(BaseCommand):
    help = (
        "Load boundary generations and lookups: councils for the UK, and wards, LSOAs and output areas for "
        "Tees Valley. With --england-wales, add all 7,590 May 2025 wards of England and Wales. "
        "Files already loaded are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder of public data (default: ../shared/data).",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="GENERATION",
            choices=sorted(RELEASES_BY_CODE),
            help="Load only this generation (repeatable): " + ", ".join(RELEASES_BY_CODE),
        )
        parser.add_argument(
            "--england-wales",
            action="store_true",
            help="Also load every ward in England and Wales.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"] or settings.COHESION_DATA_DIR)
        progress = ProgressPrinter(enabled=not options["no_progress"])
        try:
            report = load_places(data_dir, progress=progress, only=options["only"])
            if options["england_wales"]:
                national = load_england_wales_wards(data_dir, progress=progress)
                for code, count in national.generations.items():
                    report.add(code, count)
                report.skipped_files += national.skipped_files
        except PlacesLoadError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        for code, count in sorted(report.generations.items()):
            self.stdout.write(f"{code}: {count} areas added")
        if report.relations:
            self.stdout.write(f"{report.relations} links between areas added")
        if report.skipped_files:
            self.stdout.write(f"{len(report.skipped_files)} files already loaded, skipped")
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS("Places loaded."))

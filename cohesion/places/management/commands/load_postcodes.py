from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.core.progress import ProgressPrinter
from cohesion.places.loaders import PlacesLoadError
from cohesion.places.postcodes import load_postcodes


class Command(BaseCommand):
    help = (
        "Load postcodes from the ONS Postcode Directory (ONSPD) CSV, its zip as ONS publishes it, or "
        "a gzipped CSV: by default only the councils whose wards are loaded, and only live postcodes. "
        "Download it from the ONS Open Geography Portal (search 'ONS Postcode Directory')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The ONSPD file (.csv, .csv.gz or .zip).")
        parser.add_argument(
            "--council",
            action="append",
            metavar="GSS_CODE",
            help="Load only this council's postcodes (repeatable), e.g. E06000002.",
        )
        parser.add_argument(
            "--all-councils", action="store_true", help="Load every postcode in the file."
        )
        parser.add_argument(
            "--include-terminated",
            action="store_true",
            help="Also load postcodes no longer in use (ONSPD keeps them with their end date).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all_councils"] and options["council"]:
            raise CommandError("Give --council or --all-councils, not both.")
        councils: list[str] | tuple[()] | None = ()
        if options["all_councils"]:
            councils = None
        elif options["council"]:
            councils = options["council"]
        progress = ProgressPrinter(enabled=not options["no_progress"])
        try:
            report = load_postcodes(
                options["file"],
                councils=councils,
                include_terminated=options["include_terminated"],
                progress=progress,
            )
        except PlacesLoadError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        if report.skipped_file:
            self.stdout.write("This file is already loaded; nothing changed.")
            return
        self.stdout.write(f"{report.loaded} postcodes loaded")
        if report.terminated:
            self.stdout.write(f"{report.terminated} terminated postcodes left out")
        if report.outside:
            self.stdout.write(f"{report.outside} postcodes in other councils left out")
        self.stdout.write(self.style.SUCCESS("Postcodes loaded."))

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.core.progress import ProgressPrinter
from cohesion.indicators.loaders.base import IndicatorLoadError, load_indicators, registered


class Command(BaseCommand):
    help = (
        "Load indicator data (Census 2021, deprivation, police.uk crime, asylum support, loneliness, "
        "2011 segregation) from the public data folder. A release already loaded is skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "sources",
            nargs="*",
            help="Loader keys to run (default: all). See --list.",
        )
        parser.add_argument("--data-dir", type=Path, default=None)
        parser.add_argument("--list", action="store_true", help="List the loaders and stop.")
        parser.add_argument(
            "--force", action="store_true", help="Reload even if this release is already loaded."
        )
        parser.add_argument(
            "--england-wales",
            action="store_true",
            help="Also fill every ward of England and Wales (needs `load-places --england-wales` first).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for loader in registered():
                scope = " (with --england-wales)" if loader.national else ""
                self.stdout.write(f"{loader.key:32} {loader.title}{scope}")
            return
        data_dir = Path(options["data_dir"] or settings.COHESION_DATA_DIR)
        if not data_dir.is_dir():
            raise CommandError(
                f"The data folder {data_dir} does not exist. Give its path with --data-dir."
            )
        progress = ProgressPrinter(enabled=not options["no_progress"])
        try:
            load_indicators(
                data_dir,
                options["sources"] or None,
                progress=progress,
                say=self.stdout.write,
                force=options["force"],
                national=options["england_wales"],
            )
        except IndicatorLoadError as error:
            raise CommandError(str(error)) from error
        finally:
            progress.close()
        self.stdout.write(self.style.SUCCESS("Indicators loaded."))

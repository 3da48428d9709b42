from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cohesion.directory.interchange import write_feed, write_package


class Command(BaseCommand):
    help = (
        "Export a council's published directory: an Open Referral UK feed (--format oruk, a JSON "
        "list of nested services; ndjson, one a line) or an HSDS tabular package (--format hsds-csv, "
        "a folder, or a .zip when the output ends in .zip)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, metavar="GSS_CODE", help="e.g. E06000002.")
        parser.add_argument("--format", choices=("oruk", "ndjson", "hsds-csv"), default="oruk")
        parser.add_argument("--output", required=True, type=Path, help="File, folder or .zip.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if options["format"] == "hsds-csv":
            counts = write_package(options["council"], output)
            for table, count in counts.items():
                self.stdout.write(f"{table}: {count}")
            self.stdout.write(self.style.SUCCESS(f"HSDS package written to {output}."))
            return
        count = write_feed(options["council"], output, ndjson=options["format"] == "ndjson")
        self.stdout.write(self.style.SUCCESS(f"{count} services written to {output}."))

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.directory.choices import PublicationState
from cohesion.directory.interchange import ImportFailed, import_feed, import_package


class Command(BaseCommand):
    help = (
        "Import a directory into a council's directory: an Open Referral UK feed (.json or .ndjson "
        "of services, as /openreferral/services/{id} gives them) or an HSDS tabular package (a folder "
        "or .zip of services.csv, organizations.csv...). All or nothing: a bad row imports nothing, "
        "and each problem is listed. Entries wait for a directory coordinator's review unless --publish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The feed file, or the package folder or zip.")
        parser.add_argument("--council", required=True, metavar="GSS_CODE", help="e.g. E06000002.")
        parser.add_argument(
            "--format", choices=("oruk", "hsds-csv"), help="Guessed from the path when not given."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish at once, without review."
        )
        parser.add_argument(
            "--source", default="", help="Where it came from (shown on each entry)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"There is no file or folder at {path}.")
        fmt = options["format"] or (
            "oruk" if path.suffix.lower() in (".json", ".ndjson", ".jsonl") else "hsds-csv"
        )
        state = PublicationState.PUBLISHED if options["publish"] else PublicationState.IN_REVIEW
        source = options["source"] or path.name
        try:
            if fmt == "oruk":
                report = import_feed(
                    path.read_bytes(), council_code=options["council"], state=state, source=source
                )
            else:
                report = import_package(
                    path, council_code=options["council"], state=state, source=source
                )
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing was imported: {len(exc.errors)} problems.") from exc
        for table, count in report.written.items():
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{report.services} services imported."))

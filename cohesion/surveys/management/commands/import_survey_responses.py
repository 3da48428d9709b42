"""``cohesion import-survey-responses``: import a CSV or XLSX file of responses into a wave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.surveys.choices import ImportStatus, ResponseMode
from cohesion.surveys.importing import ImportFileError, check_batch, import_batch, start_batch
from cohesion.surveys.models import Wave


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of survey responses into a wave. Columns named after "
        "question codes are matched automatically; --map COLUMN=QUESTION matches others "
        "(QUESTION may be respondent_ref). Every row is checked first: nothing is imported "
        "unless every row is acceptable, and the problems are listed row by row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("wave", type=int, help="The wave's number (as in its address).")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mode",
            default=ResponseMode.PAPER,
            choices=[m for m in ResponseMode.values if m != ResponseMode.ONLINE],
        )
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=QUESTION")
        parser.add_argument(
            "--check-only", action="store_true", help="Check the file and import nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wave = Wave.objects.filter(pk=options["wave"]).first()
        if wave is None:
            raise CommandError(f"There is no wave {options['wave']}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            batch = start_batch(wave, path.name, path.read_bytes(), mode=options["mode"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for pair in options["map"]:
            column, sep, question = pair.partition("=")
            if not sep or column not in batch.mapping:
                batch.delete()
                raise CommandError(
                    f"--map {pair!r}: give COLUMN=QUESTION with a column of the file."
                )
            batch.mapping[column] = question
        batch.save(update_fields=["mapping"])
        check_batch(batch)
        if batch.status == ImportStatus.HAS_ERRORS:
            for problem in batch.problems:
                where = f"row {problem['row']}" if problem["row"] else "file"
                column = f", column {problem['column']}" if problem["column"] else ""
                self.stderr.write(f"{where}{column}: {problem['message']}")
            batch.delete()
            raise CommandError(f"{len(batch.problems)} problem(s); nothing was imported.")
        if options["check_only"]:
            self.stdout.write(f"{batch.row_count} rows are ready to import; nothing was imported.")
            batch.delete()
            return
        count = import_batch(batch)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} responses into {wave}."))

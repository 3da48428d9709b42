"""What every import verb shares: reading the file, acting as a named person, printing problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.core.spreadsheets import Outcome


class ImportCommand(BaseCommand):
    """An import verb: FILE, ``--as USER`` (whose access the rows are checked against), ``--check-only``."""

    what = "records"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="Check every row against this person's access and record them as the author "
            "(without it, the operator may change everything).",
        )
        parser.add_argument(
            "--check-only", action="store_true", help="Check the file and save nothing."
        )

    def actor(self, options: dict[str, Any]) -> Any:
        if not options["username"]:
            return None
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['username']}.")
        return user

    def read(self, options: dict[str, Any]) -> tuple[str, bytes]:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        return path.name, path.read_bytes()

    def report(self, outcome: Outcome) -> None:
        for problem in outcome.problems:
            where = f"row {problem.row}" if problem.row else "file"
            column = f", column {problem.column}" if problem.column else ""
            value = f" ({problem.value!r})" if problem.value else ""
            self.stderr.write(f"{where}{column}{value}: {problem.message}")
        for warning in outcome.warnings:
            self.stdout.write(f"row {warning.row}: warning: {warning.message}")
        if outcome.problems:
            raise CommandError(f"{len(outcome.problems)} problem(s); nothing was saved.")
        counts = (
            f"{outcome.created} added, {outcome.changed} changed, {outcome.unchanged} unchanged"
        )
        if outcome.saved:
            self.stdout.write(self.style.SUCCESS(f"Imported {self.what}: {counts}."))
        else:
            self.stdout.write(f"The file has no problems ({counts}); nothing was saved.")

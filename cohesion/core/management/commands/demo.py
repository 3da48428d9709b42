from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.accounts.personas import PERSONAS
from cohesion.accounts.setup import create_personas
from cohesion.core import demo
from cohesion.core.db import refresh_statistics

DEMO_PASSWORD = "cohesion-demo"  # noqa: S105 - printed for the demo; never used outside it


class Command(BaseCommand):
    help = (
        "Set up the demo: create the database, load real Tees Valley places and data, create one account per "
        "persona, add clearly labelled synthetic reports and survey responses, then serve the site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up only; do not start the server."
        )
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder of public data (default: ../shared/data).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"] or settings.COHESION_DATA_DIR)
        if not data_dir.is_dir():
            raise CommandError(
                f"The data folder {data_dir} does not exist. Give its path with --data-dir."
            )
        self.stdout.write("Creating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading places…")
        load_options = ["--data-dir", str(data_dir)] + (
            ["--no-progress"] if options["no_progress"] else []
        )
        call_command("load_places", *load_options, stdout=self.stdout, stderr=self.stderr)
        create_personas(DEMO_PASSWORD)
        for step in demo.steps():
            self.stdout.write(f"Demo: {step.name}…")
            step.run(data_dir, self.stdout.write)
        # Every app's demo data is in: let the planner count all of it at once.
        refresh_statistics(apps.get_models())
        self.stdout.write(
            self.style.SUCCESS("\nThe demo is ready. Sign in as any of these people:")
        )
        width = max(len(p.username) for p in PERSONAS)
        for persona in PERSONAS:
            self.stdout.write(
                f"  {persona.username:<{width}}  {persona.description} ({persona.organisation})"
            )
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}\n")
        if not options["no_serve"]:
            call_command("serve", port=options["port"], host=options["host"])

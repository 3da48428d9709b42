from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Cohesion with a production web server (waitress), and run the background task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)."
        )
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background task worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # type: ignore[import-untyped]

        from cohesion.wsgi import application

        worker = None
        if not options["no_worker"] and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            worker = subprocess.Popen([sys.executable, "-m", "django", "db_worker"])
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            self.style.SUCCESS(f"Cohesion is running at {address} — press Ctrl+C to stop.")
        )
        self.stdout.flush()
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="Cohesion",
            )
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=10)

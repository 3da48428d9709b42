from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def server_options(host: str, port: int, threads: int) -> dict[str, Any]:
    """waitress settings for ``cohesion serve``.

    waitress removes ``X-Forwarded-For`` from every request unless told to keep
    it. Behind ``TRUSTED_PROXY_COUNT`` trusted proxies the header is kept, so
    that Cohesion can find each resident's address in it (``client_ip``): the
    report form's hourly limit is then per resident, not per proxy.
    """
    return {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "Cohesion",
        "clear_untrusted_proxy_headers": settings.TRUSTED_PROXY_COUNT <= 0,
    }


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

        from cohesion.cli import exit_on_terminate, start_child, stop_child
        from cohesion.wsgi import application

        # SIGTERM raises inside the server loop, so the worker below is always stopped.
        exit_on_terminate()
        worker = None
        if not options["no_worker"] and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            worker = start_child([sys.executable, "-m", "django", "db_worker"])
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            self.style.SUCCESS(f"Cohesion is running at {address} — press Ctrl+C to stop.")
        )
        self.stdout.flush()
        try:
            serve(
                application, **server_options(options["host"], options["port"], options["threads"])
            )
        finally:
            if worker is not None:
                stop_child(worker)

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
    help = (
        "Serve Cohesion with a production web server (waitress), and run the background task "
        "worker and the job scheduler (COHESION_SCHEDULE) beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)."
        )
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background task worker."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not start the job scheduler (when cron or another server runs it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # type: ignore[import-untyped]

        from cohesion.cli import exit_on_terminate, start_child, stop_child
        from cohesion.wsgi import application

        # SIGTERM raises inside the server loop, so the children below are always stopped.
        exit_on_terminate()
        children = []
        try:
            if (
                not options["no_worker"]
                and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
            ):
                children.append(start_child([sys.executable, "-m", "django", "db_worker"]))
            if not options["no_scheduler"]:
                # It queues each claimed run for the task worker (here, or elsewhere
                # with --no-worker); the claim keeps several schedulers from doubling up.
                children.append(start_child([sys.executable, "-m", "django", "run_scheduler"]))
            address = f"http://{options['host']}:{options['port']}/"
            self.stdout.write(
                self.style.SUCCESS(f"Cohesion is running at {address} — press Ctrl+C to stop.")
            )
            self.stdout.flush()
            serve(
                application, **server_options(options["host"], options["port"], options["threads"])
            )
        finally:
            for child in children:
                stop_child(child)

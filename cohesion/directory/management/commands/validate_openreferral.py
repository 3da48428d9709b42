from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.directory.openreferral.validation import validate_api


class Command(BaseCommand):
    help = (
        "Check an Open Referral UK API as the ORUK validator does (GET /, each list, each id, pages "
        "1, middle and last) against the UK profile's schemas in the shared reference data. "
        "For example: cohesion validate-openreferral http://127.0.0.1:8000/openreferral/"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="The API's base address, ending /openreferral/.")
        parser.add_argument("--per-page", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["url"].rstrip("/") + "/"
        if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
            raise CommandError("Give an http:// or https:// address.")

        def fetch(path: str, params: dict[str, Any]) -> tuple[int, Any]:
            url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (http(s) checked above)
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as exc:
                return exc.code, None

        run = validate_api(fetch, per_page=options["per_page"])
        for problem in run.problems:
            self.stderr.write(problem)
        summary = f"{run.requests} requests, {run.records} records fetched by id, {len(run.problems)} problems."
        if run.problems:
            raise CommandError(summary)
        self.stdout.write(
            self.style.SUCCESS(f"Valid against the Open Referral UK profile: {summary}")
        )

"""``cohesion make-pack KIND AREA --period P --format pdf|docx|html|xlsx --output FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cohesion.packs.choices import AudienceKind, PackKind
from cohesion.packs.renderers import FORMATS


class Command(BaseCommand):
    help = (
        "Make a pack from the live data and write it to a file, e.g. "
        "`cohesion make-pack ward-briefing E05009867 --period 2025-Q2 --format pdf --output briefing.pdf`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="One of: " + ", ".join(PackKind.values))
        parser.add_argument(
            "area",
            help=(
                "The GSS code of a ward or council, e.g. E05009867; or, for a scrutiny update, "
                "one or several localities by slug, e.g. newport,north-ormesby "
                "(E06000002:newport when two councils use the slug)."
            ),
        )
        parser.add_argument(
            "--period", required=True, help="2025-Q2, 2025-06, 2025 or 2025-04-01..2025-06-30."
        )
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--panel", default="", help="Make a restricted pack for this named panel."
        )
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="Make it as this officer (their scope applies).",
        )
        parser.add_argument("--issue", action="store_true", help="Issue the pack (freeze it).")
        parser.add_argument("--language", default="en", help="The pack's language, e.g. en, ur.")

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.audit.choices import AuditAction
        from cohesion.audit.log import record
        from cohesion.packs import localities, making, renderers
        from cohesion.packs.contents import Audience
        from cohesion.packs.periods import BadPeriod, parse_period

        user = None
        if options["username"]:
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"There is no account called {options['username']!r}.")
        audience = (
            Audience(AudienceKind.RESTRICTED, options["panel"])
            if options["panel"]
            else Audience(AudienceKind.PUBLIC)
        )
        area, slugs = options["area"], []
        try:
            if not localities.looks_like_area_code(area):
                area, chosen = localities.resolve(localities.split(area))
                slugs = [f.slug for f in chosen]
            period = parse_period(options["period"])
            pack = making.make_pack(
                user,
                options["kind"],
                area,
                period,
                audience=audience,
                language=options["language"],
                localities=slugs,
            )
        except (BadPeriod, making.PackError, localities.LocalityError) as error:
            raise CommandError(str(error)) from error
        record(AuditAction.CREATE, pack, actor=user)
        if options["issue"]:
            pack = making.issue(pack, user)
        output = Path(options["output"])
        output.write_bytes(renderers.render(pack, options["format"]))
        record(AuditAction.EXPORT, pack, actor=user, object_repr=f"{pack} as {options['format']}")
        self.stdout.write(
            f"Wrote {pack.title} (pack {pack.pk}, {pack.get_status_display()}) to {output}."
        )

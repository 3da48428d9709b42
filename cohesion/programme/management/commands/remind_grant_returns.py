from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Email grant holders and coordinators about monitoring returns due within 14 days "
        "(run once a day; a second run the same day sends nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.programme.grant_reminders import send_return_reminders

        outcome = send_return_reminders()
        self.stdout.write(
            f"{outcome.returns} monitoring return(s) due; {outcome.holder_emails} email(s) to "
            f"grant holders and {outcome.officer_emails} to officers sent."
        )

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Email coordinating organisations about volunteers' checks expiring within "
        "VOLUNTEER_CHECK_REMINDER_DAYS days (run once a day; each check is reminded once)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from cohesion.programme.volunteer_reminders import remind_volunteer_checks

        outcome = remind_volunteer_checks()
        self.stdout.write(
            f"{outcome.checks} check(s) expiring; {outcome.organisations} organisation(s) "
            f"reminded; {outcome.emails} email(s) sent."
        )
        if outcome.unreachable:
            self.stderr.write(
                "No officer with an email address keeps: " + ", ".join(outcome.unreachable)
            )

"""The background jobs the scheduler runs, in one registry: name -> what it does.

Each job calls the same function as its management command (``cohesion send-reminders``
calls :func:`cohesion.tensions.reminders.send_reminders`, and so does the job
``send-reminders``), and returns one line saying what it did, kept with the run.
When each job runs is a setting, ``COHESION_SCHEDULE`` (cohesion/jobs/schedule.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Job:
    name: str
    title: object  # a lazy translation
    command: str  # the command that does the same work by hand
    run: Callable[[], str]


def _unreachable(line: str, unreachable: list[object], who: str) -> str:
    return f"{line} {who} {len(unreachable)}." if unreachable else line


def _send_reminders() -> str:
    from cohesion.tensions.reminders import send_reminders

    result = send_reminders()
    line = f"{result.reports} report(s) due or overdue; {result.emails} email(s) sent."
    return _unreachable(line, list(result.unreachable), "Nobody with an email address answers for")


def _purge_contact_details() -> str:
    from cohesion.tensions.retention import purge_contact_details

    result = purge_contact_details()
    return f"{result.removed} reporter contact record(s) removed (before {result.cutoff:%Y-%m-%d %H:%M})."


def _send_action_reminders() -> str:
    from cohesion.plans.reminders import send_action_reminders

    result = send_action_reminders()
    line = f"{result.actions} action(s) due or overdue; {result.emails} email(s) sent."
    return _unreachable(line, list(result.unreachable), "Nobody with an email address answers for")


def _remind_stale_directory() -> str:
    from cohesion.directory.reminders import remind_stale_directory

    result = remind_stale_directory()
    line = (
        f"{result.services} stale service(s); {result.organisations} organisation(s) reminded; "
        f"{result.emails} email(s) sent."
    )
    return _unreachable(
        line, list(result.unreachable), "No officer with an email address maintains"
    )


def _send_scheduled_packs() -> str:
    from cohesion.packs.scheduling import run_schedules

    result = run_schedules()
    line = f"{len(result.made)} pack(s) made and issued; {result.emails} email(s) sent."
    if result.failed:
        line += f" {len(result.failed)} schedule(s) could not be made (see /packs/schedules/)."
    return line


def _early_warning_weekly() -> str:
    from cohesion.tensions.alerting import run_early_warning

    return "; ".join(run_early_warning().lines())


def _early_warning_monthly() -> str:
    from cohesion.tensions.alerting import run_monthly_early_warning

    lines = run_monthly_early_warning().lines()
    return "; ".join(line.strip() for line in lines if line.startswith(("police.uk", "  ")))


def _remind_volunteer_checks() -> str:
    from cohesion.programme.volunteer_reminders import remind_volunteer_checks

    outcome = remind_volunteer_checks()
    line = (
        f"{outcome.checks} check(s) expiring; {outcome.organisations} organisation(s) reminded; "
        f"{outcome.emails} email(s) sent."
    )
    return _unreachable(
        line, list(outcome.unreachable), "No officer with an email address keeps the registers of"
    )


def _purge_volunteer_data() -> str:
    from cohesion.programme.volunteer_retention import purge_volunteer_data

    outcome = purge_volunteer_data(dry_run=False)
    return (
        f"{outcome.removed} inactive volunteer record(s) cleared "
        f"(inactive before {outcome.cutoff:%Y-%m-%d})."
    )


def _remind_grant_returns() -> str:
    from cohesion.programme.grant_reminders import send_return_reminders

    outcome = send_return_reminders()
    return (
        f"{outcome.returns} monitoring return(s) due; {outcome.holder_emails} email(s) to grant "
        f"holders and {outcome.officer_emails} to officers sent."
    )


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("send-reminders", _("Response reminders"), "send-reminders", _send_reminders),
        Job(
            "purge-contact-details",
            _("Removing reporters' contact details"),
            "purge-contact-details",
            _purge_contact_details,
        ),
        Job(
            "send-action-reminders",
            _("Action reminders"),
            "send-action-reminders",
            _send_action_reminders,
        ),
        Job(
            "remind-stale-directory",
            _("Stale directory reminders"),
            "remind-stale-directory",
            _remind_stale_directory,
        ),
        Job(
            "send-scheduled-packs",
            _("Scheduled packs"),
            "send-scheduled-packs",
            _send_scheduled_packs,
        ),
        Job(
            "remind-volunteer-checks",
            _("Volunteer check reminders"),
            "remind-volunteer-checks",
            _remind_volunteer_checks,
        ),
        Job(
            "purge-volunteer-data",
            _("Removing inactive volunteers' personal data"),
            "purge-volunteer-data",
            _purge_volunteer_data,
        ),
        Job(
            "remind-grant-returns",
            _("Grant monitoring return reminders"),
            "remind-grant-returns",
            _remind_grant_returns,
        ),
        Job(
            "early-warning-weekly",
            _("Early warning (weekly)"),
            "run-early-warning",
            _early_warning_weekly,
        ),
        Job(
            "early-warning-monthly",
            _("Early warning (police.uk monthly)"),
            "run-early-warning",
            _early_warning_monthly,
        ),
    )
}

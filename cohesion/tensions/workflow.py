"""Working a case: triage, assignment, referral, contact, notes, links and status changes.

Each function checks that the change makes sense for the case, makes it in
one transaction with the report row locked, and appends a line to the
report's history (:class:`ReportEvent`) and to the audit log. Who may call
them is decided before, by ``Report.objects.restrict(user, action)`` in the
views. Where a change names a target (the area a case moves to, the
organisation or officer it is given to, the partner it is referred to), the
target is checked here too, with the same restriction function: the actor
must still be able to work the case after moving it, and the receiving side
must be able to open it. The forms offer only such targets; these checks are
the last line, for anything that reaches the workflow another way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.permissions import active_memberships, may
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.tensions.choices import Category, EventKind, LinkKind, Status
from cohesion.tensions.intake import PlaceError, place_report
from cohesion.tensions.models import CaseNote, Referral, Report, ReportEvent, ReportLink


class WorkflowError(ValueError):
    """A change that does not make sense for this case; the message says why, plainly."""


# Which status may follow which. Closing needs a closure reason; reopening a
# closed case needs a reason.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.TRIAGED, Status.CLOSED}),
    Status.TRIAGED: frozenset(
        {Status.ASSIGNED, Status.REFERRED, Status.IN_PROGRESS, Status.CLOSED}
    ),
    Status.ASSIGNED: frozenset({Status.REFERRED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.REFERRED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.REFERRED, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}


def allowed_next(status: str) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS.get(status, frozenset())]


def acting_organisation(user: Any, report: Report | None = None) -> Organisation | None:
    """The organisation a person acts for on this case: the council owning it if they belong to it."""
    memberships = [m for m in active_memberships(user) if m.has_role(Role.OFFICER)]
    if report is not None:
        for membership in memberships:
            org = membership.organisation
            if org.kind == OrganisationKind.COUNCIL and any(
                a.code == report.council_code for a in org.areas.all()
            ):
                return org
            if org.pk == report.entered_by_organisation_id:
                return org
    return memberships[0].organisation if memberships else None


def _event(
    report: Report,
    kind: str,
    actor: Any,
    *,
    on_behalf_of: str = "",
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ReportEvent:
    organisation = acting_organisation(actor, report) if actor is not None else None
    return ReportEvent.objects.create(
        report=report,
        at=at or timezone.now(),
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_username=actor.get_username() if actor is not None else "system",
        organisation_name=str(organisation or ""),
        on_behalf_of=on_behalf_of,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:1000],
        changes=changes or {},
    )


def _locked(report: Report) -> Report:
    """The report re-read with its row locked for the rest of the transaction."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _set_status(
    report: Report,
    to_status: str,
    actor: Any,
    *,
    reason: str = "",
    closure_reason: str = "",
    on_behalf_of: str = "",
) -> None:
    if to_status == report.status:
        return
    if to_status not in TRANSITIONS.get(report.status, frozenset()):
        raise WorkflowError(
            f"A {Status(report.status).label.lower()} case cannot become "
            f"{Status(to_status).label.lower()}."
        )
    if to_status == Status.CLOSED and not closure_reason:
        raise WorkflowError("Choose why the case is being closed.")
    if report.status == Status.CLOSED and not reason.strip():
        raise WorkflowError("Say why the case is being reopened.")
    before = report.status
    report.status = to_status
    report.closure_reason = closure_reason if to_status == Status.CLOSED else ""
    report.status_reason = reason[:1000]
    _event(
        report,
        EventKind.STATUS,
        actor,
        on_behalf_of=on_behalf_of,
        from_status=before,
        to_status=to_status,
        reason=reason,
        changes={"closure_reason": closure_reason} if closure_reason else {},
    )


@transaction.atomic
def change_status(
    report: Report,
    to_status: str,
    *,
    actor: Any,
    reason: str = "",
    closure_reason: str = "",
    on_behalf_of: str = "",
) -> Report:
    """Move the case to ``to_status`` (see :data:`TRANSITIONS`)."""
    report = _locked(report)
    before = report.status
    _set_status(
        report,
        to_status,
        actor,
        reason=reason,
        closure_reason=closure_reason,
        on_behalf_of=on_behalf_of,
    )
    report.save()
    record(
        AuditAction.UPDATE,
        report,
        actor=actor,
        on_behalf_of=on_behalf_of,
        changes={"status": [before, to_status], "reason": reason},
    )
    return report


@transaction.atomic
def triage(
    report: Report,
    *,
    actor: Any,
    eep: str,
    category: str | None = None,
    motivations: Sequence[str] | None = None,
    tension_type: str | None = None,
    root_cause: str | None = None,
    area_code: str | None = None,
    reason: str = "",
) -> Report:
    """Classify the report (EEP, category, root cause, area) and mark it triaged if it was new."""
    report = _locked(report)
    if report.status == Status.CLOSED:
        raise WorkflowError("Reopen the case before triaging it again.")
    changes: dict[str, Any] = {}

    def change(name: str, value: Any) -> None:
        old = getattr(report, name)
        if value is not None and value != old:
            changes[name] = [old, value]
            setattr(report, name, value)

    change("eep", eep)
    change("category", category)
    if report.category == Category.HATE_INCIDENT:
        change("motivations", list(motivations) if motivations is not None else None)
        change("tension_type", "")
    else:
        change("tension_type", tension_type)
        change("motivations", [])
    change("root_cause", root_cause)
    if area_code and area_code not in (report.ward_code, report.council_code):
        try:
            placement = place_report(area_code=area_code)
        except PlaceError as exc:
            raise WorkflowError(str(exc)) from None
        for name, value in (
            ("ward_code", placement.ward_code),
            ("ward_name", placement.ward_name),
            ("council_code", placement.council_code),
            ("council_name", placement.council_name),
            ("area_generation", placement.generation),
            ("location_source", "officer"),
        ):
            change(name, value)
    _event(report, EventKind.TRIAGED, actor, reason=reason, changes=changes)
    if report.status == Status.NEW:
        _set_status(report, Status.TRIAGED, actor, reason=reason or "Triaged")
    report.save()
    # A case may only be moved where the officer could still work it: moving
    # it out of their scope would hand it (and its contact details) to
    # another council without anyone there choosing to take it.
    moved = "council_code" in changes or "ward_code" in changes
    if moved and not may(Report.objects, actor, "triage", report):
        raise WorkflowError(
            "You can only move a case to an area you work in. Choose one of the areas listed."
        )
    record(AuditAction.UPDATE, report, actor=actor, changes={"triage": changes})
    return report


def assignable_organisations(report: Report) -> list[Organisation]:
    """Organisations a case can be given to: those whose officers can open it, if consent allows.

    Reporting centres record reports; they do not work cases.
    """
    candidates = Organisation.objects.filter(is_active=True).exclude(
        kind=OrganisationKind.REPORTING_CENTRE
    )
    return [
        organisation
        for organisation in candidates.prefetch_related("areas")
        if report.consent_allows(organisation)
        and Report.objects.open_to(organisation).filter(pk=report.pk).exists()
    ]


def referable_organisations(report: Report) -> list[Organisation]:
    """Partners the case can be referred to: those who could open it once referred.

    A council other than the case's own, or a reporting centre, would still see
    nothing after a referral (see ``Report.objects.restrict``), so they are not offered.
    """
    already = report.referrals.values("organisation_id")
    candidates = Organisation.objects.filter(is_active=True).exclude(pk__in=already)
    return [
        organisation
        for organisation in candidates.prefetch_related("areas")
        if Report.objects.open_to_if_referred(organisation).filter(pk=report.pk).exists()
    ]


def assignable_officers(organisation: Organisation, report: Report | None = None) -> list[Any]:
    """People who can be given a case in ``organisation``: its active officers who can open it."""
    members = Membership.objects.active().filter(organisation=organisation).select_related("user")
    officers = [m.user for m in members if m.has_role(Role.OFFICER)]
    if report is None:
        return officers
    return [user for user in officers if may(Report.objects, user, "view", report)]


@transaction.atomic
def assign(
    report: Report,
    *,
    actor: Any,
    organisation: Organisation,
    officer: Any = None,
    reason: str = "",
) -> Report:
    """Give the case to an organisation (and optionally one of its officers)."""
    report = _locked(report)
    if report.status == Status.CLOSED:
        raise WorkflowError("Reopen the case before assigning it.")
    if officer is not None and officer not in assignable_officers(organisation):
        raise WorkflowError(f"{officer} is not an officer of {organisation}.")
    if not report.consent_allows(organisation):
        raise WorkflowError(
            f"The reporter has not agreed to share this report with {organisation}."
        )
    if not Report.objects.open_to(organisation).filter(pk=report.pk).exists():
        raise WorkflowError(
            f"{organisation} cannot open this case, so it cannot be given to them. "
            "Refer it to them instead if they are a partner."
        )
    if officer is not None and not may(Report.objects, officer, "view", report):
        raise WorkflowError(
            f"{officer.get_full_name() or officer} cannot open this case, so it cannot be "
            "given to them. Choose an officer who works in the case's area."
        )
    changes = {
        "organisation": [str(report.assigned_organisation or ""), str(organisation)],
        "officer": [str(report.assigned_officer or ""), str(officer or "")],
    }
    report.assigned_organisation = organisation
    report.assigned_officer = officer
    _event(report, EventKind.ASSIGNED, actor, reason=reason, changes=changes)
    if report.status in (Status.NEW, Status.TRIAGED):
        if report.status == Status.NEW:
            _set_status(report, Status.TRIAGED, actor, reason="Triaged on assignment")
        _set_status(report, Status.ASSIGNED, actor, reason=reason)
    report.save()
    record(AuditAction.UPDATE, report, actor=actor, changes={"assigned": changes})
    return report


def consent_basis(report: Report, organisation: Organisation) -> str:
    if organisation.kind == OrganisationKind.POLICE:
        return "police"
    if organisation.kind == OrganisationKind.COUNCIL and report.consent_allows(organisation):
        return "owner" if not report.consent_partners else "partners"
    return "partners"


@transaction.atomic
def refer(
    report: Report,
    *,
    actor: Any,
    organisation: Organisation,
    reason: str = "",
    on_behalf_of: str = "",
) -> Referral:
    """Refer the case to a partner. Refused unless the reporter's consent covers that partner."""
    report = _locked(report)
    if report.status == Status.CLOSED:
        raise WorkflowError("Reopen the case before referring it.")
    if not report.consent_allows(organisation):
        if organisation.kind == OrganisationKind.POLICE:
            raise WorkflowError(
                "The reporter did not agree to share this report with the police, so it cannot "
                "be referred to them. If someone is in danger, call 999."
            )
        raise WorkflowError(
            f"The reporter did not agree to share this report with partner organisations, so "
            f"it cannot be referred to {organisation}."
        )
    if report.referrals.filter(organisation=organisation).exists():
        raise WorkflowError(f"This case has already been referred to {organisation}.")
    if not Report.objects.open_to_if_referred(organisation).filter(pk=report.pk).exists():
        raise WorkflowError(
            f"{organisation} would not be able to open this case, so it cannot be referred "
            "to them. Choose one of the partners listed."
        )
    referral = Referral.objects.create(
        report=report,
        organisation=organisation,
        referred_by=actor,
        reason=reason[:1000],
        consent_basis=consent_basis(report, organisation),
    )
    _event(
        report,
        EventKind.REFERRED,
        actor,
        on_behalf_of=on_behalf_of,
        reason=reason,
        changes={"organisation": str(organisation), "consent": referral.consent_basis},
    )
    if report.status in (Status.NEW, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS):
        if report.status == Status.NEW:
            _set_status(report, Status.TRIAGED, actor, reason="Triaged on referral")
        _set_status(report, Status.REFERRED, actor, reason=reason or f"Referred to {organisation}")
    report.save()
    record(
        AuditAction.REFER,
        report,
        actor=actor,
        on_behalf_of=on_behalf_of,
        changes={"organisation": str(organisation)},
    )
    return referral


@transaction.atomic
def record_contact(
    report: Report,
    *,
    actor: Any,
    senior: bool = False,
    at: dt.datetime | None = None,
    note: str = "",
) -> Report:
    """Record that the reporter was contacted (by a senior officer if ``senior``)."""
    report = _locked(report)
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise WorkflowError("Contact cannot be recorded in the future.")
    if at < report.created_at - dt.timedelta(minutes=5):
        raise WorkflowError("Contact cannot be recorded before the report was made.")
    name = "senior_contact_at" if senior else "first_contact_at"
    if getattr(report, name) is not None:
        raise WorkflowError(
            "Senior contact is already recorded."
            if senior
            else "First contact is already recorded."
        )
    setattr(report, name, at)
    if senior and report.first_contact_at is None:
        report.first_contact_at = at
    _event(report, EventKind.CONTACT_MADE, actor, reason=note, changes={"senior": senior}, at=at)
    report.save()
    record(AuditAction.UPDATE, report, actor=actor, changes={name: at.isoformat()})
    return report


@transaction.atomic
def add_note(report: Report, *, actor: Any, text: str) -> CaseNote:
    text = text.strip()
    if not text:
        raise WorkflowError("Write the note.")
    note = CaseNote.objects.create(
        report=report, author=actor, organisation=acting_organisation(actor, report), text=text
    )
    _event(report, EventKind.NOTE, actor, changes={"note": note.pk})
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return note


@transaction.atomic
def link_reports(
    report: Report, other: Report, *, actor: Any, kind: str, reason: str = ""
) -> ReportLink:
    if other.pk == report.pk:
        raise WorkflowError("A report cannot be linked to itself.")
    if kind not in LinkKind.values:
        raise WorkflowError("Choose how the reports are linked.")
    # A link is symmetric: B→A repeats A→B. The unique constraint on the pair
    # (whichever way round) settles two officers linking at the same moment.
    already = _("This report is already linked to %(reference)s that way.") % {
        "reference": other.reference
    }
    either_way = Q(report=report, to_report=other) | Q(report=other, to_report=report)
    if ReportLink.objects.filter(either_way, kind=kind).exists():
        raise WorkflowError(already)
    try:
        with transaction.atomic():
            link = ReportLink.objects.create(
                report=report, to_report=other, kind=kind, reason=reason[:500], created_by=actor
            )
    except IntegrityError:
        raise WorkflowError(already) from None
    _event(
        report,
        EventKind.LINKED,
        actor,
        reason=reason,
        changes={"to": other.reference, "kind": kind},
    )
    _event(
        other,
        EventKind.LINKED,
        actor,
        reason=reason,
        changes={"from": report.reference, "kind": kind},
    )
    return link

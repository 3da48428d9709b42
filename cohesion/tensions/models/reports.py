"""Incident reports and the cases built on them.

A **report** is what a resident, a reporting-centre volunteer or a partner's
member of staff tells us: a hate incident or a community tension matter, where
and when, and what the reporter wants. Officers then work it as a **case**:
triage (classify it), assign it, refer it to partners when the reporter's
consent allows, record contact, note progress, link it to other reports and
close it with a reason. Every change leaves a :class:`ReportEvent`.

The reporter's contact details are not part of the report: they live in
:class:`ReporterContact`, encrypted at rest, shown only to those entitled and
removed by the retention job after ``CONTACT_RETENTION_DAYS``.

Access is decided in one place per model, ``restrict(user, action)``:

=================  ==========================================================
action             who, within which reports
=================  ==========================================================
``view``           council officers and above: reports in their area scope;
                   police officers: reports in scope whose reporter consented
                   to police sharing, or referred to their force;
                   reporting-centre officers: reports their centre entered;
                   other partners' officers: reports referred to them.
``note``           everyone who may view.
``view_contact``   council officers in scope; the centre that entered it;
                   police and partners only where the reporter consented.
``change``,        council officers and above, in scope (the case owners).
``triage``,
``assign``,
``refer``, ``link``
``export``         council officers in scope and police officers (queues as
                   CSV/JSON).
=================  ==========================================================

Viewers (analysts, councillors) see no individual report: they read
aggregates with small numbers suppressed. Outsiders get 404.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import (
    AreaScope,
    RestrictedQuerySet,
    active_memberships,
    membership_scope,
    user_scope,
)
from cohesion.core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySetMixin
from cohesion.tensions.choices import (
    Category,
    Channel,
    ClosureReason,
    EEPClassification,
    EventKind,
    LinkKind,
    LocationSource,
    ReporterRole,
    Status,
    TensionType,
    TimescaleUnit,
    ToldPolice,
)
from cohesion.tensions.crypto import EncryptedTextField

__all__ = [
    "REPORT_ACTIONS",
    "AppendOnlyError",
    "CaseNote",
    "Referral",
    "Report",
    "ReportEvent",
    "ReportLink",
    "ReporterContact",
    "ResponseTimescale",
    "SenderWindow",
    "new_reference",
]

# Actions on reports (see the module docstring).
VIEW = "view"
NOTE = "note"
VIEW_CONTACT = "view_contact"
CHANGE = "change"
TRIAGE = "triage"
ASSIGN = "assign"
REFER = "refer"
LINK = "link"
EXPORT = "export"
CASE_OWNER_ACTIONS = frozenset({CHANGE, TRIAGE, ASSIGN, REFER, LINK})
REPORT_ACTIONS = frozenset({VIEW, NOTE, VIEW_CONTACT, EXPORT, *CASE_OWNER_ACTIONS})

# Readable and hard to guess: 8 characters from 30 that cannot be confused when
# read aloud or typed (no 0/O, 1/I/L, U), 30**8 = 6.6 x 10**11 possibilities.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "CHN"


def new_reference() -> str:
    """A new reference such as ``CHN-7K3Q-94XT`` (random; uniqueness is enforced by the database)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{REFERENCE_PREFIX}-{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str:
    """Accept a reference typed with spaces, dashes in other places or lower case."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if cleaned.startswith(REFERENCE_PREFIX):
        cleaned = cleaned[len(REFERENCE_PREFIX) :]
    if len(cleaned) != 8:
        return text.strip().upper()
    return f"{REFERENCE_PREFIX}-{cleaned[:4]}-{cleaned[4:]}"


def _report_q(user: Any, action: str) -> Q | None:
    """The reports ``user`` may ``action``, as one filter; None means every report."""
    if getattr(user, "is_superuser", False):
        return None
    if not getattr(user, "is_authenticated", False) or action not in REPORT_ACTIONS:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for membership in active_memberships(user):
        if not membership.has_role(Role.OFFICER):
            continue  # viewers read aggregates only
        condition |= _grant_q(
            membership.organisation.kind,
            membership.organisation_id,
            membership_scope(membership),
            action,
        )
    return condition


def _grant_q(
    kind: str, org_id: int, scope: AreaScope, action: str, *, as_if_referred: bool = False
) -> Q:
    """The reports an officer of an organisation of ``kind``, acting in ``scope``, may ``action``.

    ``as_if_referred`` answers "what would they see if the report were referred
    to them", so a referral can be refused before it is made when it would give
    the receiving side no access.
    """
    referred_here = (
        Q(pk__isnull=False)
        if as_if_referred
        else Q(pk__in=Referral.objects.filter(organisation_id=org_id).values("report_id"))
    )
    condition = Q(pk__in=[])
    if kind == OrganisationKind.COUNCIL:
        condition |= scope.q("council_code", "ward_code")
    elif kind == OrganisationKind.POLICE:
        if action in (VIEW, NOTE, EXPORT):
            in_scope = scope.q("council_code", "ward_code")
            condition |= (in_scope & Q(consent_police=True)) | referred_here
        elif action == VIEW_CONTACT:
            condition |= referred_here & Q(consent_police=True)
    elif kind == OrganisationKind.REPORTING_CENTRE:
        if action in (VIEW, NOTE, VIEW_CONTACT):
            condition |= Q(entered_by_organisation_id=org_id)
    elif action in (VIEW, NOTE) or (action == VIEW_CONTACT):
        # Health, education, housing and voluntary partners see what was referred to them.
        shared = referred_here
        if action == VIEW_CONTACT:
            shared &= Q(consent_partners=True)
        condition |= shared
    return condition


class ReportQuerySet(RestrictedQuerySet["Report"]):
    def restrict(self, user: Any, action: str = VIEW) -> ReportQuerySet:
        """Reports ``user`` may ``action`` (view, note, view_contact, change, triage, assign, refer, link, export)."""
        condition = _report_q(user, action)
        return self if condition is None else self.filter(condition)

    def open_to(self, organisation: Organisation, action: str = VIEW) -> ReportQuerySet:
        """Reports an officer of ``organisation`` acting in all its areas may ``action``.

        Used to check the receiving side of an assignment: a case is given only
        to an organisation whose officers can open it.
        """
        from cohesion.accounts.permissions import organisation_scope

        return self.filter(
            _grant_q(organisation.kind, organisation.pk, organisation_scope(organisation), action)
        )

    def open_to_if_referred(self, organisation: Organisation) -> ReportQuerySet:
        """Reports ``organisation``'s officers could open once referred to them.

        A referral to a partner that would still see nothing (another
        council, a reporting centre) passes the case to nobody, so it is refused.
        """
        from cohesion.accounts.permissions import organisation_scope

        return self.filter(
            _grant_q(
                organisation.kind,
                organisation.pk,
                organisation_scope(organisation),
                VIEW,
                as_if_referred=True,
            )
        )

    def case_owner_scope(self, user: Any) -> AreaScope:
        """Where ``user`` works cases (triage, assign, refer): council officers' areas.

        The same rule as the case-owner actions of :meth:`restrict`, as areas,
        so a form can offer only the wards and councils a case may be moved to.
        """
        return user_scope(user, min_role=Role.OFFICER, kinds=(OrganisationKind.COUNCIL,))

    def open(self) -> ReportQuerySet:
        return self.exclude(status=Status.CLOSED)

    def overdue(self, at: Any = None) -> ReportQuerySet:
        """Open reports whose first or senior contact is past due and not recorded."""
        at = at or timezone.now()
        return self.open().filter(
            Q(first_contact_at__isnull=True, first_contact_due__lt=at)
            | Q(senior_contact_at__isnull=True, senior_contact_due__lt=at)
        )


class Report(models.Model):
    """One report of a hate incident or a community tension matter, and the case worked on it."""

    reference = models.CharField(max_length=13, unique=True, editable=False)
    category = models.CharField(max_length=20, choices=Category.choices)
    # Several motivations may be perceived at once (a list of Motivation values).
    motivations = models.JSONField(default=list, blank=True)
    tension_type = models.CharField(max_length=20, choices=TensionType.choices, blank=True)
    description = models.TextField(max_length=5000)
    root_cause = models.TextField(
        max_length=2000, blank=True, help_text=_("What officers judge lies behind it.")
    )

    occurred_at = models.DateTimeField(null=True, blank=True)
    occurred_approximate = models.BooleanField(
        default=False, help_text=_("The reporter was not sure of the exact date or time.")
    )
    # False when only a date was given: ``occurred_at`` then holds midday as a
    # placeholder, and pages show the date with "time not known".
    occurred_time_known = models.BooleanField(default=True, db_default=True)

    # Where. Codes are ONS GSS codes of the ward and council in the boundary
    # generation valid when the report was made (``area_generation``), with the
    # names as they were, so a report keeps its place when wards are redrawn.
    location_text = models.CharField(max_length=300, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_source = models.CharField(max_length=20, choices=LocationSource.choices, blank=True)
    ward_code = models.CharField(max_length=12, blank=True, db_index=True)
    ward_name = models.CharField(max_length=200, blank=True)
    council_code = models.CharField(max_length=12, blank=True, db_index=True)
    council_name = models.CharField(max_length=200, blank=True)
    area_generation = models.CharField(max_length=20, blank=True)

    reporter_role = models.CharField(max_length=20, choices=ReporterRole.choices)
    told_police = models.CharField(max_length=10, choices=ToldPolice.choices, blank=True)
    wants_support = models.BooleanField(default=False)
    consent_police = models.BooleanField(
        default=False, help_text=_("The reporter agreed that the police may see this report.")
    )
    consent_partners = models.BooleanField(
        default=False,
        help_text=_("The reporter agreed that named partner organisations may see this report."),
    )

    channel = models.CharField(max_length=20, choices=Channel.choices)

    # The EEP model. Police forces and their partners grade community tension
    # intelligence as Evidenced (there is hard evidence that tension exists or
    # an incident happened: a crime report, CCTV, damage seen by an officer),
    # Experienced (it is what people say they have lived or felt, reported
    # first-hand but not corroborated) or Potential (there are signs that
    # tension may arise: rumours, planned events, online chatter). The grading
    # says how much weight a report bears in a tension assessment; it is not a
    # judgement of the reporter. Source: ACPO/NPCC community tension
    # monitoring guidance, as used in the Home Office "Community Tension
    # Monitoring" toolkit and police tension assessment templates.
    eep = models.CharField(
        _("EEP classification"),
        max_length=12,
        choices=EEPClassification.choices,
        blank=True,
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    status_reason = models.CharField(max_length=1000, blank=True)
    assigned_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_reports",
    )

    # Response timescales (see ResponseTimescale), fixed when the report arrives.
    first_contact_due = models.DateTimeField(null=True, blank=True)
    senior_contact_due = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    senior_contact_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    # Who put it into Cohesion, and for whom (intake by a reporting centre or partner).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entered_reports",
    )
    entered_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Whom the report was made for, when someone reported for them."),
    )

    language = models.CharField(max_length=10, blank=True)
    # The language the person asked an interpreter for ("" when they did not ask).
    interpreter_language = models.CharField(max_length=60, blank=True, default="")
    synthetic = models.BooleanField(
        default=False, help_text=_("Made-up data for the demo or tests; never a real report.")
    )

    # Double-submission defence (see cohesion.tensions.intake). The key is the
    # one the form carried, as sent: on its own it proves nothing, since anyone
    # can send any key. ``submission_hash`` binds it to the sender and to what
    # the report says, and ``content_hash`` fingerprints what it says from the
    # same sender on the same day; each is unique when set, so a repeat finds
    # the report it repeats and concurrent repeats cannot both be stored.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    submission_hash = models.CharField(
        max_length=64, blank=True, editable=False, default="", db_default=""
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A keyed hash of the sender's address, for the rate limit (never the address).
    submitter_hash = models.CharField(max_length=32, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "council_code"], name="tensions_report_status_council"),
            models.Index(fields=["submitter_hash", "created_at"], name="tensions_report_rate"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_hash"],
                condition=~Q(submission_hash=""),
                name="tensions_report_one_per_submission",
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="tensions_report_one_per_content_hash",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="tensions_report_category_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="tensions_report_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(eep__in=EEPClassification.values), name="tensions_report_eep_is_known"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="tensions_report_channel_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(closure_reason=""),
                name="tensions_report_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=(Q(longitude__isnull=True) & Q(latitude__isnull=True))
                | (
                    Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                    & Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                ),
                name="tensions_report_point_is_lon_lat",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("tensions-report-detail", args=[self.reference])

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def area_label(self) -> str:
        if self.ward_name and self.council_name:
            return f"{self.ward_name}, {self.council_name}"
        return self.ward_name or self.council_name or ""

    def motivation_labels(self) -> list[str]:
        from cohesion.tensions.choices import Motivation

        labels = dict(Motivation.choices)
        return [str(labels.get(value, value)) for value in self.motivations or []]

    def subject_label(self) -> str:
        """What kind of report this is, in a few words."""
        if self.category == Category.HATE_INCIDENT:
            motives = self.motivation_labels()
            return f"{self.get_category_display()}" + (
                f" ({', '.join(motives)})" if motives else ""
            )
        return f"{self.get_category_display()}" + (
            f" ({self.get_tension_type_display()})" if self.tension_type else ""
        )

    @classmethod
    def former_council_codes(cls, pks: Any) -> dict[int, set[str]]:
        """The councils each report belonged to before it was moved, from its history.

        The audit log shows a moved case's later views to the council it came from
        as well as to the one that has it now (``cohesion.audit.owners``).
        """
        held: dict[int, set[str]] = {}
        moves = ReportEvent.objects.filter(report_id__in=list(pks), changes__has_key="council_code")
        for report_id, changes in moves.values_list("report_id", "changes"):
            old = (changes.get("council_code") or [""])[0]
            if old:
                held.setdefault(report_id, set()).add(old)
        return held

    def consent_allows(self, organisation: Organisation) -> bool:
        """Whether the reporter's consent lets us share this report with ``organisation``."""
        if organisation.kind == OrganisationKind.POLICE:
            return self.consent_police
        if (
            organisation.kind == OrganisationKind.COUNCIL
            and organisation.areas.filter(code=self.council_code).exists()
        ):
            return True  # the council that owns the case needs no further consent
        return self.consent_partners

    def is_overdue(self, at: Any = None) -> bool:
        at = at or timezone.now()
        if self.is_closed:
            return False
        return bool(
            (
                self.first_contact_at is None
                and self.first_contact_due
                and self.first_contact_due < at
            )
            or (
                self.senior_contact_at is None
                and self.senior_contact_due
                and self.senior_contact_due < at
            )
        )


class ResponseTimescaleQuerySet(RestrictedQuerySet["ResponseTimescale"]):
    def restrict(self, user: Any, action: str = VIEW) -> ResponseTimescaleQuerySet:
        """Anyone signed in may read the timescales; only site staff (superusers) change them.

        The timescales are one site-wide table: a council administrator who could
        change them would change every council's deadlines.
        """
        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if action == VIEW:
            return self
        return self.none()


class ResponseTimescale(models.Model):
    """How quickly a report of a category must be answered.

    First contact with the reporter is due ``first_contact_amount`` units after
    the report arrives; contact by a senior officer (where set) is due
    ``senior_contact_amount`` units after. The defaults, loaded by migration
    0001, follow published council procedures: hate incidents 24 hours to
    first contact and 7 days to senior contact (Rotherham Metropolitan
    Borough Council, Hate Incident Reporting procedure), other community
    tension matters 2 working days (Hull City Council, Community Cohesion
    and tension reporting procedure). Councils change them here.
    """

    category = models.CharField(max_length=20, choices=Category.choices, unique=True)
    first_contact_amount = models.PositiveIntegerField()
    first_contact_unit = models.CharField(max_length=20, choices=TimescaleUnit.choices)
    senior_contact_amount = models.PositiveIntegerField(null=True, blank=True)
    senior_contact_unit = models.CharField(max_length=20, choices=TimescaleUnit.choices, blank=True)
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseTimescaleQuerySet.as_manager()

    class Meta:
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_contact_amount__gt=0), name="tensions_timescale_first_positive"
            ),
            models.CheckConstraint(
                condition=Q(senior_contact_amount__isnull=True) | ~Q(senior_contact_unit=""),
                name="tensions_timescale_senior_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.first_contact_amount} {self.get_first_contact_unit_display()}"


class _ReportChildQuerySet(RestrictedQuerySet[Any]):
    """Rows that belong to one report: visible where the report is, for the same action."""

    report_action_for: dict[str, str] = {}

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        report_action = self.report_action_for.get(action, action)
        condition = _report_q(user, report_action)
        if condition is None:
            return self
        return self.filter(report__in=Report.objects.filter(condition).values("pk"))


class ReporterContactQuerySet(_ReportChildQuerySet):
    # Seeing, changing or removing contact details all need the right to see them.
    report_action_for = {VIEW: VIEW_CONTACT, CHANGE: VIEW_CONTACT, "delete": VIEW_CONTACT}


class ReporterContact(models.Model):
    """How to reach the person who reported, kept apart from the report and encrypted at rest.

    Only people entitled to see contact details (``Report`` action
    ``view_contact``) can read it; every reading is audited. The retention job
    (``cohesion purge-contact-details``) deletes rows older than
    ``CONTACT_RETENTION_DAYS``.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    # How and when it is safe to make contact (e.g. "text only, not after 6pm").
    safe_contact_notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ReporterContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporter's contact details")
        verbose_name_plural = _("reporters' contact details")

    def __str__(self) -> str:
        return f"Contact for {self.report_id}"

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone or self.safe_contact_notes)


class ReferralQuerySet(_ReportChildQuerySet):
    report_action_for = {"add": REFER, CHANGE: REFER}


class Referral(models.Model):
    """A report passed to a partner organisation, which consent must allow (see ``Report.consent_allows``)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(default=timezone.now)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=1000, blank=True)
    consent_basis = models.CharField(
        max_length=20, help_text=_("Which consent allowed it: police, partners or owner.")
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["referred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation"], name="tensions_referral_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.organisation}"


class CaseNoteQuerySet(_ReportChildQuerySet):
    report_action_for = {"add": NOTE}


class CaseNote(models.Model):
    """Something an officer or partner wants others working the case to know. Notes are never edited."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.report_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ReportLinkQuerySet(_ReportChildQuerySet):
    report_action_for = {"add": LINK, CHANGE: LINK}

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        """Both ends must be visible: a link must not reveal a report the person may not see."""
        qs = super().restrict(user, action)
        condition = _report_q(user, VIEW)
        if condition is None:
            return qs
        return qs.filter(to_report__in=Report.objects.filter(condition).values("pk"))


class ReportLink(models.Model):
    """Two reports that belong together: the same incident, the same victim again, or the same place again."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="links")
    to_report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="linked_from")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "to_report", "kind"], name="tensions_link_once_per_kind"
            ),
            # A link is symmetric: A→B and B→A are the same link, stored once.
            models.UniqueConstraint(
                Least("report", "to_report"),
                Greatest("report", "to_report"),
                "kind",
                name="tensions_link_once_either_way",
            ),
            models.CheckConstraint(
                condition=~Q(report=models.F("to_report")), name="tensions_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.to_report_id}"


class ReportEventQuerySet(AppendOnlyQuerySetMixin, _ReportChildQuerySet):
    pass


class ReportEvent(AppendOnlyModel):
    """One line of a report's history: who, when, what changed, for which organisation, on whose behalf.

    Append-only: rows are inserted and never changed or removed.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    reason = models.CharField(max_length=1000, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = ReportEventQuerySet.as_manager()
    append_only_message = "A report's history is append-only."

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} at {self.at:%Y-%m-%d %H:%M}"


class SenderWindow(models.Model):
    """How many reports one sender has sent in their current hour: the hourly limit's counter.

    ``submitter_hash`` is the keyed hash of the sender's address (never the
    address). The window starts with the first report after the previous one
    ended and lasts an hour; a report is accepted only if the window's count
    is below ``REPORT_RATE_LIMIT_PER_HOUR``. On PostgreSQL the count is raised
    by a conditional upsert in the same statement that stores the report, so
    the row lock decides between concurrent requests and the limit holds
    however many arrive at once (cohesion.tensions.intake). On SQLite a
    report's transaction begins with the write lock (``BEGIN IMMEDIATE``), so
    the count of the sender's reports in the last hour is itself exact and
    this table is not needed.
    """

    submitter_hash = models.CharField(max_length=32, unique=True)
    started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sender's hourly window")

    def __str__(self) -> str:
        return f"{self.submitter_hash[:8]}… {self.count} since {self.started_at:%H:%M}"

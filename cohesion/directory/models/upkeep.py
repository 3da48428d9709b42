"""Keeping the directory true: proposed changes, reports of mistakes, reminders and history.

The issue asks that each organisation maintains its own entries, that a
directory coordinator reviews changes before they are public, that owners are
reminded when an entry goes stale, that the public can report a mistake, and
that every entry keeps its full change history. After wearefuturegov/outpost:

- an owner's edit of a service is a :class:`ProposedChange` holding the form's
  values as JSON; what the public sees changes only when a coordinator approves
  it (:mod:`cohesion.directory.maintaining` applies it in one transaction);
- :class:`MistakeReport` is a member of the public saying an entry is wrong;
- :class:`StaleReminder` records each email sent about stale entries, so a
  reminder goes once per stale period however often the job runs;
- :class:`EntryEvent` is the append-only history of each entry: who, when and
  what changed, field by field (approvals, send-backs, confirmations, imports).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.core.append_only import AppendOnlyModel, AppendOnlyQuerySetMixin
from cohesion.directory.models.organisations import Organisation
from cohesion.directory.models.services import Service
from cohesion.directory.permissions import ADD, CHANGE, REVIEW, VIEW, maintainer_q, reviewer_q


class ChangeKind(models.TextChoices):
    NEW = "new", _("New service")
    EDIT = "edit", _("Change to a service")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MistakeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class EventKind(models.TextChoices):
    CREATED = "created", _("Added")
    PROPOSED = "proposed", _("Change proposed")
    APPROVED = "approved", _("Change approved")
    SENT_BACK = "sent_back", _("Change sent back")
    CONFIRMED = "confirmed", _("Confirmed still correct")
    IMPORTED = "imported", _("Imported")
    REPORTED = "reported", _("Mistake reported")
    CLOSED = "closed", _("Mistake report closed")


class UpkeepQuerySet(RestrictedQuerySet[Any]):
    """Owners (officers+ of the maintaining partner) and the council's coordinators see and act;
    only coordinators review."""

    PARTNER = "organisation__partner"
    COUNCIL = "council_code"

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        if action in (VIEW, ADD, CHANGE):
            return self.filter(maintainer_q(user, self.PARTNER, self.COUNCIL))
        if action == REVIEW:
            return self.filter(reviewer_q(user, self.COUNCIL))
        return self.none()


class ProposedChange(models.Model):
    """An owner's new service or edit, waiting for a directory coordinator.

    ``values`` holds what the owner sent, as the service form's values (strings
    and lists of strings), so the same form checks it again when it is
    approved. ``service`` is null only if the service was deleted meanwhile;
    the change can then only be sent back.
    """

    council_code = models.CharField(max_length=12, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="proposed_changes"
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_changes",
    )
    service_name = models.CharField(max_length=250)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices, default=ChangeKind.EDIT)
    values = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        blank=True, help_text=_("Why the change was sent back; the owner reads it.")
    )
    synthetic = models.BooleanField(default=False)

    objects = UpkeepQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="pending"),
                name="directory_one_pending_change_per_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service_name}"


class MistakeReport(models.Model):
    """A member of the public saying something on a service's page is wrong.

    The reporter's email is optional and personal data: it is shown only on
    the report's own page, and each view of it is audited. ``submitter_hash``
    is a keyed hash of the sender's address, for the hourly limit.
    """

    council_code = models.CharField(max_length=12, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="mistake_reports"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, related_name="mistake_reports"
    )
    service_name = models.CharField(max_length=250)
    what_is_wrong = models.TextField()
    email = models.EmailField(blank=True)
    # The language the sender asked an interpreter for ("" when they did not ask).
    interpreter_language = models.CharField(max_length=60, blank=True, default="")
    submitter_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=MistakeStatus.choices, default=MistakeStatus.OPEN, db_index=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    objects = UpkeepQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Mistake reported on {self.service_name}"


class StaleReminder(models.Model):
    """One email sent to an owner organisation's officer about its stale entries."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stale_reminders"
    )
    recipient = models.EmailField()
    sent_on = models.DateField(db_index=True)
    services = models.JSONField(default=list, help_text=_("Ids of the stale services named."))

    class Meta:
        ordering = ["-sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} reminded {self.sent_on}"


class EntryEventQuerySet(AppendOnlyQuerySetMixin, RestrictedQuerySet["EntryEvent"]):
    def restrict(self, user: Any, action: str = VIEW) -> Any:
        """Owners and coordinators read an entry's history; nobody changes it."""
        if action != VIEW:
            return self.none()
        return self.filter(maintainer_q(user, "organisation__partner", "council_code"))


class EntryEvent(AppendOnlyModel):
    """One line of an entry's history: who did what, when, and each field's before and after.

    ``entry_id`` is not a foreign key, so the history outlives the entry.
    ``changes`` is a list of ``{"field", "label", "before", "after"}``.
    """

    append_only_message = "A directory entry's history is append-only."

    entry_id = models.UUIDField(db_index=True)
    entry_name = models.CharField(max_length=250)
    council_code = models.CharField(max_length=12, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    changes = models.JSONField(default=list)
    note = models.TextField(blank=True)

    objects = EntryEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry_name}: {self.get_kind_display()}"

"""The audit log: append-only by design.

Rows are only ever inserted. The model refuses updates and deletes, the
queryset refuses bulk updates and deletes, there is no change screen, and the
database itself rejects UPDATE (and, on PostgreSQL, DELETE) with a trigger
(migrations 0002 and 0005). Old rows are never rewritten; a correction is a new row.

An event belongs to two sides. The actor's organisation (``organisation_id``)
sees what its members did; the organisations that own the record
(:class:`AuditEventOwner`, filled by :func:`cohesion.audit.log.record` from the
record itself, see :mod:`cohesion.audit.owners`) see who else looked at or
changed it: a police officer opening a council's case, a reporting centre
reading its contact details, a failed sign-in to one of their members' accounts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohesion.accounts.permissions import RestrictedQuerySet, memberships_with
from cohesion.audit.choices import AuditAction
from cohesion.core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySetMixin

__all__ = ["AppendOnlyError", "AuditEvent", "AuditEventOwner", "AuditEventQuerySet"]


class AuditEventQuerySet(AppendOnlyQuerySetMixin, RestrictedQuerySet["AuditEvent"]):
    def restrict(self, user: Any, action: str = "view") -> AuditEventQuerySet:
        """Superusers see everything; an organisation's administrators see what its members did
        and everything done to its records, by anyone. Nobody may change a row."""
        if action != "view" or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        admin_of = [m.organisation_id for m in memberships_with(user, min_role="administrator")]
        if not admin_of:
            return self.none()
        owned = AuditEventOwner.objects.filter(organisation_id__in=admin_of).values("event_id")
        return self.filter(Q(organisation_id__in=admin_of) | Q(pk__in=owned))


class AuditEvent(AppendOnlyModel):
    """One thing that happened: who, when, what, to which record, for which organisation, on whose behalf."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Not a database foreign key: a row must outlive any change to the user table.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    path = models.CharField(max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()
    append_only_message = "The audit log is append-only."

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or 'anonymous'} {self.action} {self.object_repr}"


class AuditEventOwnerQuerySet(AppendOnlyQuerySetMixin, models.QuerySet["AuditEventOwner"]):
    pass


class AuditEventOwner(AppendOnlyModel):
    """An organisation that owns the record an event is about, so its administrators see the event.

    A report belongs to the councils covering its council; an assessment,
    rumour or alert to the councils covering its area; a survey to its council;
    a person (for sign-ins and failed sign-ins) to the organisations they are a
    member of. Written with the event and, like it, never changed.
    """

    # Neither is a database foreign key: a row must outlive any change to the tables it names.
    event = models.ForeignKey(
        AuditEvent,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="owners",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = AuditEventOwnerQuerySet.as_manager()
    append_only_message = "The audit log is append-only."

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="audit_event_owner_once_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "event"], name="audit_owner_organisation")]

    def __str__(self) -> str:
        return f"event {self.event_id} belongs to organisation {self.organisation_id}"

"""What every directory entry shares: an Open Referral identifier, its owner, state and dates."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.directory.choices import PublicationState
from cohesion.directory.permissions import VIEW, restrict_entries


class EntryQuerySet(RestrictedQuerySet[Any]):
    """Entries restricted by :func:`cohesion.directory.permissions.restrict_entries`.

    Subclasses name the path from the row to its maintaining partner and its council.
    """

    PARTNER = "partner"
    COUNCIL = "council_code"
    STATE = "state"

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        return restrict_entries(
            self, user, action, partner=self.PARTNER, council=self.COUNCIL, published=self.STATE
        )

    def published(self) -> Any:
        """What the public sees: published entries only."""
        return self.filter(**{self.STATE: PublicationState.PUBLISHED})


class Entry(models.Model):
    """An Open Referral record a partner maintains and a council's directory holds.

    ``id`` is the record's Open Referral identifier (a UUID), kept when a feed is
    imported so that the same record imported twice is updated, not doubled.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council_code = models.CharField(
        max_length=12,
        db_index=True,
        help_text=_("GSS code of the council whose directory holds this entry."),
    )
    state = models.CharField(
        max_length=12,
        choices=PublicationState.choices,
        default=PublicationState.PUBLISHED,
        db_index=True,
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where the entry came from when it was imported (a feed or file name)."),
    )
    synthetic = models.BooleanField(
        default=False, help_text=_("Made up for the demo or training; labelled wherever it shows.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Part(models.Model):
    """A row that only exists inside an entry (a schedule, a phone, a language...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
        # A record's parts are listed in a fixed order, the same on every engine and every export.
        ordering = ["id"]


def optional_link(to: Any, related_name: str) -> Any:
    """A link to the record a part may belong to (HSDS lets phones, contacts and more hang off several)."""
    return models.ForeignKey(
        to, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name
    )

"""Funding streams and grants: rounds, applications, checks, scores, decisions and monitoring.

A **funding stream** is money a council hands out to community groups: an
external fund it administers (a migration fund with strands) or its own
(ward budgets). Each stream runs **grant rounds**; a round has a budget, dates
it is open, a few yes/no eligibility questions (each with the answer that makes
an applicant eligible, and its wording in the site's languages), and a public
flag: a public round takes applications on the public form at ``/grants/``.

An **application** comes from a community group: the group, a contact (the
personal data here: a name and an email address), the wards the project
serves, what it is and what it costs. It has a unique public reference, the
language it was sent in and the eligibility answers given. Accepted
applications are never lost: the public form binds a submission key to what
was sent (``submission_hash``, unique), so sending the same form twice stores
one application.

The officer records **due diligence** (one checklist per application), panel
members each give a **score** per criterion (0 to 5), and a coordinator makes
the **decision**: awarded (never above what remains of the round's budget,
:func:`cohesion.programme.grants.decide`) or declined, with reasons. An award
has **monitoring returns** due on dates, each with spend, outputs, outcomes
and people reached, and an evidence note; ``cohesion remind-grant-returns``
emails about returns due soon, at most once a day.

Who may see and do what is in :mod:`cohesion.programme.access` (``grant_q``):
a council's grant officers read and score, its coordinators decide.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import VIEW, RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.programme.choices import DecisionOutcome, StreamKind

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference() -> str:
    """A public reference such as ``GR-7KQ3-M2XD``: short, unambiguous when read aloud."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"GR-{chars[:4]}-{chars[4:]}"


class GrantQuerySet(RestrictedQuerySet[Any]):
    """Every grants model is keyed by ``council_code``; see :func:`cohesion.programme.access.grant_q`."""

    def restrict(self, user: Any, action: str = VIEW) -> GrantQuerySet:
        from cohesion.programme.access import grant_q

        return self.filter(grant_q(user, action))


class FundingStream(models.Model):
    """Money a council hands out to community groups, in rounds."""

    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=StreamKind.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal(0))])
    strands = models.JSONField(default=list, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["council_code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="programme_stream_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        super().save(*args, **kwargs)


class GrantRound(models.Model):
    """One round of a funding stream: a budget, the dates it is open, eligibility questions."""

    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="rounds")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    title = models.CharField(max_length=200)
    strand = models.CharField(max_length=200, blank=True)
    budget = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal(0))])
    opens_on = models.DateField()
    closes_on = models.DateField()
    # [{"question": {"en": "...", "pl": "...", "ar": "..."}, "eligible": true}, ...]
    eligibility = models.JSONField(default=list, blank=True)
    max_request = models.DecimalField(**MONEY, null=True, blank=True)
    is_public = models.BooleanField(default=False)
    synthetic = models.BooleanField(default=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="programme_round_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="programme_round_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.stream.council_code
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A round must close after it opens.")})

    def is_open(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def questions(self, language: str | None = None) -> list[tuple[int, str, bool]]:
        """(index, wording in ``language`` or English, the answer that makes an applicant eligible)."""
        lang = (language or get_language() or "en")[:2]
        result = []
        for index, item in enumerate(self.eligibility or []):
            wording = item.get("question", "")
            if isinstance(wording, dict):
                wording = wording.get(lang) or wording.get("en") or ""
            result.append((index, str(wording), bool(item.get("eligible", True))))
        return result

    def awarded_total(self, exclude: Any = None) -> Decimal:
        """What the round has awarded so far (leaving out one application's own award)."""
        awards = Decision.objects.filter(application__round=self, outcome=DecisionOutcome.AWARDED)
        if exclude is not None:
            awards = awards.exclude(application=exclude)
        return awards.aggregate(total=Sum("amount_awarded"))["total"] or Decimal(0)

    def remaining(self, exclude: Any = None) -> Decimal:
        return self.budget - self.awarded_total(exclude)


class Application(models.Model):
    """A community group's application to a round. Holds personal data: the contact's name and email."""

    round = models.ForeignKey(GrantRound, on_delete=models.PROTECT, related_name="applications")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    organisation_name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(max_length=254)
    ward_codes = models.JSONField(default=list)
    ward_names = models.JSONField(default=list)
    project_title = models.CharField(max_length=200)
    summary = models.TextField(max_length=3000)
    amount_requested = models.DecimalField(**MONEY)
    eligibility_answers = models.JSONField(default=dict)
    language = models.CharField(max_length=10, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    submission_hash = models.CharField(max_length=64, blank=True, editable=False)
    synthetic = models.BooleanField(default=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["round", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_hash"],
                condition=~Q(submission_hash=""),
                name="programme_application_one_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0),
                name="programme_application_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.project_title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.round.council_code
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme-grant-application", args=[self.pk])

    @property
    def decision_or_none(self) -> Decision | None:
        try:
            return self.decision
        except Decision.DoesNotExist:
            return None

    @property
    def due_diligence_or_none(self) -> DueDiligence | None:
        try:
            return self.due_diligence
        except DueDiligence.DoesNotExist:
            return None


class DueDiligence(models.Model):
    """The officer's checks on an applicant, one checklist per application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="due_diligence"
    )
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    constituted_checked = models.BooleanField(
        _("Registered charity or constituted group checked"), default=False
    )
    bank_details_verified = models.BooleanField(_("Bank details verified"), default=False)
    safeguarding_seen = models.BooleanField(_("Safeguarding policy seen"), default=False)
    no_extremist_links = models.BooleanField(
        _("No links to extremist groups or hate found"), default=False
    )
    note = models.TextField(blank=True, max_length=2000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(default=timezone.localdate)

    objects = GrantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Due diligence on {self.application.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.application.council_code
        super().save(*args, **kwargs)

    @property
    def passed(self) -> bool:
        return all(
            (
                self.constituted_checked,
                self.bank_details_verified,
                self.safeguarding_seen,
                self.no_extremist_links,
            )
        )


SCORE = [MinValueValidator(0), MaxValueValidator(5)]


class Score(models.Model):
    """One panel member's scores of one application, 0 to 5 on each criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    need = models.PositiveSmallIntegerField(_("Need"), validators=SCORE)
    cohesion = models.PositiveSmallIntegerField(_("Bringing people together"), validators=SCORE)
    deliverability = models.PositiveSmallIntegerField(_("Deliverability"), validators=SCORE)
    value = models.PositiveSmallIntegerField(_("Value for money"), validators=SCORE)
    comment = models.TextField(blank=True, max_length=2000)
    scored_at = models.DateTimeField(auto_now=True)

    objects = GrantQuerySet.as_manager()

    CRITERIA = ("need", "cohesion", "deliverability", "value")

    class Meta:
        ordering = ["application", "scorer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "scorer"], name="programme_score_one_per_scorer"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{c}__lte": 5}), name=f"programme_score_{c}_at_most_5"
                )
                for c in ("need", "cohesion", "deliverability", "value")
            ],
        ]

    def __str__(self) -> str:
        return f"Score of {self.application.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.application.council_code
        super().save(*args, **kwargs)

    @property
    def total(self) -> int:
        return sum(getattr(self, c) for c in self.CRITERIA)


class Decision(models.Model):
    """Awarded (with the amount) or declined, with reasons; one per application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    amount_awarded = models.DecimalField(**MONEY, default=Decimal(0))
    reasons = models.TextField(max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(default=timezone.localdate)

    objects = GrantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.DECLINED, amount_awarded=0)
                | Q(outcome=DecisionOutcome.AWARDED, amount_awarded__gt=0),
                name="programme_decision_amount_matches_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.application.council_code
        super().save(*args, **kwargs)


class MonitoringReturn(models.Model):
    """A grant holder's report on an award: due on a date, then spend, outputs and outcomes."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="monitoring_returns"
    )
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    due_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    spend = models.DecimalField(**MONEY, null=True, blank=True)
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    outputs = models.TextField(blank=True, max_length=3000)
    outcomes = models.TextField(blank=True, max_length=3000)
    evidence_note = models.TextField(blank=True, max_length=2000)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "due_on"], name="programme_return_one_per_due_date"
            ),
            models.CheckConstraint(
                condition=Q(spend__isnull=True) | Q(spend__gte=0),
                name="programme_return_spend_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Return for {self.application.reference} due {self.due_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.application.council_code
        super().save(*args, **kwargs)

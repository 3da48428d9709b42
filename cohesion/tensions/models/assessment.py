"""Weekly tension assessments, the level scale they use, and partners' intelligence.

A **tension assessment** is a partnership's considered judgement, once a week,
of how tense relations are in one ward (or across a whole council): a level
on a scale the administrators set (:class:`TensionLevel`), the reasons for
it, and the evidence behind it (reports linked from the case list, police.uk
public order and anti-social behaviour counts, and intelligence from partners
such as the police). It follows the Home Office / College of Policing practice
of community tension monitoring: the level is a judgement, not a formula, so
the rationale is required and every change is kept (:class:`AssessmentRevision`).

There is one assessment per area and ISO week (Monday to Sunday), keyed by
the area's GSS code so that it survives a new boundary generation; the
``area`` foreign key records the area as it was when assessed. Council and
ward codes are kept beside it so that access can be decided with one filter
(cohesion.accounts.permissions.AreaScope).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import (
    ADD,
    CHANGE,
    DELETE,
    VIEW,
    AreaScope,
    RestrictedQuerySet,
    active_memberships,
    user_scope,
)
from cohesion.core.append_only import AppendOnlyModel, AppendOnlyQuerySetMixin
from cohesion.places.choices import Level
from cohesion.places.models import Area

# Organisations that take part in tension monitoring. Reporting centres pass
# reports in but do not see the partnership's assessments.
TENSION_PARTNER_KINDS: tuple[str, ...] = (OrganisationKind.COUNCIL, OrganisationKind.POLICE)
COUNCIL_ONLY: tuple[str, ...] = (OrganisationKind.COUNCIL,)


def scope_for(user: Any, min_role: str, kinds: tuple[str, ...]) -> AreaScope:
    """The councils and wards where ``user`` holds at least ``min_role`` in an organisation of ``kinds``."""
    if not getattr(user, "is_authenticated", False):
        return AreaScope()
    return user_scope(user, min_role=min_role, kinds=kinds)


class AreaKeyedQuerySet(RestrictedQuerySet[Any]):
    """Rows keyed by ``council_code`` and ``area_code``, restricted by the person's area scope.

    Subclasses say, per action, the least role and the kinds of organisation
    needed, in ``RULES``; :meth:`scope` is the one place that turns a rule into
    the areas a person may act in, so views can also ask "may this person add
    one here?" before a row exists (``Model.objects.scope(user, "add").covers(...)``).
    """

    RULES: dict[str, tuple[str, tuple[str, ...]]] = {}

    def scope(self, user: Any, action: str = VIEW) -> AreaScope:
        rule = self.RULES.get(action)
        if rule is None:
            return AreaScope(everywhere=bool(getattr(user, "is_superuser", False)))
        min_role, kinds = rule
        return scope_for(user, min_role, kinds)

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self.scope(user, action).q("council_code", "area_code"))


def area_codes(area: Area) -> tuple[str, str]:
    """(council code, area code) for a ward or a council; anything else is refused."""
    if area.level == Level.WARD:
        if area.parent is None:
            raise ValidationError(_("This ward has no council recorded, so nobody could see it."))
        return area.parent.code, area.code
    if area.level == Level.COUNCIL:
        return area.code, area.code
    raise ValidationError(_("Choose a ward or a council."))


def monday_of(day: dt.date) -> dt.date:
    """The Monday that starts the ISO week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


class AreaKeyedModel(models.Model):
    """A record about one ward or council, with the codes access is decided on."""

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The ward or council, as its boundaries were at the time."),
    )
    area_code = models.CharField(max_length=12, db_index=True, editable=False)
    council_code = models.CharField(max_length=12, db_index=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.area_id is not None:
            self.fill_codes()
        super().save(*args, **kwargs)

    def fill_codes(self) -> None:
        self.council_code, self.area_code = area_codes(self.area)


# --------------------------------------------------------------------------- the scale


class TensionLevelQuerySet(RestrictedQuerySet["TensionLevel"]):
    def restrict(self, user: Any, action: str = VIEW) -> TensionLevelQuerySet:
        """Anyone signed in with a membership may read the scales; each council's administrators set its own.

        ``add``/``change``/``delete``: administrators of the council whose scale
        it is. The default scale (no organisation) is changed only by site
        staff (superusers): every council that has not set its own uses it.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        members = active_memberships(user)
        if action == VIEW:
            # The default scale, and the scales of the person's own organisations: another
            # council's own scale is none of their business (it answers 404).
            if not members:
                return self.none()
            own = {membership.organisation_id for membership in members}
            return self.filter(Q(organisation__isnull=True) | Q(organisation__in=own))
        if action in (ADD, CHANGE, DELETE):
            return self.filter(organisation__in=scale_organisations(user))
        return self.none()

    def active(self) -> TensionLevelQuerySet:
        return self.filter(is_active=True)

    def default_scale(self) -> TensionLevelQuerySet:
        """The scale every council uses until its administrators set their own."""
        return self.filter(organisation__isnull=True)

    def scale_of(self, organisation: Any) -> TensionLevelQuerySet:
        """The council's own scale if it has one, else the default scale."""
        if organisation is not None:
            own = self.filter(organisation=organisation)
            if own.exists():
                return own
        return self.default_scale()

    def for_council(self, council_code: str) -> TensionLevelQuerySet:
        """The scale used on the board and assessments of the council with GSS code ``council_code``."""
        return self.scale_of(scale_owner(council_code))


def scale_owner(council_code: str) -> Any:
    """The council organisation whose scale applies in ``council_code``: the one that has set one, else any."""
    from cohesion.accounts.models import Organisation

    councils = Organisation.objects.filter(
        kind=OrganisationKind.COUNCIL, is_active=True, areas__code=council_code
    ).order_by("pk")
    with_scale = councils.filter(
        pk__in=TensionLevel.objects.filter(organisation__isnull=False).values("organisation_id")
    ).first()
    return with_scale or councils.first()


def scale_organisations(user: Any) -> list[Any]:
    """The councils whose tension scale ``user`` administers (every council for superusers)."""
    from cohesion.accounts.models import Organisation

    if getattr(user, "is_superuser", False):
        return list(Organisation.objects.filter(kind=OrganisationKind.COUNCIL, is_active=True))
    return [
        m.organisation
        for m in active_memberships(user)
        if m.role == Role.ADMINISTRATOR and m.organisation.kind == OrganisationKind.COUNCIL
    ]


def copy_default_scale(organisation: Any) -> list[TensionLevel]:
    """Give ``organisation`` its own copy of the default scale (once), so its administrators can change it.

    Assessments already made keep the level they were made with; the council's
    board and new assessments use the copy from then on.
    """
    own = list(TensionLevel.objects.filter(organisation=organisation))
    if own:
        return own
    return [
        TensionLevel.objects.create(
            organisation=organisation,
            order=level.order,
            name=level.name,
            colour=level.colour,
            description=level.description,
            is_active=level.is_active,
        )
        for level in TensionLevel.objects.default_scale().order_by("order")
    ]


class TensionLevel(models.Model):
    """One step of a tension scale, lowest ``order`` first (e.g. 1 Low ... 5 Critical).

    The scale is data so that a partnership can use the one it already knows
    (some use three steps, some five). Each council may set its own scale
    (``organisation``); a council that has not uses the default scale, which
    has no organisation and is changed only by site staff, so one council's
    administrators never change another council's board. Colours are shown
    with the name, never alone, so the scale does not depend on colour vision
    (WCAG 1.4.1).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The council whose scale this is; empty for the default scale."),
    )
    order = models.PositiveSmallIntegerField(
        help_text=_("Position on the scale: 1 is the lowest tension.")
    )
    name = models.CharField(max_length=60)
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour like #00703c."))],
        help_text=_("Map and tag colour, as #rrggbb."),
    )
    description = models.TextField(
        blank=True, help_text=_("What this level means and what it triggers.")
    )
    is_active = models.BooleanField(
        default=True, help_text=_("Retired levels stay on old assessments but cannot be chosen.")
    )

    objects = TensionLevelQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(condition=Q(order__gte=1), name="tensions_level_order_from_1"),
            models.UniqueConstraint(
                fields=["organisation", "order"], name="tensions_level_one_order_per_scale"
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"], name="tensions_level_one_name_per_scale"
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(organisation__isnull=True),
                name="tensions_level_one_order_in_default_scale",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(organisation__isnull=True),
                name="tensions_level_one_name_in_default_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.name}"

    @property
    def text_colour(self) -> str:
        """Black or white, whichever contrasts more with ``colour`` (WCAG 2.2 relative luminance)."""
        return readable_text_colour(self.colour)


def readable_text_colour(background: str) -> str:
    """``#0b0c0c`` or ``#ffffff``: the text colour with the higher contrast ratio on ``background``.

    Relative luminance and contrast ratio as defined in WCAG 2.2 (Understanding
    SC 1.4.3, "relative luminance"); an unreadable colour gets black text.
    """
    try:
        channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    except (ValueError, IndexError):
        return "#0b0c0c"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    black = (luminance + 0.05) / (0.0033 + 0.05)  # GOV.UK black #0b0c0c has luminance ~0.0033
    white = 1.05 / (luminance + 0.05)
    return "#0b0c0c" if black >= white else "#ffffff"


# --------------------------------------------------------------------------- assessments


class TensionAssessmentQuerySet(AreaKeyedQuerySet):
    """Council and police members see assessments in their scope; council officers write them.

    ``view``: viewer or above in a council or police force covering the area
    (so a ward councillor sees their ward's); ``add``/``change``: officer or
    above in a council covering it; ``delete``: coordinator or above there.
    Reporting centres and other councils see none (404).
    """

    RULES = {
        VIEW: (Role.VIEWER, TENSION_PARTNER_KINDS),
        ADD: (Role.OFFICER, COUNCIL_ONLY),
        CHANGE: (Role.OFFICER, COUNCIL_ONLY),
        DELETE: (Role.COORDINATOR, COUNCIL_ONLY),
    }


class TensionAssessment(AreaKeyedModel):
    """The partnership's judgement of tension in one ward or council for one ISO week."""

    week_start = models.DateField(help_text=_("The Monday of the week assessed."))
    level = models.ForeignKey(TensionLevel, on_delete=models.PROTECT, related_name="assessments")
    rationale = models.TextField(
        help_text=_("Why this level: what has changed and what it rests on.")
    )
    partner_intelligence_summary = models.TextField(
        blank=True,
        help_text=_(
            "What partners told you this week, in summary. Partners add detail themselves."
        ),
    )
    partners_consulted = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        help_text=_("Partner organisations consulted for this assessment."),
    )
    others_consulted = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Anyone else consulted (community leaders, schools), without personal details."
        ),
    )
    actions = models.TextField(blank=True, help_text=_("What will be done in response."))
    linked_reports = models.ManyToManyField(
        "tensions.Report",
        blank=True,
        related_name="tension_assessments",
        help_text=_("Reports that bear on this assessment."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(
        default=False, help_text=_("Made up for the demo or training; labelled wherever it shows.")
    )

    objects = TensionAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "week_start"],
                name="tensions_assessment_one_per_area_and_week",
            ),
        ]
        indexes = [
            models.Index(fields=["council_code", "week_start"], name="tensions_assess_council_week")
        ]

    def __str__(self) -> str:
        return f"{self.area.name}, week of {self.week_start:%d %b %Y}: {self.level.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValueError(f"week_start must be a Monday; {self.week_start} is not.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tensions-assessment-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("A week starts on a Monday.")})
        if self.area_id is not None:
            area_codes(self.area)

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    def snapshot(self) -> dict[str, Any]:
        """The fields a revision records, as plain values."""
        return {
            "level": self.level.name if self.level_id else None,
            "level_order": self.level.order if self.level_id else None,
            "rationale": self.rationale,
            "partner_intelligence_summary": self.partner_intelligence_summary,
            "others_consulted": self.others_consulted,
            "actions": self.actions,
            "partners_consulted": sorted(o.name for o in self.partners_consulted.all())
            if self.pk
            else [],
        }


class AssessmentRevisionQuerySet(AppendOnlyQuerySetMixin, models.QuerySet["AssessmentRevision"]):
    pass


class AssessmentRevision(AppendOnlyModel):
    """One saved version of an assessment: who, when, what it said, and what changed.

    Append-only: revisions are never updated or deleted, and an assessment with
    revisions cannot be deleted (PROTECT), so the history of a judgement is
    always there to be read (STYLE.md, "History is part of the model").
    """

    assessment = models.ForeignKey(
        TensionAssessment, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(TensionLevel, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField(help_text=_("The assessment as saved."))
    changes = models.JSONField(default=dict, help_text=_("Field: [before, after]."))

    objects = AssessmentRevisionQuerySet.as_manager()
    append_only_message = "Assessment history is append-only."

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="tensions_revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.assessment_id}"


# --------------------------------------------------------------------------- intelligence


class PartnerIntelligenceQuerySet(AreaKeyedQuerySet):
    """Partner intelligence is for officers of the council and police, not for viewers.

    ``view`` and ``add``: officer or above in a council or police force
    covering the area (a police liaison adds intelligence for every council
    the force covers); ``change``/``delete``: the same, and only the author's
    own entries unless they are a council coordinator or above.
    """

    RULES = {
        VIEW: (Role.OFFICER, TENSION_PARTNER_KINDS),
        ADD: (Role.OFFICER, TENSION_PARTNER_KINDS),
        CHANGE: (Role.OFFICER, TENSION_PARTNER_KINDS),
        DELETE: (Role.OFFICER, TENSION_PARTNER_KINDS),
    }

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        rows = super().restrict(user, action)
        if action in (CHANGE, DELETE) and not user.is_superuser:
            coordinating = scope_for(user, Role.COORDINATOR, COUNCIL_ONLY)
            rows = rows.filter(Q(author=user) | coordinating.q("council_code", "area_code"))
        return rows


class PartnerIntelligence(AreaKeyedModel):
    """What a partner knows about tension in an area in a given week (no personal details)."""

    class Grading(models.TextChoices):
        # Source evaluation, simplified from the 3x5x2 intelligence grading used by UK police.
        RELIABLE = "reliable", _("Reliable source")
        UNTESTED = "untested", _("Untested source")
        UNRELIABLE = "unreliable", _("Not reliable")

    week_start = models.DateField(help_text=_("The Monday of the week it concerns."))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(
        help_text=_("What you know, without names or details that identify anyone.")
    )
    grading = models.CharField(max_length=20, choices=Grading.choices, default=Grading.UNTESTED)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)

    objects = PartnerIntelligenceQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "-created_at"]
        verbose_name_plural = "partner intelligence"
        indexes = [
            models.Index(fields=["area_code", "week_start"], name="tensions_intel_area_week")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.area.name}, week of {self.week_start:%d %b %Y}"

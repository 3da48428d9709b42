"""Partner organisations and the people who act for them.

Access in Cohesion comes from a **membership**: a person belongs to a partner
organisation (a council, a police force, a reporting centre...) with a role,
and acts within an area scope. The organisation's areas are the scope by
default; a membership may narrow it to some wards or councils. A person may
belong to several organisations and acts for one of them at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import ROLE_RANK, OrganisationKind, Role
from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.places.models import Area


class OrganisationQuerySet(RestrictedQuerySet["Organisation"]):
    def restrict(self, user: object, action: str = "view") -> OrganisationQuerySet:
        from cohesion.accounts.permissions import active_memberships

        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        members = active_memberships(user)
        if action == "view":
            return self.filter(pk__in=[m.organisation_id for m in members])
        if action in ("change", "manage"):
            return self.filter(
                pk__in=[m.organisation_id for m in members if m.role == Role.ADMINISTRATOR]
            )
        return self.none()


class Organisation(models.Model):
    """A partner: a council, police force, health body, school, landlord, charity or reporting centre."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="organisations",
        help_text=_("The councils or wards this organisation works in."),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(RestrictedQuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)

    def restrict(self, user: object, action: str = "view") -> MembershipQuerySet:
        """People see their own memberships; an organisation's administrators see and manage its members.

        ``unlock``: clear the member's sign-in lockout (administrators of the organisation).
        """
        from cohesion.accounts.permissions import active_memberships

        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        admin_of = [
            m.organisation_id for m in active_memberships(user) if m.role == Role.ADMINISTRATOR
        ]
        if action == "view":
            return self.filter(models.Q(user=user) | models.Q(organisation__in=admin_of))
        if action in ("add", "change", "delete", "unlock"):
            return self.filter(organisation__in=admin_of)
        return self.none()


class Membership(models.Model):
    """A person's role in one partner organisation, and the areas they act in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="memberships",
        help_text=_("Leave empty to act in all the organisation's areas."),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="accounts_membership_one_per_user_and_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_membership_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"

    def has_role(self, role: str) -> bool:
        """At least ``role`` (an administrator is also a coordinator, officer and viewer)."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class Profile(models.Model):
    """What a person chooses for themselves, apart from any organisation: their language.

    A signed-in person reads every page in this language, whatever a public page
    left in the browser's language cookie (cohesion/core/languages.py). Empty
    means the site's default. Not a choice list in the database: the languages a
    council offers are a setting (``COHESION_LANGUAGES``) and may change; one no
    longer offered falls back to the default.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohesion_profile"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.language or 'default language'})"

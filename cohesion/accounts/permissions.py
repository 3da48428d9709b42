"""The one place access is decided.

Every model that holds anything beyond public reference data has a queryset
with ``restrict(user, action)`` (the pattern of NetBox's RestrictedQuerySet).
Views fetch records only through it, with :func:`get_for_user`:

- a record the person may not *view* does not exist for them (404), so nobody
  learns that a case exists by guessing its address;
- a record they may view but not change answers 403 to a write.

Actions are ``view``, ``add``, ``change``, ``delete`` and, where a model needs
more, its own verbs (``triage``, ``refer``...), documented on its ``restrict``.

Writes check their *targets* with the same functions. A form field that names
an area, organisation, person or record offers only what ``restrict`` (or a
scope) allows, through :func:`offer_only`, so a value posted from outside the
list is a form error with a plain message, never a saved change; where the
target only becomes checkable once written (a case moved to another ward),
the write re-reads the record through ``restrict`` inside its transaction and
is rolled back if the person could no longer act on it (:func:`may`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from cohesion.accounts.models import Membership, Organisation

_M = TypeVar("_M", bound=models.Model)

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


class RestrictedQuerySet(models.QuerySet[_M]):
    """A queryset that knows who may do what with its rows."""

    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet[_M]:
        raise NotImplementedError(f"{self.model.__name__} must say who may {action} it")


def get_for_user(
    queryset: RestrictedQuerySet[_M], user: Any, action: str = VIEW, **lookup: Any
) -> _M:
    """The one record matching ``lookup`` if ``user`` may ``action`` it.

    404 if they may not even view it; 403 if they may view it but not ``action`` it.
    """
    obj = queryset.restrict(user, VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404("No such record.")
    if action != VIEW and not queryset.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"You may not {action} this record.")
    return obj


def may(source: Any, user: Any, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may ``action`` ``obj``, asked of the same ``restrict`` every read uses.

    ``source`` is a model's manager or restricted queryset (``Report.objects``).
    """
    return bool(source.restrict(user, action).filter(pk=obj.pk).exists())


def offer_only(field: forms.Field, allowed: Any, message: Any) -> None:
    """Offer only ``allowed`` in a choice field and refuse anything else with ``message``.

    ``allowed`` is a queryset for model choice fields, or a list of choices.
    Without this, a value posted from outside the list is either saved (a
    plain field) or refused with Django's own wording; with it, the refusal is
    a form error a person understands, and the list shows only targets the
    person may name.
    """
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = allowed
    elif isinstance(field, forms.ChoiceField):
        field.choices = allowed
    else:
        raise TypeError(f"{type(field).__name__} offers no choices to limit")
    field.error_messages["invalid_choice"] = message
    field.error_messages["invalid_pk_value"] = message


def active_memberships(user: Any) -> list[Membership]:
    """The person's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cohesion_memberships", None)
    if cached is None:
        from cohesion.accounts.models import Membership

        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation")
            .prefetch_related("areas", "organisation__areas")
        )
        user._cohesion_memberships = cached
    return cached


@dataclass(frozen=True)
class AreaScope:
    """The councils and wards a person (or one membership) may act in, as GSS codes.

    A council in scope covers all its wards; a ward in scope covers only itself.
    """

    councils: frozenset[str] = field(default_factory=frozenset)
    wards: frozenset[str] = field(default_factory=frozenset)
    everywhere: bool = False

    def q(self, council_field: str, ward_field: str | None = None) -> Q:
        """A filter for records keyed by council code (and optionally ward code)."""
        if self.everywhere:
            return Q()
        condition = Q(**{f"{council_field}__in": list(self.councils)})
        if ward_field:
            condition |= Q(**{f"{ward_field}__in": list(self.wards)})
        return condition if (self.councils or self.wards) else Q(pk__in=[])

    def covers(self, council_code: str | None, ward_code: str | None = None) -> bool:
        return (
            self.everywhere
            or council_code in self.councils
            or (ward_code is not None and ward_code in self.wards)
        )

    def __or__(self, other: AreaScope) -> AreaScope:
        return AreaScope(
            self.councils | other.councils,
            self.wards | other.wards,
            self.everywhere or other.everywhere,
        )


def membership_scope(membership: Membership) -> AreaScope:
    """The membership's own areas, or else its organisation's, split into councils and wards."""
    return areas_scope(list(membership.areas.all()) or list(membership.organisation.areas.all()))


def organisation_scope(organisation: Organisation) -> AreaScope:
    """Everywhere an organisation works: what a member with no narrower areas acts in."""
    return areas_scope(list(organisation.areas.all()))


def areas_scope(areas: list[Any]) -> AreaScope:
    """Areas split into councils and wards; a larger area covers the councils within it."""
    from cohesion.places.choices import Level

    councils: set[str] = set()
    wards: set[str] = set()
    for area in areas:
        if area.level == Level.WARD:
            wards.add(area.code)
        elif area.level == Level.COUNCIL:
            councils.add(area.code)
        else:
            # A larger area (a police force area, a region) covers the councils within it.
            councils.update(
                area.incoming_relations.filter(from_area__level=Level.COUNCIL).values_list(
                    "from_area__code", flat=True
                )
            )
            councils.update(
                area.children.filter(level=Level.COUNCIL).values_list("code", flat=True)
            )
    return AreaScope(frozenset(councils), frozenset(wards))


def user_scope(
    user: Any, *, min_role: str | None = None, kinds: tuple[str, ...] | None = None
) -> AreaScope:
    """Everything the person may act in, over memberships with at least ``min_role`` in organisations of ``kinds``."""
    if getattr(user, "is_superuser", False):
        return AreaScope(everywhere=True)
    scope = AreaScope()
    for membership in active_memberships(user):
        if min_role and not membership.has_role(min_role):
            continue
        if kinds and membership.organisation.kind not in kinds:
            continue
        scope = scope | membership_scope(membership)
    return scope


def memberships_with(
    user: Any, *, min_role: str | None = None, kinds: tuple[str, ...] | None = None
) -> list[Membership]:
    return [
        m
        for m in active_memberships(user)
        if (min_role is None or m.has_role(min_role))
        and (kinds is None or m.organisation.kind in kinds)
    ]

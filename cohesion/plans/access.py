"""Who may see and change localities, plans, meetings and actions.

The rules of the issue, in one place:

- a plan is visible to members of the partner organisations named on it, within
  their area scope (a ward councillor sees the plans that cover their wards and
  the council's strategy, not another locality's plan); its neighbourhood manager
  always sees it;
- the neighbourhood manager edits the plan (themes, objectives, targets,
  reviews), as do coordinators and administrators of a council among its partners;
- each partner edits its own actions: an officer or above of the action's owner
  organisation changes it;
- outsiders (another council's officer) see nothing: 404.

The querysets in :mod:`cohesion.plans.models` call these functions from their
``restrict`` so that every read and every write target is checked the same way.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import (
    AreaScope,
    active_memberships,
    membership_scope,
    user_scope,
)

NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _ward_councils(wards: frozenset[str]) -> list[str]:
    from cohesion.places.queries import councils_of_wards

    return sorted(councils_of_wards(wards))


def covers_plan_q(scope: AreaScope, prefix: str = "") -> Q:
    """Plans (under ``prefix``) whose council or wards lie in ``scope``.

    A council-wide plan (a strategy, or an issue raised for the whole council) is
    also covered by a scope of some of its wards.
    """
    if scope.everywhere:
        return Q()
    condition = Q(**{f"{prefix}council_code__in": list(scope.councils)})
    if scope.wards:
        condition |= Q(**{f"{prefix}wards__code__in": list(scope.wards)})
        condition |= Q(
            **{
                f"{prefix}council_code__in": _ward_councils(scope.wards),
                f"{prefix}wards__isnull": True,
            }
        )
    return condition


def plan_view_q(user: Any, prefix: str = "") -> Q:
    """The plans ``user`` may read, as a filter on Plan (or on a relation named by ``prefix``)."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not _signed_in(user):
        return NOTHING
    condition = Q(**{f"{prefix}manager": user})
    for membership in active_memberships(user):
        condition |= Q(**{f"{prefix}partners": membership.organisation_id}) & covers_plan_q(
            membership_scope(membership), prefix
        )
    return condition


def plan_edit_q(user: Any, prefix: str = "") -> Q:
    """The plans ``user`` may change: the manager's, and a partner council's coordinators'."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not _signed_in(user):
        return NOTHING
    condition = Q(**{f"{prefix}manager": user})
    for membership in active_memberships(user):
        if membership.organisation.kind != OrganisationKind.COUNCIL:
            continue
        if not membership.has_role(Role.COORDINATOR):
            continue
        scope = membership_scope(membership)
        condition |= Q(**{f"{prefix}partners": membership.organisation_id}) & Q(
            **{f"{prefix}council_code__in": list(scope.councils)}
        )
    return condition


def organisations_acting(user: Any, min_role: str = Role.OFFICER) -> list[int]:
    """The organisations ``user`` acts for with at least ``min_role``."""
    return [m.organisation_id for m in active_memberships(user) if m.has_role(min_role)]


def council_scope(user: Any, min_role: str = Role.VIEWER) -> AreaScope:
    """Where ``user`` holds ``min_role`` in a council or police force: who sees records outside a plan."""
    if not _signed_in(user):
        return AreaScope()
    return user_scope(
        user, min_role=min_role, kinds=(OrganisationKind.COUNCIL, OrganisationKind.POLICE)
    )


def coordinates_council(user: Any, council_code: str) -> bool:
    """A coordinator (or administrator) of a council whose scope covers it: sets its themes, names localities."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(coordinating_memberships(user, council_code))


def coordinating_memberships(user: Any, council_code: str) -> list[Any]:
    """The person's council memberships through which they coordinate ``council_code``."""
    return [
        m
        for m in active_memberships(user)
        if m.organisation.kind == OrganisationKind.COUNCIL
        and m.has_role(Role.COORDINATOR)
        and membership_scope(m).covers(council_code)
    ]


def councils_coordinated(user: Any) -> frozenset[str]:
    """GSS codes of the councils whose localities and themes the person sets."""
    if not _signed_in(user):
        return frozenset()
    return user_scope(user, min_role=Role.COORDINATOR, kinds=(OrganisationKind.COUNCIL,)).councils

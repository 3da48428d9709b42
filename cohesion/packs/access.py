"""Who may make, read and issue packs, in one place.

- An officer (or above) of a council may make, change and issue packs for any
  area in their scope: a ward neighbourhood manager only for their wards, a
  coordinator for the whole council. Another council's officer sees nothing (404).
- Anyone with a membership of the making council whose scope covers the pack's
  area (a ward councillor, an analyst with read-only access) reads the packs
  *issued* for it; drafts stay with the officers.
- A council's template (the sections and headings of each kind) is read by its
  members and changed by its coordinators and administrators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import AreaScope, active_memberships, membership_scope

NOTHING = Q(pk__in=[])
WRITE_ACTIONS = ("add", "change", "issue", "delete")


def _covers_pack_q(scope: AreaScope) -> Q:
    if scope.everywhere:
        return Q()
    condition = Q(council_code__in=list(scope.councils))
    if scope.wards:
        condition |= Q(area_code__in=list(scope.wards))
    return condition if (scope.councils or scope.wards) else NOTHING


def pack_q(user: Any, action: str) -> Q:
    """The packs ``user`` may ``action``, as a filter on Pack."""
    if getattr(user, "is_superuser", False):
        return Q()
    condition = NOTHING
    for membership in active_memberships(user):
        if membership.organisation.kind != OrganisationKind.COUNCIL:
            continue
        mine = Q(organisation_id=membership.organisation_id) & _covers_pack_q(
            membership_scope(membership)
        )
        if membership.has_role(Role.OFFICER):
            condition |= mine
        elif action not in WRITE_ACTIONS:
            condition |= mine & Q(status="issued")
    return condition


def template_q(user: Any, action: str) -> Q:
    """The templates ``user`` may ``action``: members read, coordinators change."""
    if getattr(user, "is_superuser", False):
        return Q()
    ids = [
        m.organisation_id
        for m in active_memberships(user)
        if m.organisation.kind == OrganisationKind.COUNCIL
        and (action == "view" or m.has_role(Role.COORDINATOR))
    ]
    return Q(organisation_id__in=ids) if ids else NOTHING


def maker_scope(user: Any) -> list[tuple[Any, AreaScope]]:
    """The councils ``user`` may make packs for, each with the areas they may make them about."""
    return [
        (m.organisation, membership_scope(m))
        for m in active_memberships(user)
        if m.organisation.kind == OrganisationKind.COUNCIL and m.has_role(Role.OFFICER)
    ]

"""Who may do what with the directory.

The directory is public: anyone may read a published entry, without signing in
(Open Referral UK requires open endpoints). Each entry belongs to a directory
organisation, which may be linked to the partner organisation that maintains it
(``Organisation.partner``):

- **owners** — officers, coordinators and administrators of that partner —
  add and change their own organisation's entries and see them while they are
  drafts or waiting for review;
- **directory coordinators** — coordinators and administrators of the council
  whose directory holds the entry (``council_code``) — change any entry of
  their council's directory and ``review`` it (publish, withdraw).

The rules for each model live on its queryset; this module turns a person into
the filters those querysets use, so the rule is written once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import memberships_with, user_scope

VIEW, ADD, CHANGE, DELETE, REVIEW = "view", "add", "change", "delete", "review"


def owner_partner_ids(user: Any) -> list[int]:
    """The partner organisations whose directory entries the person maintains (officer and above)."""
    return [m.organisation_id for m in memberships_with(user, min_role=Role.OFFICER)]


def coordinated_councils(user: Any) -> frozenset[str]:
    """GSS codes of the councils whose directory the person coordinates."""
    return user_scope(user, min_role=Role.COORDINATOR, kinds=(OrganisationKind.COUNCIL,)).councils


def maintainer_q(user: Any, partner_field: str, council_field: str) -> Q:
    """Rows the person may change: their own organisation's, or their council directory's as coordinator."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{partner_field}__in": owner_partner_ids(user)}) | Q(
        **{f"{council_field}__in": list(coordinated_councils(user))}
    )


def reviewer_q(user: Any, council_field: str) -> Q:
    """Rows the person may publish or withdraw: their council directory's, as coordinator."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{council_field}__in": list(coordinated_councils(user))})


def restrict_entries(
    queryset: Any, user: Any, action: str, *, partner: str, council: str, published: str
) -> Any:
    """The one rule for every directory entry, given where its owner, council and state are.

    ``view``: published entries for everyone, plus what the person maintains;
    ``add``/``change``/``delete``: what the person maintains; ``review``: what they coordinate.
    """
    from cohesion.directory.choices import PublicationState

    if action == VIEW:
        return queryset.filter(
            Q(**{published: PublicationState.PUBLISHED}) | maintainer_q(user, partner, council)
        )
    if action in (ADD, CHANGE, DELETE):
        return queryset.filter(maintainer_q(user, partner, council))
    if action == REVIEW:
        return queryset.filter(reviewer_q(user, council))
    return queryset.none()

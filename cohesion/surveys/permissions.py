"""Who may do what with surveys: the rules behind every survey model's ``restrict``.

Surveys belong to a council. Access comes from memberships of *council* organisations
only (police, health and reporting-centre partners see published indicators, not the
survey workings):

- **view** (results, dashboards, downloads): any member of a council organisation whose
  scope covers the survey's council, or who is scoped to a ward the survey's waves
  target (a ward councillor sees the survey of their ward);
- **manage** (edit the survey and its waves, enter and import responses, run the
  weighting, publish): officers and above whose scope covers the council, or a
  ward-scoped officer when every ward the survey's waves target is one of theirs (a
  neighbourhood manager runs the locality survey of their wards);
- individual responses are seen only by those who may manage the wave.

Everybody else gets 404, so nobody learns that a survey exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import AreaScope, user_scope

VIEW, ADD, CHANGE, DELETE, MANAGE = "view", "add", "change", "delete", "manage"
WRITE_ACTIONS = (ADD, CHANGE, DELETE, MANAGE)
COUNCIL_KINDS = (OrganisationKind.COUNCIL.value,)


@dataclass(frozen=True)
class SurveyScope:
    """The councils and wards a person may see surveys in, and those they may manage them in."""

    view: AreaScope
    manage: AreaScope

    def for_action(self, action: str) -> AreaScope | None:
        if action == VIEW:
            return self.view
        if action in WRITE_ACTIONS:
            return self.manage
        return None


def survey_scope(user: Any) -> SurveyScope:
    """Council-organisation scope of ``user`` for viewing (any role) and managing (officer+)."""
    if not getattr(user, "is_authenticated", False):
        return SurveyScope(AreaScope(), AreaScope())
    return SurveyScope(
        view=user_scope(user, kinds=COUNCIL_KINDS),
        manage=user_scope(user, min_role=Role.OFFICER, kinds=COUNCIL_KINDS),
    )


def councils_touched(scope: AreaScope) -> set[str]:
    """The councils of the scope, with the councils of its wards (GSS codes)."""
    from cohesion.places.queries import councils_of_wards

    return set(scope.councils) | councils_of_wards(scope.wards)


def can_use_surveys(user: Any) -> bool:
    """Whether the survey pages have anything for this person (the navigation uses this)."""
    scope = survey_scope(user).view
    return bool(scope.everywhere or scope.councils or scope.wards)


def can_create_surveys(user: Any) -> bool:
    scope = survey_scope(user).manage
    return bool(scope.everywhere or scope.councils)

"""``{% linked_actions "assessment" assessment.pk %}``: what was raised from a tensions record.

The tensions pages show the actions and issue-based plans raised from a record,
and the buttons to raise more, through this tag, which calls the plans public
function :func:`cohesion.plans.reviews.linked_to`; tensions never reads plans' tables.
"""

from __future__ import annotations

from typing import Any

from django import template

from cohesion.accounts.choices import Role
from cohesion.plans.access import council_scope

register = template.Library()


@register.inclusion_tag("plans/reviews/_linked_actions.html", takes_context=True)
def linked_actions(
    context: dict[str, Any],
    source_kind: str,
    source_id: int,
    council_code: str = "",
    area_code: str = "",
) -> dict[str, Any]:
    from cohesion.plans.reviews import linked_to

    user = context["request"].user
    linked = linked_to(user, source_kind, source_id)
    return {
        "source_kind": source_kind,
        "source_id": source_id,
        "actions": linked.actions,
        "plans": linked.plans,
        "can_raise": council_scope(user, Role.OFFICER).covers(council_code, area_code),
        "can_open_plan": council_scope(user, Role.COORDINATOR).covers(council_code, area_code),
    }

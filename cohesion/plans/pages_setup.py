"""What the plans pages add to Cohesion when it starts: navigation to the plans and the steering group."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _takes_part(request: HttpRequest) -> bool:
    """Signed-in members of a partner organisation (the pages themselves decide what each sees)."""
    from cohesion.accounts.permissions import active_memberships
    from cohesion.core.navigation import signed_in

    return signed_in(request) and bool(
        request.user.is_superuser or active_memberships(request.user)
    )


def register() -> None:
    from cohesion.core import navigation

    navigation.register(
        navigation.NavItem(_("Plans"), "plans-locality-list", order=55, visible=_takes_part)
    )
    navigation.register(
        navigation.NavItem(
            _("Steering group"), "plans-steering-index", order=56, visible=_takes_part
        )
    )

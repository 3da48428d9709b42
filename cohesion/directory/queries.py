"""What other parts of Cohesion read from the directory, through functions rather than its tables."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohesion.core.start import StartItem

__all__ = ["start_page_items"]


def start_page_items(user: Any) -> list[StartItem]:
    """Directory entries waiting for ``user``: each council directory they coordinate, then their own.

    A coordinator sees, per council, the changes waiting for review, the public's
    open reports of mistakes and the published services nobody has confirmed
    within ``COHESION_DIRECTORY_STALE_AFTER_DAYS`` (the review queue). Someone who
    maintains their organisation's entries sees those of them left unchecked.
    """
    from cohesion.directory import maintaining
    from cohesion.directory.models import (
        ChangeStatus,
        MistakeReport,
        MistakeStatus,
        ProposedChange,
        Service,
    )
    from cohesion.directory.permissions import (
        REVIEW,
        VIEW,
        coordinated_councils,
        owner_partner_ids,
    )
    from cohesion.places.queries import get_area

    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    coordinated = sorted(coordinated_councils(user))
    for council in coordinated:
        pending = (
            ProposedChange.objects.restrict(user, REVIEW)
            .filter(council_code=council, status=ChangeStatus.PENDING)
            .count()
        )
        mistakes = (
            MistakeReport.objects.restrict(user, VIEW)
            .filter(council_code=council, status=MistakeStatus.OPEN)
            .count()
        )
        stale = maintaining.stale(Service.objects.filter(council_code=council)).count()
        if not (pending or mistakes or stale):
            continue
        parts = [
            text % {"count": count}
            for count, text in (
                (
                    pending,
                    ngettext("%(count)s change to review", "%(count)s changes to review", pending),
                ),
                (
                    mistakes,
                    ngettext(
                        "%(count)s report of a mistake", "%(count)s reports of mistakes", mistakes
                    ),
                ),
                (stale, ngettext("%(count)s entry to check", "%(count)s entries to check", stale)),
            )
            if count
        ]
        items.append(
            StartItem(
                "directory",
                _("Directory of %(council)s: %(parts)s")
                % {"council": get_area(council).name, "parts": ", ".join(parts)},
                reverse("directory-review-queue", args=[council]),
                count=pending + mistakes + stale,
                urgent=bool(pending or mistakes),
            )
        )
    partners = owner_partner_ids(user)
    if partners:
        # A coordinator's own council's entries are counted in its review queue above.
        own = maintaining.stale(
            Service.objects.filter(organisation__partner__in=partners).exclude(
                council_code__in=coordinated
            )
        ).count()
        if own:
            items.append(
                StartItem(
                    "directory",
                    ngettext(
                        "%(count)s of your organisation's services not checked for %(days)s days",
                        "%(count)s of your organisation's services not checked for %(days)s days",
                        own,
                    )
                    % {"count": own, "days": maintaining.stale_after_days()},
                    reverse("directory-manage"),
                    count=own,
                )
            )
    return items

"""What other parts of Cohesion read from the packs, through functions rather than its tables."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohesion.core.start import StartItem

__all__ = ["start_page_items"]


def start_page_items(user: Any) -> list[StartItem]:
    """The active pack schedules ``user`` manages (council coordinators), with when each is next made.

    A schedule whose last run failed is marked, with the reason, so it is put
    right before the next first working day.
    """
    from cohesion.packs.models import PackSchedule
    from cohesion.packs.periods import next_run
    from cohesion.places.queries import get_area

    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    items = []
    for schedule in PackSchedule.objects.restrict(user, "change").filter(active=True):
        try:
            area = get_area(schedule.area_code).name
        except Http404:
            area = schedule.area_code
        detail = _("Next made on %(day)s") % {
            "day": date_format(next_run(schedule.cadence, today), "j F Y")
        }
        if schedule.last_error:
            detail = _("The last run failed: %(reason)s") % {"reason": schedule.last_error}
        items.append(
            StartItem(
                "packs",
                _("%(kind)s for %(area)s") % {"kind": schedule.get_kind_display(), "area": area},
                reverse("packs-schedule-list"),
                urgent=bool(schedule.last_error),
                detail=detail,
            )
        )
    return items

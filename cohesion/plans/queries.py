"""What other apps read from plans: the plans, targets, actions and reviews covering an area.

Packs (councillor briefings, scrutiny updates) read plans only through these
functions, never the tables. Each returns plain rows of text and numbers, ready
to be frozen in a pack. Plans, targets and action titles are the partnership's
own statements, not personal or case data, so no disclosure control applies;
internal notes and progress notes are never returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohesion.core.start import StartItem
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.plans.calculations.progress import Status
from cohesion.plans.choices import OPEN_ACTION_STATUSES, ActionStatus, MeetingKind, PlanStatus
from cohesion.plans.models import Action, ActionUpdate, Locality, Meeting, Plan, Target

# Plans whose public parts anyone may read: published, active, and in a public locality or none.
PUBLIC_PLANS = Q(is_published=True, status=PlanStatus.ACTIVE, locality__is_public=True) | Q(
    is_published=True, status=PlanStatus.ACTIVE, locality__isnull=True
)


def covering_q(area: Any) -> Q:
    """Plans covering an area: for a council, all of its plans; for a ward (or an area inside one),
    the plans naming that ward and the council-wide plans."""
    chain = [area]
    while chain[-1].parent is not None and len(chain) < 6:
        chain.append(chain[-1].parent)
    council = next((a for a in chain if a.level == Level.COUNCIL), None)
    ward = next((a for a in chain if a.level == Level.WARD), None)
    if council is None:
        return Q(pk__in=[])
    if area.level == Level.COUNCIL:
        return Q(council_code=council.code)
    named = Q(wards__code=ward.code) if ward is not None else Q(pk__in=[])
    return Q(council_code=council.code) & (Q(wards__isnull=True) | named)


def _covering_plan_ids(area_code: str, localities: Sequence[str] | None = None) -> list[int]:
    """Plans covering an area; with ``localities`` (slugs in the council ``area_code``), the plans of those localities."""
    if localities is not None:
        plans = Plan.objects.filter(council_code=area_code, locality__slug__in=list(localities))
    else:
        # A unitary council's code names it at more than one level (council and upper
        # tier): read it as the council or ward, whichever row the database gives first.
        areas = Area.objects.filter(code=area_code).select_related("parent__parent")
        area = areas.filter(level__in=(Level.WARD, Level.COUNCIL)).first() or areas.first()
        if area is None:
            return []
        plans = Plan.objects.filter(covering_q(area))
    return list(plans.exclude(status=PlanStatus.DRAFT).values_list("pk", flat=True).distinct())


@dataclass(frozen=True)
class LocalityFacts:
    """A locality as other apps see it: its council, slug, name and wards (empty for a whole council)."""

    council_code: str
    slug: str
    name: str
    kind: str
    ward_codes: tuple[str, ...]


def localities_in(council_codes: Iterable[str] | None = None) -> list[LocalityFacts]:
    """The localities (and council strategies) of these councils (every council's if None), by council then name."""
    found = Locality.objects.prefetch_related("wards").order_by("council_code", "name")
    if council_codes is not None:
        found = found.filter(council_code__in=list(council_codes))
    return [
        LocalityFacts(
            council_code=locality.council_code,
            slug=locality.slug,
            name=locality.name,
            kind=locality.kind,
            ward_codes=tuple(sorted(ward.code for ward in locality.wards.all())),
        )
        for locality in found
    ]


def _status_label(code: str) -> str:
    return Status(code).label if code in Status._value2member_map_ else code


def plans_covering(area_code: str) -> list[dict[str, str]]:
    """One row per target and per open action of the plans covering an area: plan, target, status, action."""
    plan_ids = _covering_plan_ids(area_code)
    rows: list[dict[str, str]] = []
    for target in Target.objects.filter(plan_id__in=plan_ids).select_related("plan"):
        rows.append(
            {
                "plan": target.plan.title,
                "target": target.title,
                "status": _status_label(target.shown_status),
                "action": "",
            }
        )
    for action in Action.objects.filter(
        plan_id__in=plan_ids, status__in=OPEN_ACTION_STATUSES
    ).select_related("plan"):
        rows.append(
            {
                "plan": action.plan.title if action.plan else "",
                "target": "",
                "status": str(action.get_status_display()),
                "action": action.title,
            }
        )
    return rows


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def target_rows(
    area_code: str, start: dt.date, end: dt.date, localities: Sequence[str] | None = None
) -> list[list[Any]]:
    """Targets of the plans covering an area: target, baseline, latest, target value, status, why."""
    rows: list[list[Any]] = []
    for target in Target.objects.filter(
        plan_id__in=_covering_plan_ids(area_code, localities)
    ).order_by("plan__title", "order", "pk"):
        status = _status_label(target.shown_status)
        if target.manual_status:
            status = _("%(shown)s (set by hand; computed: %(computed)s)") % {
                "shown": status,
                "computed": _status_label(target.computed_status),
            }
        rows.append(
            [
                target.title,
                f"{_number(target.baseline_value)} ({target.baseline_end:%b %Y})",
                ""
                if target.computed_latest_value is None
                else f"{_number(target.computed_latest_value)} ({target.computed_latest_end:%b %Y})"
                if target.computed_latest_end
                else _number(target.computed_latest_value),
                f"{_number(target.target_value)} ({target.target_date:%d %b %Y})",
                status,
                target.manual_reason if target.manual_status else target.computed_explanation,
            ]
        )
    return rows


def action_rows(
    area_code: str, start: dt.date, end: dt.date, localities: Sequence[str] | None = None
) -> list[list[Any]]:
    """Actions done or dropped in the period, and those overdue at its end: action, lead, due, state."""
    plan_ids = _covering_plan_ids(area_code, localities)
    closed_in_period = set(
        ActionUpdate.objects.filter(
            action__plan_id__in=plan_ids,
            new_status__in=(ActionStatus.DONE, ActionStatus.DROPPED),
            at__date__gte=start,
            at__date__lte=end,
        ).values_list("action_id", flat=True)
    )
    rows: list[list[Any]] = []
    for action in (
        Action.objects.filter(plan_id__in=plan_ids)
        .select_related("owner_organisation", "plan__locality")
        .order_by("due_on", "pk")
    ):
        if action.status in (ActionStatus.DONE, ActionStatus.DROPPED):
            if action.pk not in closed_in_period:
                continue
            state = str(action.get_status_display())
            if action.status == ActionStatus.DROPPED:
                state = _("Dropped: %(reason)s") % {"reason": action.dropped_reason}
        elif action.due_on is not None and action.due_on < end:
            state = _("Overdue (%(status)s)") % {"status": action.get_status_display()}
        else:
            continue
        title = action.title
        if localities is not None and len(localities) > 1 and action.plan is not None:
            # Several localities' plans can share an action's wording: say whose it is.
            locality = action.plan.locality
            title = f"{title} ({locality.name if locality else action.plan.title})"
        rows.append(
            [
                title,
                action.owner_organisation.name,
                action.due_on.isoformat() if action.due_on else "",
                state,
            ]
        )
    return rows


def review_rows(
    area_code: str, start: dt.date, end: dt.date, localities: Sequence[str] | None = None
) -> list[list[Any]]:
    """Plan reviews and partnership meetings on those plans held in the period: date, meeting, decisions."""
    rows: list[list[Any]] = []
    for meeting in (
        Meeting.objects.filter(
            plan_id__in=_covering_plan_ids(area_code, localities),
            held_on__gte=start,
            held_on__lte=end,
        )
        .select_related("plan")
        .order_by("held_on", "pk")
    ):
        name = str(meeting.get_kind_display())
        if meeting.kind == MeetingKind.PLAN_REVIEW and meeting.plan is not None:
            name = _("%(kind)s: %(plan)s") % {"kind": name, "plan": meeting.plan.title}
        rows.append([meeting.held_on.isoformat(), name, meeting.decisions])
    return rows


# --- For the partnership programme: public localities and the actions an event may serve ---


def public_localities(council_code: str) -> list[dict[str, Any]]:
    """A council's public localities: name, slug and ward codes (empty for the whole council)."""
    from cohesion.plans.models import Locality

    return [
        {
            "name": locality.name,
            "slug": locality.slug,
            "ward_codes": sorted(ward.code for ward in locality.wards.all()),
        }
        for locality in Locality.objects.filter(council_code=council_code, is_public=True)
        .prefetch_related("wards")
        .order_by("name")
    ]


def public_locality(council_code: str, slug: str) -> dict[str, Any] | None:
    """One public locality of a council by its slug, as :func:`public_localities` gives it; or None."""
    return next((x for x in public_localities(council_code) if x["slug"] == slug), None)


def actions_readable(user: Any, council_code: str) -> list[tuple[int, str]]:
    """The open actions of a council ``user`` may read, as (id, title), for linking an event to one."""
    return [(pk, title) for pk, title, _council in open_actions_in(user, [council_code])]


def open_actions_in(user: Any, council_codes: Iterable[str] | None) -> list[tuple[int, str, str]]:
    """The open actions ``user`` may read in these councils (all councils for ``None``),
    as (id, title, council code), for linking a record to them."""
    from cohesion.accounts.permissions import VIEW

    actions = Action.objects.restrict(user, VIEW).filter(status__in=OPEN_ACTION_STATUSES)
    if council_codes is not None:
        actions = actions.filter(council_code__in=list(council_codes))
    return list(actions.order_by("title", "pk").values_list("pk", "title", "council_code")[:500])


def actions_delivering(user: Any, council_code: str, service_id: str) -> list[dict[str, Any]]:
    """The plan actions of a council that name directory service ``service_id``, as ``user`` may see them.

    Each is a dict of ``title``, ``status`` (its label), ``plan`` (title) and ``url``:
    the action's page for someone who may read the action, else the public locality
    page (or empty). Someone who may not read an action sees it only when it is a
    public action of a public plan (published and active).
    """
    from cohesion.accounts.permissions import VIEW

    needle = str(service_id)
    candidates = Action.objects.filter(
        council_code=council_code, plan__isnull=False, service_ids__icontains=f'"{needle}"'
    )
    readable = set(candidates.restrict(user, VIEW).values_list("pk", flat=True))
    public = Q(is_public=True, plan__in=Plan.objects.filter(PUBLIC_PLANS).values("pk"))
    rows = []
    for action in (
        candidates.filter(Q(pk__in=readable) | public)
        .select_related("plan__locality")
        .order_by("plan__title", "due_on", "pk")
    ):
        if needle not in [str(s) for s in action.service_ids]:
            continue
        plan = action.plan
        assert plan is not None
        if action.pk in readable:
            url = reverse("plans-action", args=[action.pk])
        elif plan.locality is not None:
            url = reverse("plans-locality-public", args=[council_code, plan.locality.slug])
        else:
            url = ""
        rows.append(
            {
                "title": action.title,
                "status": str(action.get_status_display()),
                "plan": plan.title,
                "url": url,
            }
        )
    return rows


# --------------------------------------------------------------------------- the start page

DUE_SOON_DAYS = 7  # an action or review due within a week appears on the start page
START_PAGE_ACTIONS = 5  # actions listed by name; more are counted


def start_page_items(user: Any) -> list[StartItem]:
    """The actions ``user`` owns that are due within a week or late, and the reviews due of plans they edit.

    An action is the person's when it names them, or names no one and they
    manage its plan; only actions they may change are counted. A review is due
    ``review_every_days`` after the last (or the plan's start).
    """
    from cohesion.accounts.permissions import CHANGE
    from cohesion.plans.overview import last_reviews

    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    mine = (
        Action.objects.restrict(user, CHANGE)
        .filter(status__in=OPEN_ACTION_STATUSES, due_on__lte=soon)
        .filter(Q(owner_person_id=user.pk) | Q(owner_person__isnull=True, plan__manager=user.pk))
        .order_by("due_on", "pk")
    )
    items = []
    actions = list(mine.values_list("pk", "title", "due_on")[: START_PAGE_ACTIONS + 1])
    for pk, title, due_on in actions[:START_PAGE_ACTIONS]:
        if due_on is None:  # not reached: the filter needs a due date
            continue
        late = due_on < today
        items.append(
            StartItem(
                "plans",
                title,
                reverse("plans-action", args=[pk]),
                urgent=late,
                detail=(_("Overdue since %(day)s") if late else _("Due on %(day)s"))
                % {"day": date_format(due_on, "j F Y")},
            )
        )
    if len(actions) > START_PAGE_ACTIONS:
        more = mine.count() - START_PAGE_ACTIONS
        items.append(
            StartItem(
                "plans",
                ngettext("and %(count)s more action due", "and %(count)s more actions due", more)
                % {"count": more},
                reverse("plans-steering-index"),
                count=more,
            )
        )
    plans = list(
        Plan.objects.restrict(user, CHANGE)
        .filter(status=PlanStatus.ACTIVE, starts_on__lte=today)
        .order_by("title", "pk")
        .only("pk", "title", "starts_on", "review_every_days")
    )
    last = last_reviews([p.pk for p in plans])
    for plan in plans:
        due = (last.get(plan.pk) or plan.starts_on) + dt.timedelta(days=plan.review_every_days)
        if due > soon:
            continue
        items.append(
            StartItem(
                "plans",
                _("Review of %(plan)s") % {"plan": plan.title},
                reverse("plans-review-add", args=[plan.pk]),
                urgent=due < today,
                detail=(_("Overdue since %(day)s") if due < today else _("Due on %(day)s"))
                % {"day": date_format(due, "j F Y")},
            )
        )
    return items

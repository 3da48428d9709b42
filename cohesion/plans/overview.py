"""What the plans pages show, gathered in a fixed number of queries however many plans and actions.

The steering-group page, a locality's page and a plan's page each read counts and
statuses with grouped queries (never one query per plan or action), roll progress
up with :mod:`cohesion.plans.calculations.rollup`, and take target statuses from
the stored ``computed_*`` fields (see :class:`cohesion.plans.models.Target`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from cohesion.plans.calculations.rollup import (
    AMBER,
    GREEN,
    GREY,
    RED,
    ActionRow,
    Rollup,
    plan_rollup,
    theme_rag,
)
from cohesion.plans.choices import OPEN_ACTION_STATUSES, MeetingKind, PlanStatus
from cohesion.plans.models import (
    Action,
    CouncilTheme,
    Escalation,
    Meeting,
    Objective,
    Plan,
    PlanTheme,
    Target,
)

RAG_LABELS = {
    RED: _("Off track"),
    AMBER: _("At risk"),
    GREEN: _("On track"),
    GREY: _("No actions yet"),
}
RAG_TAGS = {
    RED: "govuk-tag--red",
    AMBER: "govuk-tag--yellow",
    GREEN: "govuk-tag--green",
    GREY: "govuk-tag--grey",
}
OFF_TRACK_TARGETS = ("deterioration", "limited_progress", "needs_acceleration")


def shown_status_q(statuses: Sequence[str]) -> Q:
    """Targets whose shown status (the manual one where set, else the computed one) is in ``statuses``."""
    return Q(manual_status__in=statuses) | Q(manual_status="", computed_status__in=statuses)


@dataclass
class Cell:
    """One theme of one plan on the steering-group page."""

    rag: str
    progress: float | None = None
    theme: PlanTheme | None = None

    @property
    def label(self) -> str:
        return str(RAG_LABELS[self.rag])

    @property
    def tag(self) -> str:
        return RAG_TAGS[self.rag]


@dataclass
class PlanRow:
    plan: Plan
    progress: float | None
    cells: list[Cell | None] = field(default_factory=list)
    last_review: dt.date | None = None
    review_missed: bool = False
    open_actions: int = 0
    overdue_actions: int = 0


def rollups(plan_ids: Sequence[int]) -> dict[int, Rollup]:
    """Each plan's roll-up, in three queries for any number of plans."""
    themes: dict[int, dict[int, float]] = defaultdict(dict)
    for pk, plan_id, weight in PlanTheme.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "plan_id", "weight"
    ):
        themes[plan_id][pk] = weight
    objectives: dict[int, dict[int, tuple[int, float]]] = defaultdict(dict)
    for pk, plan_id, theme_id, weight in Objective.objects.filter(
        theme__plan_id__in=plan_ids
    ).values_list("pk", "theme__plan_id", "theme_id", "weight"):
        objectives[plan_id][pk] = (theme_id, weight)
    actions: dict[int, list[ActionRow]] = defaultdict(list)
    for plan_id, status, progress, weight, theme_id, objective_id in Action.objects.filter(
        plan_id__in=plan_ids
    ).values_list("plan_id", "status", "progress", "weight", "theme_id", "objective_id"):
        actions[plan_id].append(ActionRow(status, progress, weight, theme_id, objective_id))
    return {pk: plan_rollup(themes[pk], objectives[pk], actions[pk]) for pk in plan_ids}


def last_reviews(plan_ids: Sequence[int]) -> dict[int, dt.date]:
    return dict(
        Meeting.objects.filter(plan_id__in=plan_ids, kind=MeetingKind.PLAN_REVIEW)
        .values("plan_id")
        .annotate(last=Max("held_on"))
        .values_list("plan_id", "last")
    )


def review_missed(plan: Plan, last: dt.date | None, today: dt.date) -> bool:
    """A review is missed when more than ``review_every_days`` have passed since the last (or the start)."""
    if plan.status != PlanStatus.ACTIVE or plan.starts_on > today:
        return False
    since = last or plan.starts_on
    return (today - since).days > plan.review_every_days


@dataclass
class Steering:
    council_themes: list[CouncilTheme]
    rows: list[PlanRow]
    off_track_targets: list[Target]
    overdue_actions: list[Action]
    overdue_count: int
    missed_reviews: list[PlanRow]
    escalations: list[Escalation]


def steering(user: Any, plans: Iterable[Plan], council_code: str, today: dt.date) -> Steering:
    """Localities × themes, targets off track, overdue actions, missed reviews and open escalations."""
    plans = list(plans)
    plan_ids = [p.pk for p in plans]
    council_themes = list(CouncilTheme.objects.filter(council_code=council_code, is_active=True))
    column = {t.pk: i for i, t in enumerate(council_themes)}
    by_name = {t.name.casefold(): i for i, t in enumerate(council_themes)}
    plan_themes: dict[int, list[PlanTheme]] = defaultdict(list)
    for theme in PlanTheme.objects.filter(plan_id__in=plan_ids):
        plan_themes[theme.plan_id].append(theme)
    statuses: dict[int, list[str]] = defaultdict(list)
    overdue_by_theme: dict[int, int] = defaultdict(int)
    open_by_plan: dict[int, int] = defaultdict(int)
    overdue_by_plan: dict[int, int] = defaultdict(int)
    for plan_id, theme_id, status, count, overdue in (
        Action.objects.filter(plan_id__in=plan_ids)
        .values("plan_id", "theme_id", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today, status__in=OPEN_ACTION_STATUSES)),
        )
        .values_list("plan_id", "theme_id", "status", "n", "overdue")
    ):
        if theme_id is not None:
            statuses[theme_id].append(status)
            overdue_by_theme[theme_id] += overdue
        if status in OPEN_ACTION_STATUSES:
            open_by_plan[plan_id] += count
        overdue_by_plan[plan_id] += overdue
    target_statuses: dict[int, list[str]] = defaultdict(list)
    for theme_id, manual, computed in Target.objects.filter(
        plan_id__in=plan_ids, theme__isnull=False
    ).values_list("theme_id", "manual_status", "computed_status"):
        target_statuses[theme_id].append(manual or computed)
    progress = rollups(plan_ids)
    reviews = last_reviews(plan_ids)
    rows = []
    for plan in plans:
        row = PlanRow(
            plan=plan,
            progress=progress[plan.pk].plan,
            cells=[None] * len(council_themes),
            last_review=reviews.get(plan.pk),
            open_actions=open_by_plan[plan.pk],
            overdue_actions=overdue_by_plan[plan.pk],
        )
        row.review_missed = review_missed(plan, row.last_review, today)
        for theme in plan_themes[plan.pk]:
            index = column.get(theme.council_theme_id or -1, by_name.get(theme.name.casefold()))
            if index is None:
                continue
            row.cells[index] = Cell(
                rag=theme_rag(
                    statuses[theme.pk], overdue_by_theme[theme.pk], target_statuses[theme.pk]
                ),
                progress=progress[plan.pk].themes.get(theme.pk),
                theme=theme,
            )
        rows.append(row)
    overdue = Action.objects.filter(
        plan_id__in=plan_ids, due_on__lt=today, status__in=OPEN_ACTION_STATUSES
    )
    return Steering(
        council_themes=council_themes,
        rows=rows,
        off_track_targets=list(
            Target.objects.filter(plan_id__in=plan_ids)
            .filter(shown_status_q(OFF_TRACK_TARGETS))
            .select_related("plan", "theme")
            .order_by("plan__title", "order", "pk")
        ),
        overdue_actions=list(
            overdue.select_related("plan", "theme", "objective", "owner_organisation").order_by(
                "due_on", "pk"
            )[:100]
        ),
        overdue_count=sum(overdue_by_plan.values()),
        missed_reviews=[row for row in rows if row.review_missed],
        escalations=list(
            Escalation.objects.restrict(user)
            .filter(meeting__council_code=council_code, resolved_at__isnull=True)
            .select_related("plan", "meeting")
        ),
    )


def actions_by_theme(plan: Plan, actions: Iterable[Action]) -> list[tuple[Any, list[Action]]]:
    """A plan's actions grouped under its themes (in the plan's order), then those under none."""
    themes = list(plan.themes.all())
    groups: dict[int | None, list[Action]] = {t.pk: [] for t in themes}
    groups[None] = []
    for action in actions:
        groups.setdefault(action.theme_id, []).append(action)
    result: list[tuple[Any, list[Action]]] = [(t, groups[t.pk]) for t in themes]
    if groups[None]:
        result.append((None, groups[None]))
    return result

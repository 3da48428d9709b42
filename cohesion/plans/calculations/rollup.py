"""Weighted progress rolled up from actions to objectives, themes, plans and localities.

Source: Decidim accountability. ``decidim-accountability``'s ``Result#update_progress!``
sets a result's progress to the average of its children's; Barcelona's
``ResultWithWeightedProgress#update_progress!`` (``AjuntamentdeBarcelona/decidim-barcelona``,
``app/models/decidim/accountability/result_with_weighted_progress.rb``) uses
``children.sum { |r| r.progress * r.weight }`` where the children's weights are
fractions that sum to one, and the plain average when every weight is one.

Adaptations, and why:

- **Weights are whole numbers, normalised.** ``sum(progress × weight) / sum(weight)``
  is Barcelona's sum when the weights sum to one and Decidim's average when every
  weight is one, and it lets a partnership write "this action counts twice"
  without keeping fractions that add up.
- **Done counts as 100.** An action reported done is complete, whatever
  percentage was last typed.
- **Dropped is left out.** A dropped action (with its reason) neither helps nor
  hurts: it leaves the sum and the weights, so dropping the last open action of a
  theme does not make the theme look finished or failed.
- **Nothing to measure is None, not 0.** A theme with no live actions has no
  progress (shown as "no actions yet"), so an empty theme does not drag its plan down.

A theme's children are its objectives and the actions filed under the theme
directly; a plan's are its themes and any action under neither.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DONE = "done"
DROPPED = "dropped"


def action_progress(status: str, progress: float | None) -> float | None:
    """An action's contribution: 100 when done, None when dropped, else its percentage (0–100)."""
    if status == DROPPED:
        return None
    if status == DONE:
        return 100.0
    return float(min(max(progress or 0, 0), 100))


def weighted_progress(parts: Iterable[tuple[float | None, float]]) -> float | None:
    """``sum(progress × weight) / sum(weight)`` over the parts that have a progress and a positive weight."""
    total = 0.0
    weights = 0.0
    for progress, weight in parts:
        if progress is None or weight <= 0:
            continue
        total += progress * weight
        weights += weight
    return total / weights if weights else None


@dataclass(frozen=True)
class ActionRow:
    """What the roll-up needs of an action."""

    status: str
    progress: float | None
    weight: float = 1
    theme_id: int | None = None
    objective_id: int | None = None


@dataclass
class Rollup:
    """Progress (0–100, or None for nothing to measure) at each level of one plan."""

    objectives: dict[int, float | None] = field(default_factory=dict)
    themes: dict[int, float | None] = field(default_factory=dict)
    plan: float | None = None


def plan_rollup(
    themes: Mapping[int, float],
    objectives: Mapping[int, tuple[int, float]],
    actions: Iterable[ActionRow],
) -> Rollup:
    """Roll one plan's actions up: ``themes`` maps id → weight, ``objectives`` id → (theme id, weight)."""
    under_objective: dict[int, list[tuple[float | None, float]]] = defaultdict(list)
    under_theme: dict[int, list[tuple[float | None, float]]] = defaultdict(list)
    under_plan: list[tuple[float | None, float]] = []
    for action in actions:
        part = (action_progress(action.status, action.progress), float(action.weight))
        if action.objective_id is not None and action.objective_id in objectives:
            under_objective[action.objective_id].append(part)
        elif action.theme_id is not None and action.theme_id in themes:
            under_theme[action.theme_id].append(part)
        else:
            under_plan.append(part)
    result = Rollup()
    for objective_id, (theme_id, weight) in objectives.items():
        progress = weighted_progress(under_objective[objective_id])
        result.objectives[objective_id] = progress
        under_theme[theme_id].append((progress, float(weight)))
    for theme_id, weight in themes.items():
        progress = weighted_progress(under_theme[theme_id])
        result.themes[theme_id] = progress
        under_plan.append((progress, float(weight)))
    result.plan = weighted_progress(under_plan)
    return result


# A theme's status on the steering-group page: worst news first. Each has a word, never colour alone.
RED = "red"
AMBER = "amber"
GREEN = "green"
GREY = "grey"

BAD_TARGETS = frozenset({"deterioration", "limited_progress"})
SLOW_TARGETS = frozenset({"needs_acceleration"})
GOOD_TARGETS = frozenset({"achieved", "on_track"})


def theme_rag(action_statuses: Iterable[str], overdue: int, target_statuses: Iterable[str]) -> str:
    """Red, amber, green or grey for one theme of one plan.

    Red: an open action off track or overdue, or a target deteriorating or making
    limited progress. Amber: an action at risk or a target that needs acceleration.
    Green: some action or target and none of the above. Grey: nothing to judge yet.
    """
    actions = [s for s in action_statuses if s != DROPPED]
    targets = list(target_statuses)
    if overdue or "off_track" in actions or BAD_TARGETS.intersection(targets):
        return RED
    if "at_risk" in actions or SLOW_TARGETS.intersection(targets):
        return AMBER
    if actions or GOOD_TARGETS.intersection(targets):
        return GREEN
    return GREY

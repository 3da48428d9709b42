"""The status of a SMART target, computed from its indicator's series.

A target names a baseline (a value for a period), a target value, a target
date and the desired direction (to reduce or to increase the value). Each time
new values arrive its status is recomputed from the latest value:

- **target achieved** — the latest value is at or beyond the target;
- **on track** / **needs acceleration** / **limited progress** /
  **deterioration** — from the ratio of the growth observed since the baseline
  to the growth needed to reach the target on time;
- **change not distinguishable from noise** — the indicator carries an
  interval (a survey estimate, a small count) and the latest value cannot be
  told apart from the baseline, so no progress or deterioration is claimed;
- **not enough data** — nothing has been published since the baseline.

Source: Open SDG's progress measure, ``open-sdg/sdg-build`` ``sdg/ProgressMeasure.py``
(commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67), ``SeriesProgress``:

- ``growth_calculation``: compound annual growth rate
  ``(current / base) ** (1 / (t_current - t_base)) - 1``;
- ``methodology_2`` (a numeric target): observed growth over required growth,
  ``sign * direction * cagr_o / abs(cagr_r)``, where ``cagr_r`` is the growth
  from the baseline to the target by the target year;
- ``get_progress_thresholds`` (method 2): ``high 0.95, med 0.6, low 0``, and
  ``get_progress_status``: ratio >= 0.95 "substantial progress" (here *on
  track*), 0.6 to 0.95 "moderate progress" (*needs acceleration*), 0 to 0.6
  "limited progress", below 0 "deterioration";
- ``is_target_achieved``: checked first; the latest value at or beyond the
  target in the desired direction wins whatever the ratio;
- ``calculate_progress_value``: no result with fewer than two points, or when
  the base and current values differ in sign.

Only Open SDG's method 2 is adapted: every SMART target has a numeric target,
so its method 1 (no target, a default required rate of 1.5 % a year) is not
needed. The target must lie in the desired direction from the baseline (a
ValueError otherwise); then ``sign * direction / abs(cagr_r)`` equals
``1 / cagr_r`` and the ratio is simply observed over required growth.

Adaptations, and why:

- **Time in fractional years from period midpoints.** Monthly counts,
  quarterly rates and survey waves (fieldwork over several weeks) each
  describe a whole period, so each is placed at the middle of it. For whole
  calendar years the differences between midpoints are Open SDG's whole
  years, so its results are reproduced. The target date is a point in time
  ("by 31 March 2027") and is used as it is.
- **Zero and sign changes.** A compound rate is undefined when the baseline,
  the latest value or the target is zero, or when they differ in sign. Open
  SDG substitutes 0.001 for a zero base or target (which makes the required
  rate depend on the unit: 0.001 crimes and 0.001 per 1,000 residents give
  different answers) and gives up on a sign change. Here those cases use
  linear rates instead, ``(value - baseline) / years``, compared the same
  way: reaching zero anti-social behaviour incidents by a date is a straight
  line to zero, whatever the unit. The result says which method it used.
- **Intervals.** When the latest value's interval overlaps the baseline's (or,
  if the baseline has none, contains the baseline value), the change is not
  distinguishable from noise: the status says so rather than claiming
  progress or deterioration, and the trend status is kept alongside. Target
  achieved is judged on the value itself, as in Open SDG.
- **Two points are enough.** Open SDG asks for a year between the base and
  the current value because its data are annual; plans here are reviewed
  monthly, so any period after the baseline counts. A single month of a
  seasonal or small count is noisy: give such series intervals (see
  :func:`cohesion.indicators.calculations.intervals.poisson_interval`) or
  rolling values, and a change within the noise is reported as such.
- **A target date that has passed.** The ratio is computed as usual, but a
  target that was not met by its date is never called *on track*: it becomes
  *needs acceleration*, and the explanation says the date has passed.

All functions are pure: plain values in, a frozen result out, no database.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Open SDG's method 2 thresholds (``get_progress_thresholds``).
ON_TRACK_RATIO = 0.95
NEEDS_ACCELERATION_RATIO = 0.6
LIMITED_PROGRESS_RATIO = 0.0


class Direction(StrEnum):
    """Which way the indicator should move."""

    DECREASE = "decrease"
    INCREASE = "increase"


class Status(StrEnum):
    """A target's status, worst news last."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_DISTINGUISHABLE = "not_distinguishable"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.ACHIEVED: gettext_lazy("Target achieved"),
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.NEEDS_ACCELERATION: gettext_lazy("Needs acceleration"),
    Status.LIMITED_PROGRESS: gettext_lazy("Limited progress"),
    Status.DETERIORATION: gettext_lazy("Deterioration"),
    Status.NOT_DISTINGUISHABLE: gettext_lazy("Change not distinguishable from noise"),
    Status.NOT_ENOUGH_DATA: gettext_lazy("Not enough data"),
}


class Method(StrEnum):
    """How the observed and required rates were measured."""

    COMPOUND = "compound"
    LINEAR = "linear"


@dataclass(frozen=True)
class Observation:
    """One value of an indicator for a period (``start`` and ``end`` inclusive).

    ``lower`` and ``upper`` are its interval where it has one (a survey
    estimate's confidence interval, a small count's Poisson interval).
    ``label`` names the period for people ("2023 Q1", "Wave 2"); without it
    the period is described from its dates.
    """

    start: date
    end: date
    value: float
    lower: float | None = None
    upper: float | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                _("The period ending %(end)s starts after it ends (%(start)s).")
                % {"end": self.end.isoformat(), "start": self.start.isoformat()}
            )
        if not math.isfinite(self.value):
            raise ValueError(
                _("The value for %(period)s is not a number.") % {"period": self.period_name}
            )
        if (self.lower is None) != (self.upper is None):
            raise ValueError(
                _("The interval for %(period)s needs both a lower and an upper bound.")
                % {"period": self.period_name}
            )
        if (
            self.lower is not None
            and self.upper is not None
            and not (self.lower <= self.value <= self.upper)
        ):
            raise ValueError(
                _(
                    "The interval for %(period)s (%(lower)s to %(upper)s) does not contain its value %(value)s."
                )
                % {
                    "period": self.period_name,
                    "lower": _number(self.lower),
                    "upper": _number(self.upper),
                    "value": _number(self.value),
                }
            )

    @property
    def midpoint(self) -> float:
        """The middle of the period, in fractional years."""
        return (fractional_year(self.start) + fractional_year(self.end + timedelta(days=1))) / 2

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None

    @property
    def period_name(self) -> str:
        if self.label:
            return self.label
        if self.start == self.end:
            return _day(self.start)
        last_day = calendar.monthrange(self.end.year, self.end.month)[1]
        whole_months = self.start.day == 1 and self.end.day == last_day
        if whole_months and (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return self.start.strftime("%b %Y")
        if whole_months and (self.start.year, self.start.month, self.end.month) == (
            self.end.year,
            1,
            12,
        ):
            return str(self.start.year)
        return f"{_day(self.start)} – {_day(self.end)}"


@dataclass(frozen=True)
class TargetStatus:
    """What the calculation found, with the figures behind it.

    ``status`` is what to show. ``trend_status`` is what the ratio alone says
    (differs from ``status`` only when the change is not distinguishable from
    noise). Rates are per year: compound growth (0.05 is 5 % a year) or, for
    the linear method, units per year.
    """

    status: Status
    trend_status: Status
    ratio: float | None
    observed_rate: float | None
    required_rate: float | None
    method: Method | None
    baseline: Observation
    latest: Observation | None
    projected_value: float | None
    target_value: float
    target_date: date
    target_date_passed: bool
    explanation: str


def fractional_year(day: date) -> float:
    """``day`` as a year and the fraction of it elapsed at its start (1 July 2024 = 2024.497)."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days_in_year


def target_status(
    series: Sequence[Observation],
    *,
    baseline: Observation,
    target_value: float,
    target_date: date,
    direction: Direction | str,
    name: str = "",
    today: date | None = None,
) -> TargetStatus:
    """The status of a target from the indicator's ``series`` (in any order).

    ``baseline`` is the baseline value and period (with its interval, if any);
    values in ``series`` whose period starts after the baseline's ends are
    the ones that count, and the latest of them is judged. ``today`` decides
    whether the target date has passed (the latest period's end when omitted).
    ``name`` begins the explanation ("Anti-social behaviour per 1,000").

    Raises ValueError, with a message a person can act on, when the target
    date is not after the baseline, the target is not in the desired
    direction from the baseline, a value is not a number, or two values are
    given for the same period.
    """
    try:
        direction = Direction(direction)
    except ValueError:
        raise ValueError(
            _("The direction must be “decrease” or “increase”, not “%(direction)s”.")
            % {"direction": direction}
        ) from None
    if not math.isfinite(target_value):
        raise ValueError(_("The target value is not a number."))
    if target_date <= baseline.end:
        raise ValueError(
            _("The target date (%(target)s) must be after the baseline period (%(baseline)s).")
            % {"target": target_date.isoformat(), "baseline": baseline.period_name}
        )
    if direction == Direction.DECREASE and target_value >= baseline.value:
        raise ValueError(
            _("A target to reduce the value must be below the baseline (%(baseline)s).")
            % {"baseline": _number(baseline.value)}
        )
    if direction == Direction.INCREASE and target_value <= baseline.value:
        raise ValueError(
            _("A target to increase the value must be above the baseline (%(baseline)s).")
            % {"baseline": _number(baseline.value)}
        )
    seen: set[tuple[date, date]] = set()
    for observation in series:
        period = (observation.start, observation.end)
        if period in seen:
            raise ValueError(
                _("Two values are given for %(period)s.") % {"period": observation.period_name}
            )
        seen.add(period)

    subject = name or _("The value")
    after = [o for o in series if o.start > baseline.end]
    if not after:
        explanation = _(
            "%(subject)s was %(value)s in %(period)s; no value has been published since, so progress cannot be judged yet."
        ) % {
            "subject": subject,
            "value": _number(baseline.value),
            "period": baseline.period_name,
        }
        return TargetStatus(
            status=Status.NOT_ENOUGH_DATA,
            trend_status=Status.NOT_ENOUGH_DATA,
            ratio=None,
            observed_rate=None,
            required_rate=None,
            method=None,
            baseline=baseline,
            latest=None,
            projected_value=None,
            target_value=target_value,
            target_date=target_date,
            target_date_passed=(today or baseline.end) > target_date,
            explanation=explanation,
        )

    latest = max(after, key=lambda o: o.midpoint)
    passed = (today or latest.end) > target_date
    t_base = baseline.midpoint
    elapsed = latest.midpoint - t_base
    to_target = fractional_year(target_date) - t_base
    base, current = baseline.value, latest.value

    if _compound_defined(base, current, target_value):
        method = Method.COMPOUND
        observed = (current / base) ** (1 / elapsed) - 1
        required = (target_value / base) ** (1 / to_target) - 1
        projected = base * (1 + observed) ** to_target
    else:
        method = Method.LINEAR
        observed = (current - base) / elapsed
        required = (target_value - base) / to_target
        projected = base + observed * to_target
    ratio = observed / required

    achieved = (direction == Direction.DECREASE and current <= target_value) or (
        direction == Direction.INCREASE and current >= target_value
    )
    if achieved:
        trend = Status.ACHIEVED
    elif ratio >= ON_TRACK_RATIO:
        trend = Status.NEEDS_ACCELERATION if passed else Status.ON_TRACK
    elif ratio >= NEEDS_ACCELERATION_RATIO:
        trend = Status.NEEDS_ACCELERATION
    elif ratio >= LIMITED_PROGRESS_RATIO:
        trend = Status.LIMITED_PROGRESS
    else:
        trend = Status.DETERIORATION
    status = trend
    if not achieved and not _distinguishable(baseline, latest):
        status = Status.NOT_DISTINGUISHABLE

    explanation = _explain(
        subject=subject,
        baseline=baseline,
        latest=latest,
        projected=projected,
        target_value=target_value,
        target_date=target_date,
        passed=passed,
        status=status,
    )
    return TargetStatus(
        status=status,
        trend_status=trend,
        ratio=ratio,
        observed_rate=observed,
        required_rate=required,
        method=method,
        baseline=baseline,
        latest=latest,
        projected_value=projected,
        target_value=target_value,
        target_date=target_date,
        target_date_passed=passed,
        explanation=explanation,
    )


@dataclass(frozen=True)
class ReportedStatus:
    """A computed status and, where someone set one, a manual status with its reason.

    Both are kept so both can be shown: the manual one is what the partnership
    reports (``shown``), the computed one is what the data says.
    """

    computed: TargetStatus
    manual: Status | None = None
    reason: str = ""

    @property
    def shown(self) -> Status:
        return self.manual if self.manual is not None else self.computed.status

    @property
    def overridden(self) -> bool:
        return self.manual is not None and self.manual != self.computed.status


def with_manual_status(
    computed: TargetStatus, manual: Status | str | None, reason: str = ""
) -> ReportedStatus:
    """Combine the computed status with a manual one; a manual status needs a reason."""
    if manual is None or manual == "":
        return ReportedStatus(computed=computed)
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give a reason when setting a target's status by hand."))
    try:
        manual_status = Status(manual)
    except ValueError:
        raise ValueError(_("“%(status)s” is not a target status.") % {"status": manual}) from None
    return ReportedStatus(computed=computed, manual=manual_status, reason=reason)


def _compound_defined(*values: float) -> bool:
    """Compound growth needs every value non-zero and of one sign."""
    return all(v > 0 for v in values) or all(v < 0 for v in values)


def _distinguishable(baseline: Observation, latest: Observation) -> bool:
    """False when the latest value cannot be told apart from the baseline by its intervals."""
    if latest.has_interval and baseline.has_interval:
        assert latest.lower is not None and latest.upper is not None
        assert baseline.lower is not None and baseline.upper is not None
        return latest.lower > baseline.upper or latest.upper < baseline.lower
    if latest.has_interval:
        assert latest.lower is not None and latest.upper is not None
        return not (latest.lower <= baseline.value <= latest.upper)
    if baseline.has_interval:
        assert baseline.lower is not None and baseline.upper is not None
        return not (baseline.lower <= latest.value <= baseline.upper)
    return True


def _explain(
    *,
    subject: str,
    baseline: Observation,
    latest: Observation,
    projected: float,
    target_value: float,
    target_date: date,
    passed: bool,
    status: Status,
) -> str:
    if latest.value < baseline.value:
        moved = _("fell")
    elif latest.value > baseline.value:
        moved = _("rose")
    else:
        moved = _("stayed")
    values = {
        "subject": subject,
        "moved": moved,
        "base": _number(baseline.value),
        "base_period": baseline.period_name,
        "latest": _number(latest.value),
        "latest_period": latest.period_name,
        "projected": _number(projected),
        "target": _number(target_value),
        "date": f"{target_date.day} {target_date:%B %Y}",
        "status": status.label.lower(),
    }
    if moved == _("stayed"):
        first = (
            _("%(subject)s was %(base)s in %(base_period)s and %(latest)s in %(latest_period)s")
            % values
        )
    else:
        first = (
            _(
                "%(subject)s %(moved)s from %(base)s in %(base_period)s to %(latest)s in %(latest_period)s"
            )
            % values
        )
    if status == Status.ACHIEVED:
        rest = _("the target of %(target)s is met: target achieved.") % values
    elif passed:
        rest = _("the target of %(target)s by %(date)s was not met: %(status)s.") % values
    elif status == Status.NOT_DISTINGUISHABLE:
        rest = (
            _(
                "the change is within the margin of error, so it is not distinguishable from noise (target %(target)s by %(date)s)."
            )
            % values
        )
    elif (projected - target_value) * (latest.value - baseline.value) > 0 and abs(
        projected - baseline.value
    ) > 2 * abs(target_value - baseline.value):
        # A compound rate from a short, steep change projects far past the target (a percentage
        # of several thousand): saying the target would be passed is true, the figure is not useful.
        rest = (
            _("at this pace it would pass the target of %(target)s before %(date)s: %(status)s.")
            % values
        )
    else:
        rest = (
            _(
                "at this pace it would be %(projected)s by %(date)s against a target of %(target)s: %(status)s."
            )
            % values
        )
    return f"{first}; {rest}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _number(value: float) -> str:
    """A value for people: thousands separated, at most two decimals, no trailing zeros."""
    text = f"{value:,.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text

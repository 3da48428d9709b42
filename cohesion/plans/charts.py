"""A target's chart drawn on the server as SVG: the indicator's series and the target line.

Time runs left to right in fractional years (period midpoints, as the status
calculation places them). Each value is a dot joined by a line, with its
interval as a vertical bar where it has one; the baseline is a square; the
target line is dashed, from the baseline to the target value at the target
date (the path the required rate of change would follow), ending in a
diamond. Shapes, not colour alone, tell them apart (WCAG 2.2, 1.4.1). The
chart is hidden from screen readers because the page shows the same numbers
as a table; its ``<title>`` and ``<desc>`` describe it when opened alone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cohesion.plans.calculations.progress import Observation, fractional_year

LINE = "#1d70b8"  # GOV.UK blue
TARGET = "#0b0c0c"  # GOV.UK black
BASELINE = "#f47738"  # GOV.UK orange
GRID = "#b1b4b6"  # GOV.UK mid grey

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or 1.0
    raw = span / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.1f}"


def target_chart_svg(
    series: Sequence[Observation],
    *,
    baseline: Observation,
    target_value: float,
    target_date: dt.date,
    title: str,
) -> SafeString:
    """The chart of ``series`` (any order) with the baseline and the target line, as inline SVG."""
    points = sorted(series, key=lambda o: o.midpoint)
    t_target = fractional_year(target_date)
    times = [o.midpoint for o in points] + [baseline.midpoint, t_target]
    values = [target_value, baseline.value]
    for o in (*points, baseline):
        values.append(o.value)
        if o.lower is not None and o.upper is not None:
            values += [o.lower, o.upper]
    t_low, t_high = min(times), max(times)
    t_span = t_high - t_low or 1.0
    ticks = _ticks(min(0.0, min(values)), max(values))
    v_low, v_high = ticks[0], ticks[-1]
    v_span = v_high - v_low or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return round(LEFT + (t - t_low) / t_span * plot_w, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h - (v - v_low) / v_span * plot_h, 1)

    parts: list[str] = []
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="12">'
            f"{escape(_number(tick))}</text>"
        )
    for year in range(math.ceil(t_low), math.floor(t_high) + 1):
        parts.append(
            f'<line x1="{x(year)}" x2="{x(year)}" y1="{TOP}" y2="{TOP + plot_h}" '
            f'stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3"/>'
            f'<text x="{x(year)}" y="{HEIGHT - 12}" text-anchor="middle" font-size="12">{year}</text>'
        )
    for o in points:
        if o.lower is not None and o.upper is not None:
            parts.append(
                f'<line x1="{x(o.midpoint)}" x2="{x(o.midpoint)}" y1="{y(o.lower)}" '
                f'y2="{y(o.upper)}" stroke="{LINE}" stroke-width="1.5" opacity="0.6"/>'
            )
    if len(points) > 1:
        path = " ".join(f"{x(o.midpoint)},{y(o.value)}" for o in points)
        parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{path}"/>')
    for o in points:
        parts.append(f'<circle cx="{x(o.midpoint)}" cy="{y(o.value)}" r="3" fill="{LINE}"/>')
    bx, by = x(baseline.midpoint), y(baseline.value)
    tx, ty = x(t_target), y(target_value)
    parts.append(
        f'<line x1="{bx}" y1="{by}" x2="{tx}" y2="{ty}" stroke="{TARGET}" stroke-width="2" '
        'stroke-dasharray="6 4"/>'
        f'<rect x="{bx - 5}" y="{by - 5}" width="10" height="10" fill="{BASELINE}" '
        f'stroke="{TARGET}"/>'
        f'<path d="M{tx} {ty - 7} L{tx + 7} {ty} L{tx} {ty + 7} L{tx - 7} {ty} Z" '
        f'fill="#ffffff" stroke="{TARGET}" stroke-width="2"/>'
    )
    description = _(
        "Values from %(first)s to %(last)s; baseline %(baseline)s in %(period)s; "
        "target %(target)s by %(date)s."
    ) % {
        "first": points[0].period_name if points else baseline.period_name,
        "last": points[-1].period_name if points else baseline.period_name,
        "baseline": _number(baseline.value),
        "period": baseline.period_name,
        "target": _number(target_value),
        "date": target_date.isoformat(),
    }
    svg = (
        f'<svg class="cohesion-target-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f"{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text inside is escaped above

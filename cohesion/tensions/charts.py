"""Weekly count charts drawn on the server as SVG, so they need no JavaScript and print well.

One chart shows one series: a bar per week (the count), the early-warning
threshold as a stepped line, and flagged weeks as a dark bar with a marker
above it. The chart is decorative for screen readers (``aria-hidden``) because
every page that shows one also shows the same numbers as a table; its
``<title>`` and ``<desc>`` still describe it for anyone who opens the image
on its own. Colours are from the GOV.UK palette and a flag is shown by shape
(a triangle), not colour alone (WCAG 2.2, 1.4.1).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import date_format
from django.utils.translation import gettext as _

BAR = "#5694ca"  # GOV.UK light blue
FLAGGED = "#d4351c"  # GOV.UK red
THRESHOLD = "#0b0c0c"  # GOV.UK black
GRID = "#b1b4b6"  # GOV.UK mid grey


def _nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... times a power of ten that is at least ``value`` (and at least 1)."""
    if value <= 1:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return int(candidate)
    return int(10 ** (exponent + 1))


def series_chart_svg(
    weeks: Sequence[dt.date],
    counts: Sequence[float | None],
    thresholds: Sequence[float | None],
    flagged: Sequence[bool],
    *,
    title: str,
    threshold_label: str = "Threshold",
    monthly: bool = False,
    width: int = 720,
    height: int = 240,
) -> str:
    """An SVG bar chart of ``counts`` by week, with the threshold line and flagged weeks marked.

    ``thresholds`` may hold None (or NaN) where the method had too little
    history; the line is broken there. A count of None is hidden by disclosure
    control: no bar, an asterisk on the axis. All four sequences must be the same
    length; a ValueError says which is not. Text is escaped, so titles may
    hold any characters. ``monthly`` labels the periods as months (police.uk
    publishes crime by month).
    """
    n = len(weeks)
    for name, values in (("counts", counts), ("thresholds", thresholds), ("flagged", flagged)):
        if len(values) != n:
            raise ValueError(
                f"The chart needs one of each per week: {n} weeks but {len(values)} {name}."
            )
    left, right, top, bottom = 40, 10, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    finite_thresholds = [float(t) for t in thresholds if t is not None and not math.isnan(float(t))]
    known = [float(c) for c in counts if c is not None]
    top_value = _nice_ceiling(max([*known, *finite_thresholds, 1.0]) * 1.15)
    band = plot_w / max(n, 1)
    bar_w = max(1.0, band * 0.7)

    def y(value: float) -> float:
        return top + plot_h - plot_h * (value / top_value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="cohesion-chart" role="img" aria-hidden="true" focusable="false" '
        f'font-family="Arial, sans-serif">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_describe(weeks, counts, flagged, monthly))}</desc>",
    ]
    # Horizontal grid lines with labels: 0, half and the top.
    for tick in (0.0, top_value / 2, float(top_value)):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">{tick:g}</text>'
        )
    for i, (count, flag) in enumerate(zip(counts, flagged, strict=True)):
        x = left + i * band + (band - bar_w) / 2
        value = 0.0 if count is None else float(count)
        if count is None:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y(0) - 3:.1f}" text-anchor="middle" '
                f'font-size="12" class="cohesion-chart-hidden">*</text>'
            )
        if value > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w:.1f}" '
                f'height="{y(0) - y(value):.1f}" fill="{FLAGGED if flag else BAR}"'
                f"{' data-flagged=' + quoteattr('true') if flag else ''}/>"
            )
        if flag:
            cx, cy = x + bar_w / 2, y(value) - 6
            parts.append(
                f'<path d="M{cx - 5:.1f},{cy - 8:.1f} L{cx + 5:.1f},{cy - 8:.1f} L{cx:.1f},{cy:.1f} Z" '
                f'fill="{FLAGGED}" class="cohesion-chart-flag"/>'
            )
    parts.append(_threshold_path(thresholds, left, band, y))
    # Week labels: about eight across the axis, the first and last always, none crowding the last.
    every = max(1, math.ceil(n / 8))
    for i, week in enumerate(weeks):
        if (i % every == 0 and n - 1 - i >= every / 2 + 1) or i == n - 1:
            x = left + i * band + band / 2
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11">{escape(date_format(week, "M y" if monthly else "d M"))}</text>'
            )
    # Legend.
    legend_y = height - 6
    flagged_label = _("Flagged month") if monthly else _("Flagged week")
    parts.append(
        f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{left + 14}" y="{legend_y}" font-size="11">{escape(_("Count"))}</text>'
        f'<line x1="{left + 70}" x2="{left + 90}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{THRESHOLD}" stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{left + 94}" y="{legend_y}" font-size="11">{escape(threshold_label)}</text>'
        f'<path d="M{left + 235},{legend_y - 9} L{left + 245},{legend_y - 9} '
        f'L{left + 240},{legend_y} Z" fill="{FLAGGED}"/>'
        f'<text x="{left + 250}" y="{legend_y}" font-size="11">{escape(flagged_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _threshold_path(
    thresholds: Sequence[float | None], left: float, band: float, y: Callable[[float], float]
) -> str:
    """A stepped line across each week's band, broken where there is no threshold."""
    segments: list[str] = []
    pen_down = False
    for i, t in enumerate(thresholds):
        if t is None or math.isnan(float(t)):
            pen_down = False
            continue
        ty = y(float(t))
        x0, x1 = left + i * band, left + (i + 1) * band
        segments.append(f"{'L' if pen_down else 'M'}{x0:.1f},{ty:.1f} L{x1:.1f},{ty:.1f}")
        pen_down = True
    if not segments:
        return ""
    return (
        f'<path d="{" ".join(segments)}" fill="none" stroke="{THRESHOLD}" stroke-width="2" '
        f'stroke-dasharray="5 3" class="cohesion-chart-threshold"/>'
    )


def _describe(
    weeks: Sequence[dt.date],
    counts: Sequence[float | None],
    flagged: Sequence[bool],
    monthly: bool = False,
) -> str:
    if not weeks:
        return _("No months to show.") if monthly else _("No weeks to show.")
    day = "F Y" if monthly else "d M Y"
    flagged_periods = [date_format(w, day) for w, f in zip(weeks, flagged, strict=True) if f]
    numbers = {
        "first": date_format(weeks[0], day),
        "last": date_format(weeks[-1], day),
        "highest": f"{max((float(c) for c in counts if c is not None), default=0.0):g}",
    }
    if None in counts:  # some counts are hidden: the highest is the highest shown
        text = (
            _("Monthly counts from %(first)s to %(last)s, highest shown %(highest)s.")
            if monthly
            else _("Weekly counts from %(first)s to %(last)s, highest shown %(highest)s.")
        ) % numbers
    else:
        text = (
            _("Monthly counts from %(first)s to %(last)s, highest %(highest)s.")
            if monthly
            else _("Weekly counts from %(first)s to %(last)s, highest %(highest)s.")
        ) % numbers
    if flagged_periods:
        listed = {"periods": ", ".join(flagged_periods)}
        flags = _("Flagged months: %(periods)s.") if monthly else _("Flagged weeks: %(periods)s.")
        return f"{text} {flags % listed}"
    nothing = _("No month was flagged.") if monthly else _("No week was flagged.")
    return f"{text} {nothing}"
